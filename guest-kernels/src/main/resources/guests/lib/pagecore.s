; lib/pagecore.s: the paging kernel (P = 1) shared by pagekernel.s, forkkernel.s and the
; workload guests. A guest sets the configuration below, includes this file, then supplies its
; user programs.
;
; What the kernel does
;   - Runs itself with paging on and a flat segment (B = 0, L = 2^30) on its own page
;     directory, which maps the kernel's physical memory one to one, supervisor-only (U = 0).
;   - Gives every process its own page directory: entry 0 is the kernel's page table (so the
;     trap handler runs in any address space), entry 1 the process's own page table for the
;     user half. Processes are switched by the timer tick through `mtcr ptbr`.
;   - Fills demand-zero pages (heap and stack) on not-present PAGE faults, forks with
;     copy-on-write (shared frames lose W and gain the software bit COW; a write fault with P
;     set copies the frame, or just restores W when no one else shares it), runs exit/wait and
;     exec of the built-in programs, and reclaims pages with a clock over the accessed bits
;     when the free frames run out: A set -> clear it (invlpg), A still clear on the next turn
;     -> a clean demand-zero page is discarded (it will be demand-zero again), a dirty one is
;     copied to a swap slot in a reserved physical area and its PTE keeps the slot number
;     (a frame shared since a fork leaves every space that maps it at once; the sharers then
;     share the slot). The page the last fault brought in is never the victim, so every
;     instruction gets the two pages it may need, and a pool too small ends in "out of memory"
;     instead of a livelock.
;   - Counts time in user instructions: the tick comes every QUANTUM instructions of user
;     mode (and of the idle loop); the timer is paused while the kernel works. Process ids
;     are handed out 1, 2, 3, ... and never reused.
;   - Kills a process on a fault it cannot fix: a write to a read-only page, a touch of a
;     kernel (supervisor-only) page, an unmapped address outside heap and stack, a privileged
;     or illegal instruction, division by zero, or no memory left.
;   - TLB discipline: every change to a PTE that may be cached (present -> anything else, or a
;     rights change) is followed by `invlpg` when it belongs to the loaded address space, or by
;     `tlbflush` after a bulk change; an address space is left with `mtcr ptbr` before it is
;     freed. Entries made present need no flush (the TLB never caches "not present"). The
;     kernel reads and writes user memory only through its own identity mapping of the frame,
;     found by a software walk. So it runs the same whatever the TLB's size.
;
; Configuration the guest defines BEFORE the .include:
;   QUANTUM      instructions between timer ticks
;   NPROC        process slots (slot 0 is the idle loop), at most 32
;   POOL_FRAMES  page frames for user pages, page tables and directories
;   SWAP_SLOTS   page-sized slots of the swap area (at least 1)
;                (SWAP_SLOTS + POOL_FRAMES <= 1006: the kernel's one page table maps them all)
;   KLOG         0: only kills are reported; 1: also loads, execs, exits and a final summary;
;                2: also every demand-zero fill, copy-on-write copy and swap
; and anywhere in the file:
;   kernel_banner   a .string naming the kernel, printed at boot when KLOG >= 1
;   programs        the program table: per program .word name, code, length (PR_WORDS words)
;   NPROGS          the number of programs
;   boot_list       the program numbers to start at boot, one .word each; NBOOT of them
;   image_end       a label after the last word of the image (checked against the stack)
; User programs are assembled with `.phase USER_TEXT`.
;
; Physical memory (all of it below POOL_END is mapped one to one for the kernel, U = 0)
;
;   0x0000 +------------------------------+
;          | trap area                     |
;   0x0010 | kernel code, data, tables     |
;          | user program images           |
;          +------------------------------+ image_end (must be <= KSTACK_LIMIT)
;   0x3C00 | kernel stack (grows down)     |
;   0x4000 +------------------------------+ KERNEL_PD: the kernel's page directory
;   0x4400 +------------------------------+ KERNEL_PT: its page table (the identity map)
;   0x4800 +------------------------------+ SWAP_BASE: SWAP_SLOTS swap slots of 1024 words
;          +------------------------------+ POOL_BASE: POOL_FRAMES frames: user pages,
;          |                               |   process page directories and page tables
;          +------------------------------+ POOL_END (the machine needs SZ >= POOL_END)
;
; Linear (= virtual: every segment is B = 0, L = 2^30) layout of a process
;
;   0x000000 .. POOL_END      the kernel's identity map, PDE 0, supervisor-only
;   0x100000 USER_TEXT        program text, read-only (U, not W), loaded at exec
;   0x140000 USER_HEAP        demand-zero heap, up to 0x1C0000
;   0x1F0000 USER_STACK_LOW   demand-zero stack, up to 0x200000 = USER_STACK_TOP (initial sp)
;   anything else             not mapped: touching it kills the process
;
; PTE software bits (bits 9..5 are the hardware's "ignored" bits):
;   PTE_COW  (bit 5) present and shared read-only, but logically writable: copy on write
;   PTE_SWAP (bit 6) not present, the frame field holds a swap slot number
;
; System calls: lib/sysnums.s. Power-off value when the last process is gone: the number of
; processes that failed (were killed or exited with a non-zero status); 0 means success.

        .include "sysnums.s"
        .include "proc.s"

        .equ PAGE_SHIFT, 10
        .equ KSTACK_TOP, 0x4000
        .equ KSTACK_LIMIT, 0x3C00
        .equ KERNEL_PD, 0x4000
        .equ KERNEL_PT, 0x4400
        .equ SWAP_BASE, 0x4800
        .equ POOL_BASE, SWAP_BASE + SWAP_SLOTS * PAGE_SIZE
        .equ POOL_END, POOL_BASE + POOL_FRAMES * PAGE_SIZE
        .equ FLAT_L, 0x40000000         ; 2^30: the whole linear space
        .equ USER_PDE, 1                ; the directory entry of the user half
        .equ USER_BASE, 0x100000
        .equ USER_TEXT, USER_BASE
        .equ USER_HEAP, 0x140000
        .equ USER_HEAP_END, 0x1C0000
        .equ USER_STACK_LOW, 0x1F0000
        .equ USER_STACK_TOP, 0x200000
        .equ PTE_COW, 32
        .equ PTE_SWAP, 64
        .equ PTE_KEEP, PTE_W | PTE_U | PTE_COW  ; the rights a page keeps while swapped out
        ; slot fields (lib/proc.s has P_PSW at 4..7 and P_REGS at 8..23)
        .equ P_STATE, 0
        .equ P_WAKE, 1                  ; tick at which a sleeper wakes
        .equ P_PD, 2                    ; physical address of its page directory (0: any)
        .equ P_PARENT, 3                ; parent's slot, 0 if none
        .equ P_STATUS, 24               ; exit status, kept while a zombie
        .equ P_PT, 25                   ; physical address of its user page table
        .equ P_NAME, 26                 ; its program's name
        .equ P_PID, 27                  ; its process id (1, 2, ... in order of creation)
        .equ S_FREE, 0
        .equ S_RUN, 1
        .equ S_SLEEP, 2
        .equ S_WAIT, 3                  ; in wait(), for a child to exit
        .equ S_ZOMBIE, 4                ; exited, status not collected yet
        .equ PR_NAME, 0                 ; program table entry: name, code, length
        .equ PR_CODE, 1
        .equ PR_LEN, 2
        .equ PR_WORDS, 3

; klog_below LEVEL, LABEL: branch to LABEL unless KLOG >= LEVEL (clobbers r2).
        .macro klog_below level, label
        li   r2, KLOG - \level
        blt  r2, r0, \label
        .endm

        .org 16
; ---------------------------------------------------------------- boot (P = 0)
_start: li   sp, KSTACK_TOP
        li   r2, POOL_END
        bltu r1, r2, boot_too_small     ; r1 = SZ
        la   r2, image_end
        li   r3, KSTACK_LIMIT
        bltu r3, r2, boot_too_big
        li   r2, POOL_END               ; (a configuration error: more than one page table maps)
        li   r3, USER_BASE
        bltu r3, r2, boot_too_big
        li   r2, KERNEL_PT              ; the identity map of [0, POOL_END), supervisor-only
        li   r3, 0
        li   r4, POOL_END
boot_map:
        ori  r5, r3, PTE_P | PTE_W
        st   r5, 0(r2)
        addi r2, r2, 1
        addi r3, r3, PAGE_SIZE
        bltu r3, r4, boot_map
        li   r2, KERNEL_PT | PTE_P | PTE_W
        st   r2, KERNEL_PD(r0)
        li   r2, 0                      ; the free list, pushed top down so that frames are
        li   r3, POOL_END               ; handed out in ascending order
        li   r4, POOL_BASE
boot_free:
        addi r3, r3, -PAGE_SIZE
        st   r2, 0(r3)                  ; a free frame's word 0 links to the next
        mov  r2, r3
        bne  r3, r4, boot_free
        st   r2, free_head(r0)
        li   r2, PSW_S | PSW_P          ; trap PSW: supervisor, paging, I = 0, flat
        st   r2, NEW_PSW(r0)
        st   r0, NEW_PSW+1(r0)
        li   r2, FLAT_L
        st   r2, NEW_PSW+2(r0)
        la   r2, trap_entry
        st   r2, NEW_PSW+3(r0)
        li   r2, KERNEL_PD
        mtcr ptbr, r2
        st   r2, cur_ptbr(r0)
        lpsw boot_paged_psw(r0)         ; paging on: the identity map keeps us where we are
boot_paged_psw:
        .word PSW_S | PSW_P, 0, FLAT_L, boot_paged

boot_too_small:
        la   r1, msg_small
        j    boot_die
boot_too_big:
        la   r1, msg_big
boot_die:
        call puts
        li   r1, 255
        out  r1, POWER

; ---------------------------------------------------------------- boot (P = 1)
boot_paged:
        klog_below 1, boot_quiet
        la   r1, msg_boot
        call puts
        la   r1, kernel_banner
        call puts
        la   r1, msg_boot_pool
        call puts
        li   r1, POOL_FRAMES
        call putdec
        la   r1, msg_boot_swap
        call puts
        li   r1, SWAP_SLOTS
        call putdec
        la   r1, msg_boot_end
        call puts
boot_quiet:
        la   r8, proc_table             ; slot 0: the idle loop, in whatever space is loaded
        li   r2, PSW_S | PSW_P | PSW_I
        st   r2, P_PSW(r8)
        st   r0, P_PSW+1(r8)
        li   r2, FLAT_L
        st   r2, P_PSW+2(r8)
        la   r2, idle_loop
        st   r2, P_PSW+3(r8)
        st   r0, P_PD(r8)
        st   r8, cur_proc(r0)
        la   r9, boot_list
        li   r10, NBOOT
boot_start:
        ld   r1, 0(r9)
        call proc_create
        beqz r1, boot_no_room
        addi r9, r9, 1
        addi r10, r10, -1
        bnez r10, boot_start
        j    schedule                   ; (dispatch starts the timer with slice_left)
boot_no_room:
        la   r1, msg_noroom
        j    boot_die

; The idle "process" (slot 0): waits for the tick in supervisor mode with I = 1.
idle_loop:
        j    idle_loop

; ---------------------------------------------------------------- trap entry
; Every trap arrives with (s, P=1, I=0, B=0, L=2^30) in the interrupted process's address
; space, whose PDE 0 maps the kernel. r13 = the current slot from here on.
;
; Time: the tick comes every QUANTUM instructions of user mode (and of the idle loop); the
; kernel's own work is not counted. The entry saves what is left of the slice, dispatch loads
; it back into the timer as the very last thing before lpsw. So a process whose page fault
; costs the kernel more than a slice still runs the faulting instruction again before it can
; be preempted: paging can thrash but never livelock. (A synchronous trap always leaves at
; least 1 in the timer: a tick due in user mode is delivered before the next fetch.)
trap_entry:
        st   r1, trap_r1(r0)
        mfcr r1, timer                  ; the slice left: the timer is paused in the kernel
        addi r1, r1, 1                  ; (give back the st above)
        st   r1, slice_left(r0)
        ld   r1, trap_r1(r0)
        save_context
        li   sp, KSTACK_TOP
        ld   r2, TRAP_CAUSE(r0)
        li   r3, T_TIMER
        beq  r2, r3, on_timer
        ld   r3, P_PSW(r13)             ; anything else in supervisor mode is a kernel bug
        andi r3, r3, PSW_S
        bnez r3, kernel_panic
        li   r3, T_SVC
        beq  r2, r3, on_svc
        li   r3, T_PAGE
        beq  r2, r3, on_page
        j    on_fault

on_timer:
        li   r2, QUANTUM                ; a new slice
        st   r2, slice_left(r0)
        ld   r2, ticks(r0)
        addi r2, r2, 1
        st   r2, ticks(r0)
        la   r8, proc_table+PROC_WORDS
        la   r9, proc_table_end
timer_wake:
        ld   r3, P_STATE(r8)
        li   r4, S_SLEEP
        bne  r3, r4, timer_next
        ld   r3, P_WAKE(r8)
        bltu r2, r3, timer_next
        li   r4, S_RUN
        st   r4, P_STATE(r8)
timer_next:
        addi r8, r8, PROC_WORDS
        bltu r8, r9, timer_wake
        j    schedule

; A PAGE fault: a not-present page in the heap or stack (demand-zero or swapped out) or a
; write to a copy-on-write page is fixed and the instruction runs again; anything else kills.
on_page:
        ld   r2, TRAP_DETAIL(r0)
        andi r3, r2, ACC_P | ACC_W
        li   r4, ACC_P
        beq  r3, r4, on_fault           ; present, not a write: a user touching a kernel page
        ld   r1, TRAP_VALUE(r0)
        andi r2, r2, ACC_W
        call resolve
        bnez r1, dispatch
        li   r3, 2
        beq  r2, r3, kill_oom
        j    on_fault

; ---------------------------------------------------------------- killing
; "[pid] killed: CAUSE (va 0x.. at pc 0x..)"; PAGE faults say which kind. The status a parent
; sees is 128 + cause.
on_fault:
        mov  r1, r13
        call say_pid
        la   r1, msg_killed
        call puts
        ld   r2, TRAP_CAUSE(r0)
        la   r3, cause_names
        add  r3, r3, r2
        ld   r1, 0(r3)
        call puts
        ld   r2, TRAP_CAUSE(r0)
        li   r3, T_PAGE
        bne  r2, r3, fault_plain
        ld   r2, TRAP_DETAIL(r0)
        la   r1, msg_nopage
        andi r3, r2, ACC_P
        beqz r3, fault_kind             ; not present (and not demand-zero)
        la   r1, msg_kpage
        ld   r3, TRAP_VALUE(r0)
        shri r3, r3, 20
        li   r4, USER_PDE
        bne  r3, r4, fault_kind         ; present, outside the user half: U = 0
        la   r1, msg_ropage             ; present, user: only W can be missing
fault_kind:
        call puts
fault_plain:
        ld   r2, TRAP_CAUSE(r0)
        la   r1, msg_insn
        li   r3, T_SEGMENT
        bltu r2, r3, fault_value
        li   r3, T_PAGE
        bltu r3, r2, fault_value
        la   r1, msg_va
fault_value:
        call puts
        ld   r1, TRAP_VALUE(r0)
        call puthex
        la   r1, msg_atpc
        call puts
        ld   r1, P_PSW+3(r13)
        call puthex
        la   r1, msg_close
        call puts
        ld   r1, TRAP_CAUSE(r0)
        addi r1, r1, 128
        j    proc_killed

kill_oom:
        mov  r1, r13
        call say_pid
        la   r1, msg_oom
        call puts
        li   r1, 128
        j    proc_killed

; ---------------------------------------------------------------- system calls
on_svc: ld   r2, P_PSW+3(r13)           ; resume after the svc
        addi r2, r2, 1
        st   r2, P_PSW+3(r13)
        ld   r2, TRAP_VALUE(r0)
        li   r3, NSYSCALLS
        bgeu r2, r3, sys_unknown
        la   r3, syscall_table
        add  r3, r3, r2
        ld   r3, 0(r3)
        jalr r0, r3, 0

syscall_table:
        .word sys_exit, sys_putc, sys_puts, sys_yield, sys_getpid, sys_sleep, sys_ticks
        .word sys_fork, sys_wait, sys_exec, sys_pgswap, sys_unmap, sys_getc
        .equ NSYSCALLS, . - syscall_table

sys_unknown:
        li   r2, -1
        j    return_r2

sys_putc:
        ld   r1, P_REGS+1(r13)
        out  r1, CONSOLE
        j    dispatch

; puts reads the string through the caller's page tables by hand (resolve), so a string in a
; swapped-out or not yet touched page works, and a pointer into the kernel kills the caller.
sys_puts:
        ld   r8, P_REGS+1(r13)          ; va of the next character
        addi r9, r13, P_REGS+2          ; the saved register the next '%' prints
puts_user_loop:
        mov  r1, r8
        li   r2, 0
        call resolve
        beqz r1, puts_user_bad
        ld   r1, 0(r1)
        beqz r1, dispatch
        li   r2, '%'
        bne  r1, r2, puts_user_char
        ld   r1, 0(r9)
        addi r2, r13, P_REGS+5
        bgeu r9, r2, puts_user_arg      ; r2, r3, r4, then r5 for every later '%'
        addi r9, r9, 1
puts_user_arg:
        call putdec
        j    puts_user_next
puts_user_char:
        out  r1, CONSOLE
puts_user_next:
        addi r8, r8, 1
        j    puts_user_loop
puts_user_bad:
        li   r3, 2
        beq  r2, r3, kill_oom
        mov  r1, r13
        call say_pid
        la   r1, msg_badptr
        call puts
        li   r1, 128
        j    proc_killed

sys_getc:
        in   r2, CONSOLE
        j    return_r2

sys_yield:
        j    schedule

sys_getpid:
        mov  r1, r13
        call pid_of
        mov  r2, r1
        j    return_r2

sys_sleep:
        ld   r2, P_REGS+1(r13)
        beqz r2, schedule
        ld   r3, ticks(r0)
        add  r2, r2, r3
        st   r2, P_WAKE(r13)
        li   r2, S_SLEEP
        st   r2, P_STATE(r13)
        j    schedule

sys_ticks:
        ld   r2, ticks(r0)
        j    return_r2

; fork: the child gets a new directory and page table in which every user page is shared with
; the parent. Writable pages become read-only + COW in both (so the parent's TLB is flushed),
; swapped-out pages share their slot. Child: r1 = 0; parent: r1 = the child's pid.
sys_fork:
        call slot_alloc
        beqz r1, fork_fail
        mov  r8, r1                     ; the child (still S_FREE, so the clock ignores it)
        call as_create
        beqz r1, fork_fail
        ld   r9, P_PT(r13)              ; parent's PTE
        ld   r10, P_PT(r8)              ; child's PTE
        li   r11, PAGE_SIZE             ; entries left
fork_share:
        ld   r12, 0(r9)
        beqz r12, fork_next
        andi r2, r12, PTE_P
        beqz r2, fork_swapped
        andi r2, r12, PTE_W
        beqz r2, fork_ref               ; read-only or already COW: share as it is
        li   r2, ~PTE_W
        and  r12, r12, r2
        ori  r12, r12, PTE_COW
        st   r12, 0(r9)
fork_ref:
        shri r1, r12, PAGE_SHIFT
        shli r1, r1, PAGE_SHIFT
        call frame_refp
        ld   r2, 0(r1)
        addi r2, r2, 1
        st   r2, 0(r1)
        j    fork_copy
fork_swapped:
        shri r1, r12, PAGE_SHIFT        ; PTE_SWAP: one more PTE names the slot
        la   r2, swap_ref
        add  r1, r1, r2
        ld   r2, 0(r1)
        addi r2, r2, 1
        st   r2, 0(r1)
fork_copy:
        st   r12, 0(r10)
fork_next:
        addi r9, r9, 1
        addi r10, r10, 1
        addi r11, r11, -1
        bnez r11, fork_share
        tlbflush                        ; the parent's writable pages just lost W
        addi r2, r13, P_PSW             ; the child resumes where the parent does
        addi r3, r8, P_PSW
        li   r4, 4 + 16
fork_regs:
        ld   r5, 0(r2)
        st   r5, 0(r3)
        addi r2, r2, 1
        addi r3, r3, 1
        addi r4, r4, -1
        bnez r4, fork_regs
        st   r0, P_REGS+1(r8)           ; fork returns 0 in the child
        mov  r1, r8
        call new_pid
        st   r13, P_PARENT(r8)
        ld   r2, P_NAME(r13)
        st   r2, P_NAME(r8)
        li   r2, S_RUN
        st   r2, P_STATE(r8)
        ld   r2, n_forks(r0)
        addi r2, r2, 1
        st   r2, n_forks(r0)
        mov  r1, r8
        call pid_of
        mov  r2, r1
        j    return_r2
fork_fail:
        li   r2, -1
        j    return_r2

; wait: collect a zombie child (r1 = its pid, r2 = its status), or block until one exits (the
; svc is run again when woken), or return -1 when there are no children.
sys_wait:
        la   r8, proc_table+PROC_WORDS
        la   r9, proc_table_end
        li   r10, 0                     ; live children
wait_scan:
        ld   r2, P_PARENT(r8)
        bne  r2, r13, wait_next
        ld   r2, P_STATE(r8)
        li   r3, S_ZOMBIE
        beq  r2, r3, wait_reap
        addi r10, r10, 1
wait_next:
        addi r8, r8, PROC_WORDS
        bltu r8, r9, wait_scan
        li   r2, -1
        beqz r10, return_r2
        ld   r2, P_PSW+3(r13)           ; block, and run the svc again when a child exits
        addi r2, r2, -1
        st   r2, P_PSW+3(r13)
        li   r2, S_WAIT
        st   r2, P_STATE(r13)
        j    schedule
wait_reap:
        ld   r2, P_STATUS(r8)
        st   r2, P_REGS+2(r13)
        st   r0, P_STATE(r8)            ; S_FREE
        st   r0, P_PARENT(r8)
        mov  r1, r8
        call pid_of
        mov  r2, r1
        j    return_r2

; exec(r1 = program number): replace the caller's pages by a fresh copy of that program.
sys_exec:
        ld   r8, P_REGS+1(r13)
        li   r2, -1
        li   r3, NPROGS
        bgeu r8, r3, return_r2
        call as_clear
        tlbflush                        ; every user PTE of the loaded space just changed
        mov  r1, r13
        mov  r2, r8
        call load_image
        beqz r1, kill_oom
        klog_below 1, dispatch
        mov  r1, r13
        call say_pid
        la   r1, msg_exec
        call puts
        ld   r1, P_NAME(r13)
        call puts
        call putnl
        j    dispatch

; pgswap(r1 = va1, r2 = va2): exchange the two pages' PTEs, so each address now shows the
; other's contents (and rights). Both translations may be cached: invlpg both.
sys_pgswap:
        ld   r1, P_REGS+1(r13)
        call user_pte
        mov  r8, r1
        ld   r1, P_REGS+2(r13)
        call user_pte
        li   r2, -1
        beqz r8, return_r2
        beqz r1, return_r2
        ld   r3, 0(r8)
        ld   r4, 0(r1)
        st   r4, 0(r8)
        st   r3, 0(r1)
        ld   r3, P_REGS+1(r13)
        invlpg r3
        ld   r3, P_REGS+2(r13)
        invlpg r3
        li   r2, 0
        j    return_r2

; unmap(r1 = va): drop the page (its frame or swap slot goes back); the next touch of a heap
; or stack address there gets a fresh zero page.
sys_unmap:
        ld   r1, P_REGS+1(r13)
        call user_pte
        li   r2, -1
        beqz r1, return_r2
        call pte_release
        ld   r3, P_REGS+1(r13)
        invlpg r3                       ; the translation may be cached
        li   r2, 0
        j    return_r2

; Every system call that returns a value comes back through here with it in r2.
return_r2:
        st   r2, P_REGS+1(r13)
        j    dispatch

; ---------------------------------------------------------------- exit
sys_exit:
        ld   r1, P_REGS+1(r13)
        beqz r1, exit_counted
        ld   r2, n_failed(r0)           ; a non-zero status counts as a failure
        addi r2, r2, 1
        st   r2, n_failed(r0)
exit_counted:
        ld   r2, n_exited(r0)
        addi r2, r2, 1
        st   r2, n_exited(r0)
        klog_below 1, proc_exit
        push r1
        mov  r1, r13
        call say_pid
        la   r1, msg_exit
        call puts
        pop  r1
        push r1
        call putdec
        call putnl
        pop  r1
        j    proc_exit

proc_killed:                            ; r1 = status
        ld   r2, n_killed(r0)
        addi r2, r2, 1
        st   r2, n_killed(r0)
        ld   r2, n_failed(r0)
        addi r2, r2, 1
        st   r2, n_failed(r0)
        ; fall through
; proc_exit(r1 = status): free the address space (after leaving it), orphan the children,
; become a zombie for the parent (waking it if it waits) or vanish if there is none.
proc_exit:
        st   r1, P_STATUS(r13)
        li   r2, KERNEL_PD              ; leave the dying space before freeing its tables
        mtcr ptbr, r2
        st   r2, cur_ptbr(r0)
        call as_destroy
        la   r8, proc_table+PROC_WORDS
        la   r9, proc_table_end
exit_orphans:
        ld   r2, P_PARENT(r8)
        bne  r2, r13, exit_orphan_next
        st   r0, P_PARENT(r8)
        ld   r2, P_STATE(r8)
        li   r3, S_ZOMBIE
        bne  r2, r3, exit_orphan_next
        st   r0, P_STATE(r8)            ; nobody will collect it now
exit_orphan_next:
        addi r8, r8, PROC_WORDS
        bltu r8, r9, exit_orphans
        ld   r8, P_PARENT(r13)
        st   r0, P_STATE(r13)
        beqz r8, schedule
        li   r2, S_ZOMBIE
        st   r2, P_STATE(r13)
        ld   r2, P_STATE(r8)
        li   r3, S_WAIT
        bne  r2, r3, schedule
        li   r2, S_RUN                  ; its wait() runs again and finds us
        st   r2, P_STATE(r8)
        j    schedule

kernel_panic:
        la   r1, msg_panic
        call puts
        ld   r1, TRAP_CAUSE(r0)
        call putdec
        la   r1, msg_va
        call puts
        ld   r1, TRAP_VALUE(r0)
        call puthex
        la   r1, msg_atpc
        call puts
        ld   r1, OLD_PSW+3(r0)
        call puthex
        call putnl
        li   r1, 255
        out  r1, POWER

; ---------------------------------------------------------------- scheduler
schedule:
        ld   r8, cur_proc(r0)
        la   r9, proc_table_end
        li   r10, NPROC - 1
sched_next:
        addi r8, r8, PROC_WORDS
        bltu r8, r9, sched_check
        la   r8, proc_table+PROC_WORDS
sched_check:
        ld   r2, P_STATE(r8)
        li   r3, S_RUN
        beq  r2, r3, sched_found
        addi r10, r10, -1
        bnez r10, sched_next
        la   r8, proc_table+PROC_WORDS  ; nothing runnable: idle while somebody sleeps
sched_scan:
        ld   r2, P_STATE(r8)
        li   r3, S_SLEEP
        beq  r2, r3, sched_idle
        addi r8, r8, PROC_WORDS
        bltu r8, r9, sched_scan
        j    finish                     ; (a waiting parent always has a live child)
sched_idle:
        la   r13, proc_table
        j    dispatch
sched_found:
        mov  r13, r8
        ; fall through
; dispatch: run slot r13, switching address spaces if it has its own and it is not loaded.
dispatch:
        ld   r2, P_PD(r13)
        beqz r2, dispatch_go
        ld   r3, cur_ptbr(r0)
        beq  r2, r3, dispatch_go
        mtcr ptbr, r2                   ; also flushes the TLB
        st   r2, cur_ptbr(r0)
dispatch_go:
        resume_psw_prepare
        ld   r2, slice_left(r0)         ; the timer counts the instructions after the mtcr
        addi r2, r2, RESUME_TAIL        ; too: add the ones left in the kernel
        mtcr timer, r2
        resume_registers

finish: klog_below 1, finish_off
        la   r1, msg_done
        call puts
        ld   r1, n_exited(r0)
        call putdec
        la   r1, msg_exited
        call puts
        ld   r1, n_killed(r0)
        call putdec
        la   r1, msg_killed_n
        call puts
        ld   r1, n_forks(r0)
        call putdec
        la   r1, msg_forks
        call puts
        ld   r1, ticks(r0)
        call putdec
        la   r1, msg_ticks
        call puts
        ld   r1, n_demand(r0)
        call putdec
        la   r1, msg_demand
        call puts
        ld   r1, n_cow(r0)
        call putdec
        la   r1, msg_cow
        call puts
        ld   r1, n_swapout(r0)
        call putdec
        la   r1, msg_swapout
        call puts
        ld   r1, n_swapin(r0)
        call putdec
        la   r1, msg_swapin
        call puts
        ld   r1, n_discard(r0)
        call putdec
        la   r1, msg_discard
        call puts
finish_off:
        ld   r1, n_failed(r0)
        out  r1, POWER

; ---------------------------------------------------------------- processes
; slot_alloc: r1 <- a free slot (it stays S_FREE until its owner fills it), or 0.
slot_alloc:
        la   r1, proc_table+PROC_WORDS
        la   r3, proc_table_end
sa_scan:
        ld   r2, P_STATE(r1)
        beqz r2, sa_found
        addi r1, r1, PROC_WORDS
        bltu r1, r3, sa_scan
        li   r1, 0
sa_found:
        ret

; proc_create(r1 = program number): r1 <- a new runnable process running it, or 0.
proc_create:
        push lr
        push r8
        push r9
        mov  r9, r1
        call slot_alloc
        beqz r1, pc_done
        mov  r8, r1
        call as_create
        beqz r1, pc_done
        mov  r1, r8
        mov  r2, r9
        call load_image
        beqz r1, pc_done
        st   r0, P_PARENT(r8)
        mov  r1, r8
        call new_pid
        li   r2, S_RUN
        st   r2, P_STATE(r8)
        klog_below 1, pc_ok
        mov  r1, r8
        call say_pid
        la   r1, msg_start
        call puts
        ld   r1, P_NAME(r8)
        call puts
        call putnl
pc_ok:  mov  r1, r8
pc_done:
        pop  r9
        pop  r8
        pop  lr
        ret

; as_create(r8 = slot): give it a directory (PDE 0: the kernel, PDE 1: a new, empty user page
; table). r1 <- non-zero, or 0 when there is no memory (nothing is left allocated then).
as_create:
        push lr
        call frame_alloc
        beqz r1, asc_done
        st   r1, P_PD(r8)
        call frame_alloc
        bnez r1, asc_pt
        ld   r1, P_PD(r8)
        call frame_free
        li   r1, 0
        j    asc_done
asc_pt: st   r1, P_PT(r8)
        ori  r2, r1, PTE_P | PTE_W | PTE_U
        ld   r3, P_PD(r8)
        st   r2, USER_PDE(r3)
        li   r2, KERNEL_PT | PTE_P | PTE_W
        st   r2, 0(r3)
        li   r1, 1
asc_done:
        pop  lr
        ret

; as_clear(r13 = slot): release every user page (frames and swap slots) of the slot. The
; caller flushes the TLB if the space is loaded.
as_clear:
        push lr
        push r8
        push r9
        ld   r8, P_PT(r13)
        li   r9, PAGE_SIZE
asl_loop:
        mov  r1, r8
        call pte_release
        addi r8, r8, 1
        addi r9, r9, -1
        bnez r9, asl_loop
        pop  r9
        pop  r8
        pop  lr
        ret

; as_destroy(r13 = slot): as_clear, then free the page table and the directory. The space
; must not be loaded.
as_destroy:
        push lr
        call as_clear
        ld   r1, P_PT(r13)
        call frame_free
        ld   r1, P_PD(r13)
        call frame_free
        st   r0, P_PT(r13)
        st   r0, P_PD(r13)
        pop  lr
        ret

; load_image(r1 = slot, r2 = program number): map the program's text read-only at USER_TEXT
; in the slot's (empty) user page table, and set its registers for a fresh start: PC =
; USER_TEXT, sp = USER_STACK_TOP, the rest 0, user mode with paging and the tick.
; r1 <- non-zero, or 0 when memory ran out.
load_image:
        push lr
        push r8
        push r9
        push r10
        push r11
        push r12
        mov  r8, r1
        li   r3, PR_WORDS
        mul  r2, r2, r3
        la   r9, programs
        add  r9, r9, r2                 ; the program's entry
        ld   r2, PR_NAME(r9)
        st   r2, P_NAME(r8)
        ld   r10, PR_CODE(r9)           ; next word to copy
        ld   r11, PR_LEN(r9)            ; words left
        ld   r12, P_PT(r8)              ; PTE of the next text page
li_page:
        beqz r11, li_regs
        call frame_alloc
        beqz r1, li_done
        li   r2, PAGE_SIZE              ; copy a page, or what is left
        bgeu r11, r2, li_count
        mov  r2, r11
li_count:
        sub  r11, r11, r2
        mov  r3, r1
li_copy:
        ld   r4, 0(r10)
        st   r4, 0(r3)
        addi r10, r10, 1
        addi r3, r3, 1
        addi r2, r2, -1
        bnez r2, li_copy
        ; map it only now that it is complete (a reclaim in the next frame_alloc may evict
        ; it): read-only, holding data (D, so the clock swaps it rather than discarding it),
        ; and counted as used (A) so that it survives the clock's first turn
        ori  r1, r1, PTE_P | PTE_U | PTE_A | PTE_D
        st   r1, 0(r12)
        addi r12, r12, 1
        j    li_page
li_regs:
        addi r2, r8, P_REGS
        li   r3, 16
li_zero:
        st   r0, 0(r2)
        addi r2, r2, 1
        addi r3, r3, -1
        bnez r3, li_zero
        li   r2, USER_STACK_TOP
        st   r2, P_REGS+14(r8)
        li   r2, PSW_P | PSW_I
        st   r2, P_PSW(r8)
        st   r0, P_PSW+1(r8)
        li   r2, FLAT_L
        st   r2, P_PSW+2(r8)
        li   r2, USER_TEXT
        st   r2, P_PSW+3(r8)
        li   r1, 1
li_done:
        pop  r12
        pop  r11
        pop  r10
        pop  r9
        pop  r8
        pop  lr
        ret

; ---------------------------------------------------------------- user addresses
; user_pte(r1 = la): r1 <- the address of the slot r13's PTE for la, or 0 when la is not in
; the user half (PDE 1).
user_pte:
        shri r2, r1, 20
        li   r3, USER_PDE
        bne  r2, r3, up_bad
        shri r2, r1, PAGE_SHIFT
        andi r2, r2, PAGE_SIZE - 1
        ld   r3, P_PT(r13)
        add  r1, r3, r2
        ret
up_bad: li   r1, 0
        ret

; in_demand: r1 <- 1 when la = r1 lies in the heap or the stack, else 0.
in_demand:
        li   r2, USER_HEAP
        bltu r1, r2, ind_no
        li   r2, USER_HEAP_END
        bltu r1, r2, ind_yes
        li   r2, USER_STACK_LOW
        bltu r1, r2, ind_no
        li   r2, USER_STACK_TOP
        bltu r1, r2, ind_yes
ind_no: li   r1, 0
        ret
ind_yes:
        li   r1, 1
        ret

; resolve(r1 = la, r2 = ACC_W for a write or 0): make the page usable for that access by the
; slot r13 (whose space is loaded): fill a demand-zero page, swap a page in, or break a
; copy-on-write share. r1 <- the physical address of la, or 0 with r2 = 1 (an address the
; process may not use that way) or r2 = 2 (no memory).
resolve:
        push lr
        push r8
        push r9
        push r10
        push r11
        mov  r8, r1
        mov  r9, r2
        call user_pte
        beqz r1, rs_bad
        mov  r10, r1
        ld   r11, 0(r10)
        andi r2, r11, PTE_P
        beqz r2, rs_absent
        beqz r9, rs_ok                  ; present, and a read
        andi r2, r11, PTE_W
        bnez r2, rs_ok
        andi r2, r11, PTE_COW
        beqz r2, rs_bad                 ; a write to a truly read-only page
        shri r1, r11, PAGE_SHIFT
        shli r1, r1, PAGE_SHIFT
        call frame_refp
        ld   r2, 0(r1)
        li   r3, 1
        bne  r2, r3, rs_cow_copy
        li   r2, ~PTE_COW                ; the last sharer: take the frame back
        and  r11, r11, r2
        ori  r11, r11, PTE_W
        st   r11, 0(r10)
        invlpg r8                       ; the read-only translation may be cached
        j    rs_ok
rs_cow_copy:
        shri r2, r11, PAGE_SHIFT        ; keep the clock off the frame we copy from
        shli r2, r2, PAGE_SHIFT
        st   r2, pinned_frame(r0)
        call frame_alloc
        st   r0, pinned_frame(r0)
        beqz r1, rs_oom
        mov  r9, r1
        ld   r11, 0(r10)
        shri r2, r11, PAGE_SHIFT
        shli r2, r2, PAGE_SHIFT
        push r2
        call copy_page                  ; r1 = new frame, r2 = the shared one
        pop  r1
        call frame_free                 ; one sharer fewer
        ori  r1, r9, PTE_P | PTE_W | PTE_U | PTE_A | PTE_D
        st   r1, 0(r10)
        invlpg r8
        st   r10, pinned_pte(r0)
        ld   r2, n_cow(r0)
        addi r2, r2, 1
        st   r2, n_cow(r0)
        la   r1, msg_cow_ev
        call log_page
        j    rs_ok
rs_absent:
        andi r2, r11, PTE_SWAP
        bnez r2, rs_swapin
        mov  r1, r8
        call in_demand
        beqz r1, rs_bad
        call frame_alloc
        beqz r1, rs_oom
        ori  r1, r1, PTE_P | PTE_W | PTE_U | PTE_A
        st   r1, 0(r10)                 ; no flush: a not-present entry is never cached
        st   r10, pinned_pte(r0)
        ld   r2, n_demand(r0)
        addi r2, r2, 1
        st   r2, n_demand(r0)
        la   r1, msg_demand_ev
        call log_page
        j    rs_ok
rs_swapin:
        call frame_alloc
        beqz r1, rs_oom
        mov  r9, r1
        ld   r11, 0(r10)                ; (not present, so the clock did not touch it)
        shri r3, r11, PAGE_SHIFT        ; the slot
        la   r4, swap_ref
        add  r4, r4, r3
        ld   r5, 0(r4)
        addi r5, r5, -1
        st   r5, 0(r4)
        shli r2, r3, PAGE_SHIFT
        li   r3, SWAP_BASE
        add  r2, r2, r3
        call copy_page                  ; r1 = the new frame, r2 = the slot
        andi r2, r11, PTE_KEEP
        or   r1, r9, r2
        ori  r1, r1, PTE_P | PTE_A | PTE_D
        st   r1, 0(r10)
        st   r10, pinned_pte(r0)
        ld   r2, n_swapin(r0)
        addi r2, r2, 1
        st   r2, n_swapin(r0)
        la   r1, msg_swapin_ev
        call log_page
rs_ok:  ld   r1, 0(r10)
        shri r1, r1, PAGE_SHIFT
        shli r1, r1, PAGE_SHIFT
        andi r2, r8, PAGE_SIZE - 1
        or   r1, r1, r2
        li   r2, 0
        j    rs_ret
rs_bad: li   r1, 0
        li   r2, 1
        j    rs_ret
rs_oom: li   r1, 0
        li   r2, 2
rs_ret: pop  r11
        pop  r10
        pop  r9
        pop  r8
        pop  lr
        ret

; log_page(r1 = message, r8 = la): "[pid] <message> 0x<page>" when KLOG >= 2.
log_page:
        klog_below 2, lp_quiet
        push lr
        push r1
        mov  r1, r13
        call say_pid
        pop  r1
        call puts
        shri r1, r8, PAGE_SHIFT
        shli r1, r1, PAGE_SHIFT
        call puthex
        call putnl
        pop  lr
lp_quiet:
        ret

; pte_release(r1 = address of a PTE): give back what it holds (a frame reference or a swap
; slot reference) and clear it. The caller invalidates the TLB.
pte_release:
        push lr
        mov  r6, r1
        ld   r7, 0(r6)
        beqz r7, pr_done
        st   r0, 0(r6)
        andi r2, r7, PTE_P
        beqz r2, pr_swapped
        shri r1, r7, PAGE_SHIFT
        shli r1, r1, PAGE_SHIFT
        call frame_free
        j    pr_done
pr_swapped:
        andi r2, r7, PTE_SWAP
        beqz r2, pr_done
        shri r1, r7, PAGE_SHIFT
        la   r2, swap_ref
        add  r1, r1, r2
        ld   r2, 0(r1)
        addi r2, r2, -1
        st   r2, 0(r1)
pr_done:
        pop  lr
        ret

; ---------------------------------------------------------------- frames
; frame_alloc: r1 <- the physical address of a zeroed frame with one reference, or 0 when
; none is free even after reclaim.
frame_alloc:
        push lr
        ld   r1, free_head(r0)
        bnez r1, fa_take
        call reclaim
        ld   r1, free_head(r0)
        beqz r1, fa_done
fa_take:
        ld   r2, 0(r1)
        st   r2, free_head(r0)
        push r1
        call frame_refp
        li   r2, 1
        st   r2, 0(r1)
        pop  r1
        mov  r2, r1                     ; zero it, 8 words a turn
        addi r3, r1, PAGE_SIZE
fa_zero:
        st   r0, 0(r2)
        st   r0, 1(r2)
        st   r0, 2(r2)
        st   r0, 3(r2)
        st   r0, 4(r2)
        st   r0, 5(r2)
        st   r0, 6(r2)
        st   r0, 7(r2)
        addi r2, r2, 8
        bne  r2, r3, fa_zero
fa_done:
        pop  lr
        ret

; frame_free(r1 = frame): drop one reference; the last one puts it on the free list.
frame_free:
        push lr
        push r1
        call frame_refp
        ld   r2, 0(r1)
        addi r2, r2, -1
        st   r2, 0(r1)
        pop  r1
        bnez r2, ff_done
        ld   r2, free_head(r0)
        st   r2, 0(r1)
        st   r1, free_head(r0)
ff_done:
        pop  lr
        ret

; frame_refp(r1 = frame): r1 <- the address of its reference count.
frame_refp:
        li   r2, POOL_BASE
        sub  r1, r1, r2
        shri r1, r1, PAGE_SHIFT
        la   r2, frame_ref
        add  r1, r1, r2
        ret

; copy_page(r1 = destination frame, r2 = source frame): copy 1024 words, 4 a turn.
copy_page:
        addi r3, r1, PAGE_SIZE
cp_loop:
        ld   r4, 0(r2)
        ld   r5, 1(r2)
        ld   r6, 2(r2)
        ld   r7, 3(r2)
        st   r4, 0(r1)
        st   r5, 1(r1)
        st   r6, 2(r1)
        st   r7, 3(r1)
        addi r1, r1, 4
        addi r2, r2, 4
        bne  r1, r3, cp_loop
        ret

; reclaim: free one frame with the clock over every process's user PTEs. A page whose A is
; set has it cleared (and its translation dropped, if its space is loaded, so that the next
; use walks and sets A again); a page whose A stayed clear since the hand last passed is
; evicted: a private frame by evict, a frame shared since a fork by evict_shared (from every
; space at once). r1 <- 1 when a frame was freed, else 0.
; The page that the last fault brought in (pinned_pte) is never the victim: an instruction
; needs at most two pages (its fetch and its operand), so with the pin it always gets both,
; and a pool too small for that ends in "out of memory" rather than in a livelock where the
; two faults evict each other's page forever.
reclaim:
        push lr
        push r8
        push r9
        push r10
        push r11
        push r12
        ld   r8, hand_slot(r0)
        ld   r9, hand_index(r0)
        li   r10, 2 * NPROC * PAGE_SIZE ; PTE visits: two full turns
rc_loop:
        ld   r2, P_STATE(r8)
        addi r2, r2, -S_RUN
        sltiu r2, r2, 3                 ; S_RUN, S_SLEEP or S_WAIT own a user space
        beqz r2, rc_next_slot
        ld   r11, P_PT(r8)
        add  r11, r11, r9
        ld   r12, 0(r11)
        andi r2, r12, PTE_P
        beqz r2, rc_advance
        andi r2, r12, PTE_A
        beqz r2, rc_victim
        li   r2, ~PTE_A
        and  r12, r12, r2
        st   r12, 0(r11)
        call rc_invlpg
        j    rc_advance
rc_victim:
        ld   r2, pinned_pte(r0)
        beq  r2, r11, rc_advance        ; the page the last fault brought in
        shri r1, r12, PAGE_SHIFT
        shli r1, r1, PAGE_SHIFT
        ld   r2, pinned_frame(r0)
        beq  r1, r2, rc_advance         ; the frame a copy-on-write fault is copying
        call frame_refp
        ld   r2, 0(r1)
        li   r3, 1
        bne  r2, r3, rc_shared
        call evict
        beqz r1, rc_advance             ; no swap slot for it
        j    rc_freed
rc_shared:
        call evict_shared
        beqz r1, rc_advance
rc_freed:
        addi r9, r9, 1                  ; the hand moves past the victim
        st   r8, hand_slot(r0)
        st   r9, hand_index(r0)
        li   r1, 1
        j    rc_ret
rc_advance:
        addi r9, r9, 1
        li   r2, PAGE_SIZE
        bne  r9, r2, rc_budget
rc_next_slot:
        li   r9, 0
        addi r8, r8, PROC_WORDS
        la   r2, proc_table_end
        bltu r8, r2, rc_budget
        la   r8, proc_table+PROC_WORDS
rc_budget:
        addi r10, r10, -1
        bnez r10, rc_loop
        st   r8, hand_slot(r0)
        st   r9, hand_index(r0)
        li   r1, 0
rc_ret: pop  r12
        pop  r11
        pop  r10
        pop  r9
        pop  r8
        pop  lr
        ret

; rc_invlpg (r8 = slot, r9 = PTE index): drop the page's translation if that space is loaded
; (the TLB holds entries of the loaded space only: every switch flushes it).
rc_invlpg:
        ld   r2, P_PD(r8)
        ld   r3, cur_ptbr(r0)
        bne  r2, r3, rci_done
        shli r2, r9, PAGE_SHIFT
        li   r3, USER_BASE
        add  r2, r2, r3
        invlpg r2
rci_done:
        ret

; evict(r8 = slot, r9 = PTE index, r11 = PTE address, r12 = PTE): take the frame away. A
; clean page (D clear) of the demand-zero area holds only zeros and is dropped; any other is
; copied to a free swap slot and its PTE becomes PTE_SWAP with the slot number and its rights.
; r1 <- 1 when the frame was freed, 0 when there was no swap slot.
evict:
        push lr
        shli r1, r9, PAGE_SHIFT
        li   r2, USER_BASE
        add  r1, r1, r2
        push r1                         ; la
        andi r2, r12, PTE_D
        bnez r2, ev_swap
        call in_demand
        bnez r1, ev_discard
ev_swap:
        call swap_alloc
        bge  r1, r0, ev_slot_found
        pop  r1
        li   r1, 0
        j    ev_ret
ev_slot_found:
        mov  r4, r1
        la   r3, swap_ref
        add  r3, r3, r4
        li   r2, 1                      ; one PTE names the slot
        st   r2, 0(r3)
        push r4
        shli r1, r4, PAGE_SHIFT
        li   r2, SWAP_BASE
        add  r1, r1, r2
        shri r2, r12, PAGE_SHIFT
        shli r2, r2, PAGE_SHIFT
        call copy_page
        pop  r4
        shli r2, r4, PAGE_SHIFT
        andi r3, r12, PTE_KEEP
        or   r2, r2, r3
        ori  r2, r2, PTE_SWAP
        st   r2, 0(r11)
        ld   r2, n_swapout(r0)
        addi r2, r2, 1
        st   r2, n_swapout(r0)
        j    ev_drop
ev_discard:
        st   r0, 0(r11)                 ; demand-zero again on the next touch
        ld   r2, n_discard(r0)
        addi r2, r2, 1
        st   r2, n_discard(r0)
ev_drop:
        call rc_invlpg
        shri r1, r12, PAGE_SHIFT
        shli r1, r1, PAGE_SHIFT
        call frame_free
        pop  r1                         ; (the la)
        li   r1, 1
ev_ret: pop  lr
        ret

; swap_alloc: r1 <- the number of a swap slot that no PTE names, or -1 when all are in use.
swap_alloc:
        la   r2, swap_ref
        li   r1, 0
        li   r4, SWAP_SLOTS
sw_scan:
        ld   r3, 0(r2)
        beqz r3, sw_found
        addi r2, r2, 1
        addi r1, r1, 1
        bne  r1, r4, sw_scan
        li   r1, -1
sw_found:
        ret

; evict_shared(r12 = a PTE of a frame that several PTEs share, after fork): swap the frame out
; of every address space that maps it. The kernel keeps no reverse map, so it finds them by
; scanning every user page table; each of those PTEs becomes PTE_SWAP with the slot (keeping
; its own rights, COW included), the slot counts them, and each drops its frame reference (the
; last one frees the frame). r1 <- 1 when the frame was freed, 0 when there was no swap slot.
evict_shared:
        push lr
        push r8
        push r9
        push r10
        push r11
        push r12
        call swap_alloc
        blt  r1, r0, es_fail
        mov  r10, r1                    ; the slot
        shri r11, r12, PAGE_SHIFT       ; the frame
        shli r11, r11, PAGE_SHIFT
        shli r1, r10, PAGE_SHIFT
        li   r2, SWAP_BASE
        add  r1, r1, r2
        mov  r2, r11
        call copy_page
        la   r8, proc_table+PROC_WORDS
es_proc:
        ld   r2, P_STATE(r8)
        addi r2, r2, -S_RUN
        sltiu r2, r2, 3                 ; S_RUN, S_SLEEP or S_WAIT own a user space
        beqz r2, es_next_proc
        ld   r9, P_PT(r8)
        li   r12, 0                     ; PTE index
es_pte: ld   r3, 0(r9)
        andi r4, r3, PTE_P
        beqz r4, es_pte_next
        shri r4, r3, PAGE_SHIFT
        shri r5, r11, PAGE_SHIFT
        bne  r4, r5, es_pte_next
        andi r4, r3, PTE_KEEP           ; a mapping of the frame: now swapped out
        shli r5, r10, PAGE_SHIFT
        or   r4, r4, r5
        ori  r4, r4, PTE_SWAP
        st   r4, 0(r9)
        la   r2, swap_ref
        add  r2, r2, r10
        ld   r3, 0(r2)
        addi r3, r3, 1
        st   r3, 0(r2)
        ld   r2, P_PD(r8)               ; drop the translation if that space is loaded
        ld   r3, cur_ptbr(r0)
        bne  r2, r3, es_unref
        shli r2, r12, PAGE_SHIFT
        li   r3, USER_BASE
        add  r2, r2, r3
        invlpg r2
es_unref:
        mov  r1, r11
        call frame_free
es_pte_next:
        addi r9, r9, 1
        addi r12, r12, 1
        li   r2, PAGE_SIZE
        bne  r12, r2, es_pte
es_next_proc:
        addi r8, r8, PROC_WORDS
        la   r2, proc_table_end
        bltu r8, r2, es_proc
        ld   r2, n_swapout(r0)
        addi r2, r2, 1
        st   r2, n_swapout(r0)
        li   r1, 1
        j    es_ret
es_fail:
        li   r1, 0
es_ret: pop  r12
        pop  r11
        pop  r10
        pop  r9
        pop  r8
        pop  lr
        ret

; ---------------------------------------------------------------- small helpers
; pid_of(r1 = slot): r1 <- its process id.
pid_of: ld   r1, P_PID(r1)
        ret

; new_pid(r1 = slot): give the slot the next process id.
new_pid:
        ld   r2, next_pid(r0)
        st   r2, P_PID(r1)
        addi r2, r2, 1
        st   r2, next_pid(r0)
        ret

; say_pid(r1 = slot): print "[pid] ".
say_pid:
        push lr
        call pid_of
        push r1
        li   r1, '['
        call putc
        pop  r1
        call putdec
        li   r1, ']'
        call putc
        li   r1, ' '
        call putc
        pop  lr
        ret

        .include "console.s"

; ---------------------------------------------------------------- kernel data
cur_proc:   .word 0
trap_r1:    .word 0
resume_psw: .word 0, 0, 0, 0
cur_ptbr:   .word 0                     ; the directory loaded in ptbr
free_head:  .word 0                     ; first free frame (0: none)
hand_slot:  .word proc_table + PROC_WORDS   ; the clock hand: a slot and a PTE index
hand_index: .word 0
pinned_pte: .word 0                     ; the PTE that the last fault made present
pinned_frame: .word 0                   ; a frame that must not be evicted right now
ticks:      .word 0
next_pid:   .word 1
slice_left: .word QUANTUM               ; user instructions until the next tick
n_exited:   .word 0
n_killed:   .word 0
n_failed:   .word 0
n_forks:    .word 0
n_demand:   .word 0
n_cow:      .word 0
n_swapout:  .word 0
n_swapin:   .word 0
n_discard:  .word 0
frame_ref:  .space POOL_FRAMES          ; references to each pool frame
swap_ref:   .space SWAP_SLOTS           ; PTEs naming each swap slot

msg_small:  .string "[k] memory too small\n"
msg_big:    .string "[k] kernel image or frame pool too big\n"
msg_noroom: .string "[k] cannot start the boot programs\n"
msg_boot:   .string "[k] "
msg_boot_pool: .string ": paging on, "
msg_boot_swap: .string " frames, "
msg_boot_end:  .string " swap slots\n"
msg_start:  .string "start "
msg_exec:   .string "exec "
msg_exit:   .string "exit "
msg_killed: .string "killed: "
msg_nopage: .string ", no page here"
msg_kpage:  .string ", supervisor-only page"
msg_ropage: .string ", write to a read-only page"
msg_insn:   .string " (insn "
msg_va:     .string " (va "
msg_atpc:   .string " at pc "
msg_close:  .string ")\n"
msg_oom:    .string "killed: out of memory\n"
msg_badptr: .string "killed: bad string pointer\n"
msg_panic:  .string "[k] panic: kernel trap, cause "
msg_demand_ev:  .string "demand-zero page "
msg_cow_ev:     .string "copy-on-write page "
msg_swapin_ev:  .string "swap-in page "
msg_done:   .string "[k] done: "
msg_exited: .string " exited, "
msg_killed_n: .string " killed, "
msg_forks:  .string " forks, "
msg_ticks:  .string " ticks\n[k] pages: "
msg_demand: .string " demand-zero, "
msg_cow:    .string " copy-on-write, "
msg_swapout: .string " swapped out, "
msg_swapin: .string " swapped in, "
msg_discard: .string " discarded\n"
cause_names:
        .word c_none, c_priv, c_ill, c_svc, c_seg, c_mem, c_page, c_arith, c_timer
c_none:  .string "?"
c_priv:  .string "PRIVILEGED"
c_ill:   .string "ILLEGAL"
c_svc:   .string "SVC"
c_seg:   .string "SEGMENT"
c_mem:   .string "MEMORY"
c_page:  .string "PAGE"
c_arith: .string "ARITH"
c_timer: .string "TIMER"

        .align PROC_WORDS
proc_table:
        .space NPROC * PROC_WORDS
proc_table_end:
