; syscall.s: a system-call-heavy loop on the paging kernel (lib/pagecore.s, quiet).
;
; After Adams & Agesen (ASPLOS 2006): a system call is cheap natively but, under a VMM that
; runs the guest kernel deprivileged, each one is a trap into the VMM, a reflection to the
; guest kernel, and the emulation of the kernel's privileged instructions on the way back
; (here: mfcr timer at entry, mtcr timer and lpsw at the exit). Each round is one svc
; SYS_GETPID, the null system call; the loop adds up what it returns.
;
; Size: N calls; N = the .equ below (about 7 M instructions), or the first decimal number in
; the console input. Result: the number of calls and the sum of the pids returned (N, since
; the workload is pid 1).
;
; System calls: getc (the size), getpid, puts, exit (lib/sysnums.s).
;
; Memory: see lib/workload-kernel.s (SZ >= 0xD800).
;
; Expected console output (exact):
;   syscall: 70000 calls, pid sum 70000
;
; Exit: poweroff, status 0 (1 if a call returned another pid).
        .equ N, 70000
        .include "lib/workload-kernel.s"

programs:
        .word name_syscall, syscall, syscall_end - syscall
        .equ NPROGS, 1
name_syscall:
        .string "syscall"

syscall: .phase USER_TEXT
        .include "lib/syscall-user.s"
sc_result:
        .string "syscall: % calls, pid sum %\n"
        .dephase
syscall_end:
image_end:
