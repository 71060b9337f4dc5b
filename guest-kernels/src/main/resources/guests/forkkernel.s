; forkkernel.s: the paging kernel with fork, copy-on-write, exec, exit/wait, an init process,
; and page reclaim under memory pressure.
;
; The kernel is lib/pagecore.s (its header has the design, the physical memory map and the
; linear layout of a process); this file gives it a small frame pool, so that memory runs
; short, and carries the programs.
;
; What it shows
;   - init (pid 1, the only boot process) runs the programs one after the other: it forks, the
;     child execs the program (`cow`, `hog`, `crasher`), init waits for it and prints its
;     status; when no child is left, wait says -1 (4294967295 printed unsigned).
;   - fork with copy-on-write: `cow` writes X and Y in its heap and forks (every writable
;     page turns read-only + COW in both). The child reads X (the shared frame), writes it (a
;     PAGE fault with P set on a COW page: the kernel copies the frame, "1 copy-on-write" in
;     the summary) and exits. The parent waits, still sees its own X, then writes Y: the child
;     is gone, so the kernel finds itself the frame's last user and only gives W back.
;   - Reclaim driven by the accessed bits: `hog` dirties 40 heap pages, then reads 32 others
;     (clean demand-zero pages) twice, in a pool of 32 frames. When the free list is empty the
;     kernel runs its clock over all user PTEs: A set -> clear A and invlpg; A still clear ->
;     evict: clean demand-zero pages are discarded (they will be demand-zero again), the
;     others are copied to a swap slot (frames shared since a fork, from every sharer at
;     once). Pages come back on their next PAGE fault. hog checks every word it wrote; the
;     summary counts the swaps and discards.
;   - exit and wait with statuses: `crasher` divides by zero and is killed; init collects
;     status 128 + ARITH = 135 for it.
;
; System calls (lib/sysnums.s, implemented by lib/pagecore.s): the programs use fork, exec,
; wait, exit and puts.
;
; Memory: the machine needs SZ >= POOL_END = 0x18800 words (0x4800, then 48 swap slots and
; 32 frames of 1024 words).
;
; Expected console output (exact):
;   [k] forkkernel: paging on, 32 frames, 48 swap slots
;   [1] start init
;   init: running 3 programs, one after the other
;   [2] exec cow
;   cow child: X was 100, now 200
;   [3] exit 0
;   cow parent: X is still 100, child exited with 0
;   cow parent: Y is now 301
;   [2] exit 0
;   init: pid 2 exited with status 0
;   [4] exec hog
;   hog: dirtying 40 pages, then reading 32 clean pages twice
;   hog: 0 wrong words, checksum 5500 (expect 5500), 0 non-zero words in clean pages
;   [4] exit 0
;   init: pid 4 exited with status 0
;   [5] exec crasher
;   crasher: dividing by zero
;   [5] killed: ARITH (insn 0x14440000 at pc 0x100004)
;   init: pid 5 exited with status 135
;   init: done (wait says 4294967295)
;   [1] exit 0
;   [k] done: 4 exited, 1 killed, 4 forks, 2 ticks
;   [k] pages: 106 demand-zero, 1 copy-on-write, 81 swapped out, 41 swapped in, 37 discarded
;
; Exit: poweroff, status 1 (one process failed: crasher).

        .equ QUANTUM, 500
        .equ NPROC, 8
        .equ POOL_FRAMES, 32
        .equ SWAP_SLOTS, 48
        .equ KLOG, 1
        .include "lib/pagecore.s"

kernel_banner:
        .string "forkkernel"
boot_list:
        .word PROG_INIT
        .equ NBOOT, . - boot_list
programs:
        .word name_init,    init,    init_end - init
        .word name_cow,     cow,     cow_end - cow
        .word name_hog,     hog,     hog_end - hog
        .word name_crasher, crasher, crasher_end - crasher
        .equ NPROGS, (. - programs) / PR_WORDS
        .equ PROG_INIT, 0
        .equ PROG_FIRST_CHILD, 1        ; init runs programs 1 .. NPROGS-1
name_init:    .string "init"
name_cow:     .string "cow"
name_hog:     .string "hog"
name_crasher: .string "crasher"

; init: runs each program in turn: fork, exec in the child, wait for it.
init:   .phase USER_TEXT
        li   r2, NPROGS - PROG_FIRST_CHILD
        la   r1, init_hello
        svc  SYS_PUTS
        li   r8, PROG_FIRST_CHILD
init_spawn:
        svc  SYS_FORK
        beqz r1, init_child
        li   r3, -1
        bne  r1, r3, init_reap
        mov  r2, r8
        la   r1, init_nofork
        svc  SYS_PUTS
        j    init_next
init_reap:
        svc  SYS_WAIT                   ; r1 = the child's pid, r2 = its status
        mov  r3, r2
        mov  r2, r1
        la   r1, init_reaped
        svc  SYS_PUTS
init_next:
        addi r8, r8, 1
        li   r2, NPROGS
        bne  r8, r2, init_spawn
        svc  SYS_WAIT                   ; no children left: -1
        mov  r2, r1
        la   r1, init_bye
        svc  SYS_PUTS
        li   r1, 0
        svc  SYS_EXIT
init_child:
        mov  r1, r8
        svc  SYS_EXEC                   ; returns only if there is no such program
        li   r1, 99
        svc  SYS_EXIT
init_hello:
        .string "init: running % programs, one after the other\n"
init_reaped:
        .string "init: pid % exited with status %\n"
init_nofork:
        .string "init: no memory to fork for program %\n"
init_bye:
        .string "init: done (wait says %)\n"
        .dephase
init_end:

; cow: fork with copy-on-write, seen from both sides.
cow:    .phase USER_TEXT
        la   r8, USER_HEAP              ; X
        la   r9, USER_HEAP + PAGE_SIZE  ; Y
        li   r2, 100
        st   r2, 0(r8)
        li   r2, 300
        st   r2, 0(r9)
        svc  SYS_FORK
        beqz r1, cow_child
        li   r3, -1
        beq  r1, r3, cow_nofork
        svc  SYS_WAIT
        mov  r3, r2                     ; the child's status
        ld   r2, 0(r8)                  ; X is still ours: the child wrote its own copy
        la   r1, cow_parent_x
        svc  SYS_PUTS
        li   r2, 301                    ; Y: its frame is ours alone now, W comes back
        st   r2, 0(r9)
        ld   r2, 0(r9)
        la   r1, cow_parent_y
        svc  SYS_PUTS
        li   r1, 0
        svc  SYS_EXIT
cow_nofork:
        la   r1, cow_nofork_msg
        svc  SYS_PUTS
        li   r1, 1
        svc  SYS_EXIT
cow_child:
        ld   r2, 0(r8)                  ; read through the shared, read-only frame
        li   r3, 200
        st   r3, 0(r8)                  ; PAGE (P, W) on a COW page: the kernel copies it
        ld   r3, 0(r8)
        la   r1, cow_child_x
        svc  SYS_PUTS
        li   r1, 0
        svc  SYS_EXIT
cow_child_x:
        .string "cow child: X was %, now %\n"
cow_parent_x:
        .string "cow parent: X is still %, child exited with %\n"
cow_parent_y:
        .string "cow parent: Y is now %\n"
cow_nofork_msg:
        .string "cow: no memory to fork\n"
        .dephase
cow_end:

; hog: more pages than the pool has frames. Page i of the first HOG_DIRTY gets 7i+1 in word 5;
; all are read back and checked; then HOG_CLEAN more pages are only read, twice.
        .equ HOG_DIRTY, 40
        .equ HOG_CLEAN, 32
hog:    .phase USER_TEXT
        li   r2, HOG_DIRTY
        li   r3, HOG_CLEAN
        la   r1, hog_hello
        svc  SYS_PUTS
        la   r8, USER_HEAP + 5
        li   r9, 0
        li   r7, 7
hog_write:
        mul  r2, r9, r7
        addi r2, r2, 1
        st   r2, 0(r8)
        addi r8, r8, PAGE_SIZE
        addi r9, r9, 1
        li   r3, HOG_DIRTY
        bne  r9, r3, hog_write
        la   r8, USER_HEAP + 5
        li   r9, 0
        li   r10, 0                     ; wrong words
        li   r11, 0                     ; checksum
hog_read:
        ld   r2, 0(r8)
        add  r11, r11, r2
        mul  r3, r9, r7
        addi r3, r3, 1
        beq  r2, r3, hog_read_ok
        addi r10, r10, 1
hog_read_ok:
        addi r8, r8, PAGE_SIZE
        addi r9, r9, 1
        li   r3, HOG_DIRTY
        bne  r9, r3, hog_read
        li   r12, 2                     ; passes over the clean pages
        li   r4, 0                      ; non-zero words seen there
hog_clean_pass:
        la   r8, USER_HEAP + HOG_DIRTY * PAGE_SIZE + 5
        li   r9, HOG_CLEAN
hog_clean:
        ld   r2, 0(r8)                  ; only read: the page stays clean (D = 0)
        beqz r2, hog_clean_ok
        addi r4, r4, 1
hog_clean_ok:
        addi r8, r8, PAGE_SIZE
        addi r9, r9, -1
        bnez r9, hog_clean
        addi r12, r12, -1
        bnez r12, hog_clean_pass
        mov  r2, r10
        mov  r3, r11
        la   r1, hog_result
        svc  SYS_PUTS
        add  r1, r10, r4                ; exit 0 when everything read back right
        svc  SYS_EXIT
hog_hello:
        .string "hog: dirtying % pages, then reading % clean pages twice\n"
hog_result:
        .string "hog: % wrong words, checksum % (expect 5500), % non-zero words in clean pages\n"
        .dephase
hog_end:

; crasher: divides by zero.
crasher: .phase USER_TEXT
        la   r1, crasher_msg
        svc  SYS_PUTS
        li   r2, 1
        div  r2, r2, r0                 ; ARITH: killed, status 135 for init
        li   r1, 0
        svc  SYS_EXIT
crasher_msg:
        .string "crasher: dividing by zero\n"
        .dephase
crasher_end:
image_end:
