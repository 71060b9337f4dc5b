; lib/sysnums.s: the system-call numbers (the svc immediate) shared by every kernel in guests/
; and the user programs they carry. Arguments go in r1..r5, the result comes back in r1;
; every other user register survives a system call. A kernel that does not implement a call
; returns -1 in r1. segkernel.s implements 0..6, lib/pagecore.s all of them.
        .equ SYS_EXIT,   0      ; exit(r1 = status): never returns
        .equ SYS_PUTC,   1      ; print the character in r1
        .equ SYS_PUTS,   2      ; print the string at virtual r1; its '%'s print r2, r3, r4, r5
                                ; (and r5 again for any later '%') in unsigned decimal
        .equ SYS_YIELD,  3      ; give up the rest of the time slice
        .equ SYS_GETPID, 4      ; r1 <- the caller's process id
        .equ SYS_SLEEP,  5      ; sleep r1 timer ticks
        .equ SYS_TICKS,  6      ; r1 <- timer ticks since boot
        .equ SYS_FORK,   7      ; r1 <- child's pid in the parent, 0 in the child (paging kernels)
        .equ SYS_WAIT,   8      ; wait for a child to exit: r1 <- its pid, r2 <- its status; -1 if none
        .equ SYS_EXEC,   9      ; replace the caller by built-in program number r1; -1 if none
        .equ SYS_PGSWAP, 10     ; exchange the pages at r1 and r2 (their PTEs): 0, or -1
        .equ SYS_UNMAP,  11     ; drop the page at r1; heap and stack refill with zeros: 0, or -1
        .equ SYS_GETC,   12     ; r1 <- the next console input byte, or -1 at the end of input
