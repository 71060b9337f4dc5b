; pagekernel.s: a paging kernel (P = 1) running seven user programs in seven address spaces.
;
; The kernel is lib/pagecore.s (its header has the design, the physical memory map and the
; linear layout of a process); this file configures it and carries the programs.
;
; What it shows
;   - The kernel on its own page directory, mapped supervisor-only (U = 0), flat segment
;     (B = 0, L = 2^30); every process with its own directory, switched on the timer tick by
;     `mtcr ptbr`.
;   - Separate address spaces: the two `twin`s write their own mark at the same virtual
;     address 0x140000, spin across several ticks (so the other runs in between), and each
;     reads its own mark back.
;   - Demand-zero pages: `heap` touches four untouched heap pages and one stack page; each
;     first touch is a not-present PAGE fault that the kernel fills with a zeroed frame (the
;     "[pid] demand-zero page" lines), then the instruction runs again.
;   - A remap with invlpg: `pgswap` loads two pages' translations into the TLB, asks the
;     kernel to exchange the two PTEs (svc SYS_PGSWAP: the kernel changes both entries and
;     runs `invlpg` on both), and reads the new contents at once.
;   - Rights violations kill: `scribbler` writes into its own read-only text, `snoop` reads a
;     kernel (supervisor-only) page, `stray` reads an unmapped address outside heap and stack.
;   - The TLB discipline of lib/pagecore.s: the output is the same for every TLB size.
;
; System calls (lib/sysnums.s, implemented by lib/pagecore.s): the programs use puts, exit,
; getpid and pgswap.
;
; Memory: the machine needs SZ >= POOL_END = 0x15800 words (0x4800, then 4 swap slots and
; 64 frames of 1024 words).
;
; Expected console output (exact):
;   [k] pagekernel: paging on, 64 frames, 4 swap slots
;   [1] start heap
;   [2] start pgswap
;   [3] start twin
;   [4] start twin
;   [5] start scribbler
;   [6] start snoop
;   [7] start stray
;   [1] demand-zero page 0x140000
;   [1] demand-zero page 0x140400
;   [1] demand-zero page 0x140800
;   [1] demand-zero page 0x140c00
;   [1] demand-zero page 0x1ffc00
;   heap: fresh words summed to 0, written words sum to 10
;   [1] exit 0
;   [2] demand-zero page 0x140000
;   [2] demand-zero page 0x140400
;   pgswap: before A=1111 B=2222, after the swap A=2222 B=1111
;   [2] exit 0
;   [3] demand-zero page 0x140000
;   [4] demand-zero page 0x140000
;   scribbler: writing into my own code
;   [5] killed: PAGE, write to a read-only page (va 0x100000 at pc 0x100005)
;   snoop: reading the kernel's trap area
;   [6] killed: PAGE, supervisor-only page (va 0x8 at pc 0x100003)
;   stray: reading 0x120000, outside heap and stack
;   [7] killed: PAGE, no page here (va 0x120000 at pc 0x100005)
;   twin 3: my word at 0x140000 holds 3333
;   [3] exit 0
;   twin 4: my word at 0x140000 holds 4444
;   [4] exit 0
;   [k] done: 4 exited, 3 killed, 0 forks, 40 ticks
;   [k] pages: 9 demand-zero, 0 copy-on-write, 0 swapped out, 0 swapped in, 0 discarded
;
; Exit: poweroff, status 3 (three processes failed: the three that were killed).

        .equ QUANTUM, 500
        .equ NPROC, 8
        .equ POOL_FRAMES, 64
        .equ SWAP_SLOTS, 4
        .equ KLOG, 2
        .include "lib/pagecore.s"

kernel_banner:
        .string "pagekernel"
boot_list:
        .word 0, 1, 2, 2, 3, 4, 5
        .equ NBOOT, . - boot_list
programs:
        .word name_heap,      heap,      heap_end - heap
        .word name_pgswap,    pgswap,    pgswap_end - pgswap
        .word name_twin,      twin,      twin_end - twin
        .word name_scribbler, scribbler, scribbler_end - scribbler
        .word name_snoop,     snoop,     snoop_end - snoop
        .word name_stray,     stray,     stray_end - stray
        .equ NPROGS, (. - programs) / PR_WORDS
name_heap:      .string "heap"
name_pgswap:    .string "pgswap"
name_twin:      .string "twin"
name_scribbler: .string "scribbler"
name_snoop:     .string "snoop"
name_stray:     .string "stray"

; heap: reads then writes one word in each of four fresh heap pages (the read faults in a
; zero page), sums what it read (0) and what it wrote (1+2+3+4), and makes one call that
; pushes its return address (the first use of the stack: one more demand-zero page).
        .equ HEAP_PAGES, 4
heap:   .phase USER_TEXT
        la   r8, USER_HEAP + 17
        li   r9, 1                      ; page number, and the value written there
        li   r10, 0                     ; sum of the fresh words
heap_touch:
        ld   r2, 0(r8)                  ; not present: demand-zero fault, then reads 0
        add  r10, r10, r2
        st   r9, 0(r8)
        addi r8, r8, PAGE_SIZE
        addi r9, r9, 1
        li   r3, HEAP_PAGES + 1
        bne  r9, r3, heap_touch
        call heap_sum                   ; r2 <- the sum of the words written
        mov  r3, r2
        mov  r2, r10
        la   r1, heap_msg
        svc  SYS_PUTS
        li   r1, 0
        svc  SYS_EXIT
heap_sum:
        push lr                         ; the stack's first word: one more demand-zero page
        la   r8, USER_HEAP + 17
        li   r9, HEAP_PAGES
        li   r2, 0
heap_sum_loop:
        ld   r4, 0(r8)
        add  r2, r2, r4
        addi r8, r8, PAGE_SIZE
        addi r9, r9, -1
        bnez r9, heap_sum_loop
        pop  lr
        ret
heap_msg:
        .string "heap: fresh words summed to %, written words sum to %\n"
        .dephase
heap_end:

; pgswap: two heap pages A and B hold 1111 and 2222; read both (their translations are now in
; the TLB), have the kernel exchange their PTEs, and read both again straight away.
pgswap: .phase USER_TEXT
        la   r8, USER_HEAP
        la   r9, USER_HEAP + PAGE_SIZE
        li   r2, 1111
        st   r2, 0(r8)
        li   r2, 2222
        st   r2, 0(r9)
        ld   r10, 0(r8)
        ld   r11, 0(r9)
        mov  r1, r8
        mov  r2, r9
        svc  SYS_PGSWAP                 ; the kernel changes both PTEs and invlpg's both
        ld   r4, 0(r8)                  ; must be B's old contents, whatever the TLB held
        ld   r5, 0(r9)
        mov  r2, r10
        mov  r3, r11
        la   r1, pgswap_msg
        svc  SYS_PUTS
        li   r1, 0
        svc  SYS_EXIT
pgswap_msg:
        .string "pgswap: before A=% B=%, after the swap A=% B=%\n"
        .dephase
pgswap_end:

; twin (runs twice): writes pid * 1111 at USER_HEAP, spins for several ticks, reads it back.
twin:   .phase USER_TEXT
        svc  SYS_GETPID
        mov  r8, r1
        li   r2, 1111
        mul  r9, r8, r2                 ; my mark
        la   r10, USER_HEAP
        st   r9, 0(r10)                 ; the same va in both twins, two different frames
        li   r3, 5000                   ; 10000 instructions: several ticks
twin_spin:
        addi r3, r3, -1
        bnez r3, twin_spin
        ld   r3, 0(r10)
        mov  r2, r8
        la   r1, twin_msg
        svc  SYS_PUTS
        sub  r1, r3, r9                 ; exit 0 when the mark survived
        svc  SYS_EXIT
twin_msg:
        .string "twin %: my word at 0x140000 holds %\n"
        .dephase
twin_end:

; scribbler: writes into its own text page, which is mapped read-only.
scribbler: .phase USER_TEXT
        la   r1, scribbler_msg
        svc  SYS_PUTS
        la   r2, USER_TEXT
        st   r2, 0(r2)                  ; PAGE with P and W: killed
        li   r1, 0
        svc  SYS_EXIT
scribbler_msg:
        .string "scribbler: writing into my own code\n"
        .dephase
scribbler_end:

; snoop: reads the kernel's trap area, mapped in every space but supervisor-only.
snoop:  .phase USER_TEXT
        la   r1, snoop_msg
        svc  SYS_PUTS
        ld   r2, TRAP_CAUSE(r0)         ; PAGE with P: killed
        li   r1, 0
        svc  SYS_EXIT
snoop_msg:
        .string "snoop: reading the kernel's trap area\n"
        .dephase
snoop_end:

; stray: reads an address of the user half that is neither text, heap nor stack.
stray:  .phase USER_TEXT
        la   r1, stray_msg
        svc  SYS_PUTS
        la   r2, 0x120000
        ld   r2, 0(r2)                  ; PAGE, not present, not demand-zero: killed
        li   r1, 0
        svc  SYS_EXIT
stray_msg:
        .string "stray: reading 0x120000, outside heap and stack\n"
        .dephase
stray_end:
image_end:
