; pdp10-jrstu.s: a PDP-10 style kernel that enters user mode with jrstu (JRST 1), unseen by a VMM.
;
; The instruction modeled
;   On the PDP-10, `JRST 1,addr` jumps and leaves executive mode: the monitor's usual way of
;   starting a user program. It does not trap in either mode. Profile `pdp10` (spec section 8)
;   has it as `jrstu imm(rs1)`: PC <- rs1 + imm, then M <- u if M was s. Popek & Goldberg's
;   Theorem 1 fails on it: it is control-sensitive (it changes M) but not privileged, so a
;   trap-and-emulate VMM never learns that its guest left supervisor mode. (It is not
;   user-sensitive - in user mode it is a plain jump - so Theorem 3 holds and a hybrid VMM,
;   which interprets vm-supervisor code, would run this guest exactly.)
;
; What it does
;   The kernel installs its trap handler, then `jrstu` to its user program. The program makes
;   system calls (svc), adds up 1..100, and then tries `rdpsw`, a privileged instruction. The
;   kernel's handler services every svc and notes the mode the trap came from (the saved
;   PSW's M). A privileged instruction from user mode stops the program: the kernel reports it,
;   prints a summary and powers off.
;   Protection here is the mode bit alone: the program runs in the kernel's flat segment
;   (B = 0, L = SZ), as jrstu leaves B and L unchanged.
;
; What each mode does with it
;   native        jrstu drops to user mode; rdpsw traps PRIVILEGED; the kernel stops the
;                 program: the output below, status 10.
;   segment       the guest kernel runs in hardware user mode (vm-supervisor), where jrstu is
;   shadow-trace  a plain jump: the VMM's vPSW keeps M = s, so the "user" program runs as
;   shadow-vtlb   vm-supervisor. Its svc traps are reflected with a saved M = s (the kernel
;                 counts them as made in supervisor mode), and its rdpsw traps to the VMM,
;                 which emulates it as a supervisor's: it reads flags = 1, the program prints
;                 so, exits with status 66, and the kernel's summary counts 5 system calls, all
;                 made in supervisor mode. Console, exit status, traps, instructions and registers
;                 all differ from native: compare names it as the expected Theorem 1 violation.
;
; Memory map (physical = virtual: every program runs with B = 0, L = SZ)
;   0x0000  trap area
;   0x0010  kernel code, the user program, kernel data
;   0x0E00  top of the user program's stack; 0x0F00 top of the kernel's
;   0x1000  end (the machine needs SZ >= 0x1000)
;
; System calls (lib/sysnums.s): exit(status), puts(string, '%' prints r2, r3 in decimal).
;
; Expected console output, natively (exact):
;   [k] pdp10-jrstu: entering the user program with jrstu (JRST 1)
;   user: hello from the user program
;   user: 1 + 2 + ... + 100 = 5050
;   user: now trying rdpsw, a privileged instruction
;   [k] PRIVILEGED trap from user mode: insn 0x82400000 at pc 0x1cb; program stopped
;   [k] 3 system calls, 0 of them made in supervisor mode
;
; Under segment and the shadow modes the fifth line onward reads instead:
;   user: rdpsw read flags = 1: I am running in supervisor mode!
;   [k] program exited with status 66
;   [k] 5 system calls, 5 of them made in supervisor mode
;
; Exit: poweroff, status 10 natively (the program stopped at its privileged instruction);
; 66 under a VMM (the program's own exit status).
        .profile pdp10
        .include "lib/sysnums.s"

        .equ KSTACK, 0x0F00
        .equ USTACK, 0x0E00
        .equ KEND, 0x1000               ; the machine needs SZ >= KEND
        .equ ST_STOPPED, 10             ; power-off status after a PRIVILEGED trap from user mode

        .org 16
_start: li   sp, KSTACK
        li   r2, KEND
        bltu r1, r2, too_small
        li   r2, PSW_S                  ; traps run the kernel: s, P = 0, I = 0, B = 0, L = SZ
        st   r2, NEW_PSW(r0)
        st   r0, NEW_PSW+1(r0)
        st   r1, NEW_PSW+2(r0)          ; r1 = SZ at boot
        la   r2, trap
        st   r2, NEW_PSW+3(r0)
        la   r1, msg_boot
        call puts
        li   sp, USTACK                 ; the program's own stack
        li   r1, 0
        la   r2, uprog
        jrstu 0(r2)                     ; JRST 1: jump to the program and leave supervisor mode

; ---------------------------------------------------------------- the trap handler
; Saves r1..r15 in `saved` and dispatches on the cause.
trap:   st   r1, saved+1(r0)
        st   r2, saved+2(r0)
        st   r3, saved+3(r0)
        st   r4, saved+4(r0)
        st   r5, saved+5(r0)
        st   r6, saved+6(r0)
        st   r7, saved+7(r0)
        st   r8, saved+8(r0)
        st   r9, saved+9(r0)
        st   r10, saved+10(r0)
        st   r11, saved+11(r0)
        st   r12, saved+12(r0)
        st   r13, saved+13(r0)
        st   r14, saved+14(r0)
        st   r15, saved+15(r0)
        li   sp, KSTACK
        ld   r2, TRAP_CAUSE(r0)
        li   r3, T_SVC
        beq  r2, r3, syscall
        li   r3, T_PRIVILEGED
        beq  r2, r3, privileged
        addi r1, r2, 128                ; anything else: power off with 128 + cause
        out  r1, POWER

privileged:
        la   r1, msg_priv
        call puts
        ld   r1, TRAP_VALUE(r0)
        call puthex
        la   r1, msg_at
        call puts
        ld   r1, OLD_PSW+3(r0)
        call puthex
        la   r1, msg_stopped
        call puts
        li   r8, ST_STOPPED
        j    finish

syscall:
        ld   r2, calls(r0)
        addi r2, r2, 1
        st   r2, calls(r0)
        ld   r2, OLD_PSW(r0)            ; the caller's flags: was it in supervisor mode?
        andi r2, r2, PSW_S
        ld   r3, sup_calls(r0)
        add  r3, r3, r2
        st   r3, sup_calls(r0)
        ld   r2, TRAP_VALUE(r0)
        li   r3, SYS_PUTS
        beq  r2, r3, sys_puts
        li   r3, SYS_EXIT
        beq  r2, r3, sys_exit
        li   r2, -1                     ; unknown call: r1 <- -1
        st   r2, saved+1(r0)
        j    sys_return

; puts: the string at r1; each '%' prints the caller's r2, then r3, in decimal.
sys_puts:
        ld   r8, saved+1(r0)            ; the next character
        li   r9, saved+2                ; the next '%' argument
sys_puts_next:
        ld   r1, 0(r8)
        beqz r1, sys_return
        addi r8, r8, 1
        li   r2, '%'
        beq  r1, r2, sys_puts_arg
        out  r1, CONSOLE
        j    sys_puts_next
sys_puts_arg:
        ld   r1, 0(r9)
        addi r9, r9, 1
        call putdec
        j    sys_puts_next

sys_return:                             ; past the svc, registers back, to the caller's PSW
        ld   r2, OLD_PSW+3(r0)
        addi r2, r2, 1
        st   r2, OLD_PSW+3(r0)
        ld   r1, saved+1(r0)
        ld   r2, saved+2(r0)
        ld   r3, saved+3(r0)
        ld   r4, saved+4(r0)
        ld   r5, saved+5(r0)
        ld   r6, saved+6(r0)
        ld   r7, saved+7(r0)
        ld   r8, saved+8(r0)
        ld   r9, saved+9(r0)
        ld   r10, saved+10(r0)
        ld   r11, saved+11(r0)
        ld   r12, saved+12(r0)
        ld   r13, saved+13(r0)
        ld   r14, saved+14(r0)
        ld   r15, saved+15(r0)
        lpsw OLD_PSW(r0)

sys_exit:
        la   r1, msg_exit
        call puts
        ld   r8, saved+1(r0)
        mov  r1, r8
        call putdec
        call putnl

; finish: the summary, then power off with status r8.
finish: la   r1, msg_sum1
        call puts
        ld   r1, calls(r0)
        call putdec
        la   r1, msg_sum2
        call puts
        ld   r1, sup_calls(r0)
        call putdec
        la   r1, msg_sum3
        call puts
        out  r8, POWER

too_small:
        la   r1, msg_small
        call puts
        li   r1, 255
        out  r1, POWER

        .include "lib/console.s"

msg_small:   .string "pdp10-jrstu: memory too small\n"
msg_boot:    .string "[k] pdp10-jrstu: entering the user program with jrstu (JRST 1)\n"
msg_priv:    .string "[k] PRIVILEGED trap from user mode: insn "
msg_at:      .string " at pc "
msg_stopped: .string "; program stopped\n"
msg_exit:    .string "[k] program exited with status "
msg_sum1:    .string "[k] "
msg_sum2:    .string " system calls, "
msg_sum3:    .string " of them made in supervisor mode\n"

; ---------------------------------------------------------------- the user program
; It runs in the kernel's segment; only the mode bit keeps it from the machine.
uprog:  la   r1, u_hello
        svc  SYS_PUTS
        li   r2, 0                      ; r2 = 1 + 2 + ... + 100
        li   r3, 100
u_add:  add  r2, r2, r3
        addi r3, r3, -1
        bnez r3, u_add
        la   r1, u_sum
        svc  SYS_PUTS
        la   r1, u_try
        svc  SYS_PUTS
        rdpsw r2, flags                 ; privileged: the kernel must see it
        la   r1, u_got
        svc  SYS_PUTS
        li   r1, 66
        svc  SYS_EXIT

u_hello: .string "user: hello from the user program\n"
u_sum:   .string "user: 1 + 2 + ... + 100 = %\n"
u_try:   .string "user: now trying rdpsw, a privileged instruction\n"
u_got:   .string "user: rdpsw read flags = %: I am running in supervisor mode!\n"

; ---------------------------------------------------------------- kernel data
saved:     .space 16                    ; the caller's r1..r15 at a trap (word n holds rn)
calls:     .word 0                      ; system calls made
sup_calls: .word 0                      ; system calls whose saved PSW said supervisor mode
