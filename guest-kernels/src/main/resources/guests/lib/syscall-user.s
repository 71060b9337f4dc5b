; lib/syscall-user.s: the user program of the system-call workloads (syscall.s on the paging
; kernel, syscall-seg.s on a segment kernel): N null system calls (svc SYS_GETPID), adding up
; the pids returned, then one line with the count and the sum, and exit 0 when the sum is N
; (the workload is pid 1), else 1. N is the first decimal number of the console input, read
; with svc SYS_GETC, or N as the includer defines it.
;
; Include it inside the .phase of the user image; the includer defines sc_result, the result
; line: a .string whose two '%'s print the calls and the sum (lib/sysnums.s, SYS_PUTS).
        read_decimal r8, N, sc_getc     ; r8 = calls to make
        li   r9, 0                      ; calls made
        li   r10, 0                     ; sum of the pids
sc_call:
        beq  r9, r8, sc_done
        svc  SYS_GETPID
        add  r10, r10, r1
        addi r9, r9, 1
        j    sc_call
sc_done:
        mov  r2, r8
        mov  r3, r10
        la   r1, sc_result
        svc  SYS_PUTS
        sub  r1, r10, r8                ; pid 1 every time: the sum is N
        sltu r1, r0, r1
        svc  SYS_EXIT
sc_getc:
        svc  SYS_GETC
        ret
