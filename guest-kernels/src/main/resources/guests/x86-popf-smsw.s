; x86-popf-smsw.s: an x86 style kernel whose critical sections rely on popf; its program reads smsw.
;
; The instructions modeled
;   x86's POPF loads the flags from the stack; in user mode (CPL > IOPL) it leaves IF alone
;   without a fault. SMSW (and SGDT, SIDT, SLDT...) read machine state in any mode without a
;   fault. Profile `x86` (spec section 8) has them as `popf rs` (if M = s: I <- bit 2 of rs;
;   in user mode nothing, silently) and `smsw rd, field` (rd <- the PSW's flags, B or L, in
;   either mode). Both are sensitive and neither is privileged, so Theorem 1 fails on both:
;   Robin & Irvine's (2000) list of the Pentium's 17 such instructions has them. smsw is
;   user-sensitive too (it reads B), so even Theorem 3's hybrid VMM cannot run this exactly.
;
; What it does
;   1. The kernel runs with the timer ticking (I = 1, a tick every TICK instructions) and moves
;      one unit at a time between two counters, acct_a and acct_b, N times. Each transfer is a
;      critical section bracketed by `popf` (I <- 0, then I <- 1), as a kernel brackets one with
;      POPF/CLI and STI. The tick handler checks acct_a + acct_b = TOTAL, and counts the ticks
;      that caught a transfer half done.
;   2. A user program in its own segment (B = USEG, L = ULEN, I = 1) reads its PSW with smsw
;      and prints flags, B and L; at exit the kernel compares them with the PSW it gave it.
;   The kernel powers off with 86, plus 1 when a tick caught a transfer half done, plus 2 when
;   the program's smsw did not read its own PSW.
;
; What each mode does with it
;   native        the popf pair holds a tick pending until the section ends (it is delivered
;                 right after `popf` sets I again); smsw reads the program's PSW: status 86.
;   segment       the guest kernel runs in hardware user mode, where popf does nothing: the
;                 vPSW's I stays 1, ticks strike inside critical sections, the handler sees the
;                 sum off by one; smsw reads the hardware PSW, B = addr0 + USEG: status 89.
;   shadow-trace  the same for popf; smsw reads the hardware flags, with P = 1 (the shadow page
;   shadow-vtlb   tables): the program prints flags 6; status 89.
;   compare names the difference as the expected Theorem 1 violation (popf, smsw).
;
; Physical memory map (the kernel runs with B = 0, L = SZ: its addresses are physical)
;   0x0000  trap area
;   0x0010  kernel code and data, the user image (copied into the segment at boot)
;   0x0F00  top of the kernel stack (grows down)
;   0x1000  the user segment: B = USEG, L = ULEN; code and data from 0, stack at the top
;   0x1400  end (the machine needs SZ >= 0x1400)
;
; System calls (lib/sysnums.s): exit(status), puts(string; '%' prints r2, r3, r4 in decimal).
; Any other trap of the program powers off with 128 + cause.
;
; Expected console output, natively (exact):
;   [k] x86-popf-smsw: 400 transfers, each between popf I=0 and popf I=1, a tick every 37 instructions
;   [k] 400 transfers, 199 ticks, 0 caught a transfer half done
;   user: smsw reads flags 4, B 4096, L 1024
;   [k] the program's smsw read its own PSW
;
; Under segment the second line counts ticks that caught a transfer half done, the third
; reads B 4096 + addr0, and the fourth says the program's smsw read another PSW (status 89);
; under the shadow modes the third reads flags 6 (status 89).
;
; Exit: poweroff, status 86 natively.
        .profile x86
        .include "lib/sysnums.s"

        .equ N, 400                     ; transfers
        .equ TOTAL, 1000                ; acct_a + acct_b, outside a transfer
        .equ TICK, 37                   ; instructions between ticks (kernel time included)
        .equ USEG, 0x1000
        .equ ULEN, 0x400
        .equ KSTACK, 0x0F00
        .equ ST_BASE, 86                ; the power-off status when everything held
        .equ ST_TORN, 1                 ; added when a tick caught a transfer half done
        .equ ST_SMSW, 2                 ; added when smsw did not read the program's PSW

        .org 16
_start: li   sp, KSTACK
        li   r2, USEG + ULEN
        bltu r1, r2, too_small
        li   r2, PSW_S                  ; traps run the kernel: s, P = 0, I = 0, B = 0, L = SZ
        st   r2, NEW_PSW(r0)
        st   r0, NEW_PSW+1(r0)
        st   r1, NEW_PSW+2(r0)
        la   r2, trap
        st   r2, NEW_PSW+3(r0)
        st   r1, kpsw+2(r0)             ; the kernel's own PSW: s, I = 1, B = 0, L = SZ
        la   r3, user                   ; copy the user image to the bottom of its segment
        li   r4, USEG
        li   r5, user_end - user
copy:   ld   r6, 0(r3)
        st   r6, 0(r4)
        addi r3, r3, 1
        addi r4, r4, 1
        addi r5, r5, -1
        bnez r5, copy
        la   r1, msg_boot
        call puts
        li   r1, N
        call putdec
        la   r1, msg_boot2
        call puts
        li   r1, TICK
        call putdec
        la   r1, msg_boot3
        call puts
        li   r2, TICK
        mtcr timer, r2
        lpsw kpsw(r0)                   ; on with the tick enabled

; ---------------------------------------------------------------- 1. critical sections
kmain:  li   r9, N                      ; transfers left
        li   r12, PSW_I                 ; popf r12: interrupts on; popf r0: off
xfer:   popf r0                         ; I <- 0: the section begins
        ld   r3, acct_a(r0)
        addi r3, r3, -1
        st   r3, acct_a(r0)
        ld   r4, xfers(r0)              ; bookkeeping inside the section, as real ones have
        addi r4, r4, 1
        st   r4, xfers(r0)
        ld   r4, acct_b(r0)
        addi r4, r4, 1
        st   r4, acct_b(r0)
        popf r12                        ; I <- 1: a tick that fell due in the section strikes now
        addi r9, r9, -1
        bnez r9, xfer
        mtcr timer, r0                  ; no tick while the kernel reports
        la   r1, msg_k1
        call puts
        ld   r1, xfers(r0)
        call putdec
        la   r1, msg_k2
        call puts
        ld   r1, ticks(r0)
        call putdec
        la   r1, msg_k3
        call puts
        ld   r1, torn(r0)
        call putdec
        la   r1, msg_k4
        call puts

; ---------------------------------------------------------------- 2. the user program
        li   r2, ULEN                   ; its stack at the top of its segment
        st   r2, saved+14(r0)
        li   r2, TICK
        mtcr timer, r2
        lpsw upsw(r0)

; ---------------------------------------------------------------- the trap handler
; Saves r1..r15 in `saved` (word n holds rn) and dispatches on the cause.
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
        li   r3, T_TIMER
        beq  r2, r3, tick
        li   r3, T_SVC
        beq  r2, r3, syscall
        addi r1, r2, 128                ; anything else: power off with 128 + cause
        out  r1, POWER

; A tick: count it; one that interrupted the kernel checks the two counters.
tick:   ld   r2, ticks(r0)
        addi r2, r2, 1
        st   r2, ticks(r0)
        ld   r2, OLD_PSW(r0)
        andi r2, r2, PSW_S
        beqz r2, tick_done
        ld   r2, acct_a(r0)
        ld   r3, acct_b(r0)
        add  r2, r2, r3
        li   r3, TOTAL
        beq  r2, r3, tick_done
        ld   r2, torn(r0)               ; the sum is off: a transfer was half done
        addi r2, r2, 1
        st   r2, torn(r0)
tick_done:
        li   r2, TICK
        mtcr timer, r2
        j    resume

syscall:
        ld   r2, OLD_PSW+3(r0)          ; return past the svc
        addi r2, r2, 1
        st   r2, OLD_PSW+3(r0)
        ld   r2, TRAP_VALUE(r0)
        li   r3, SYS_PUTS
        beq  r2, r3, sys_puts
        li   r3, SYS_EXIT
        beq  r2, r3, sys_exit
        li   r2, -1                     ; unknown call: r1 <- -1
        st   r2, saved+1(r0)
resume: ld   r1, saved+1(r0)
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

; puts: the string at the program's virtual r1 (it may not leave the segment); each '%'
; prints the next of r2, r3, r4 in decimal.
sys_puts:
        ld   r8, saved+1(r0)
        li   r9, saved+2
sys_puts_next:
        li   r2, ULEN
        bgeu r8, r2, resume
        ld   r1, USEG(r8)
        beqz r1, resume
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

; exit: the program leaves what smsw read in r2 (flags), r3 (B), r4 (L); the kernel compares
; them with the PSW it gave the program, and powers off.
sys_exit:
        mtcr timer, r0
        li   r8, ST_BASE
        ld   r2, torn(r0)
        beqz r2, exit_smsw
        addi r8, r8, ST_TORN
exit_smsw:
        la   r1, msg_own
        ld   r2, saved+2(r0)
        ld   r3, upsw(r0)
        bne  r2, r3, exit_other
        ld   r2, saved+3(r0)
        ld   r3, upsw+1(r0)
        bne  r2, r3, exit_other
        ld   r2, saved+4(r0)
        ld   r3, upsw+2(r0)
        beq  r2, r3, exit_print
exit_other:
        la   r1, msg_other
        addi r8, r8, ST_SMSW
exit_print:
        call puts
        out  r8, POWER

too_small:
        la   r1, msg_small
        call puts
        li   r1, 255
        out  r1, POWER

        .include "lib/console.s"

msg_boot:  .string "[k] x86-popf-smsw: "
msg_boot2: .string " transfers, each between popf I=0 and popf I=1, a tick every "
msg_boot3: .string " instructions\n"
msg_k1:    .string "[k] "
msg_k2:    .string " transfers, "
msg_k3:    .string " ticks, "
msg_k4:    .string " caught a transfer half done\n"
msg_own:   .string "[k] the program's smsw read its own PSW\n"
msg_other: .string "[k] the program's smsw read another PSW: not the one the kernel gave it\n"
msg_small: .string "x86-popf-smsw: memory too small\n"

; Kernel data, below 32768 so that it is reached as sym(r0).
kpsw:   .word PSW_S | PSW_I, 0, 0, kmain
upsw:   .word PSW_I, USEG, ULEN, 0      ; the program: user mode, I = 1, its segment, pc 0
acct_a: .word TOTAL
acct_b: .word 0
xfers:  .word 0
ticks:  .word 0
torn:   .word 0
saved:  .space 16

; ---------------------------------------------------------------- the user program
; Assembled for its segment at 0.
user:   .phase 0
        smsw r2, flags
        smsw r3, b
        smsw r4, l
        la   r1, u_line
        svc  SYS_PUTS
        li   r1, 0
        svc  SYS_EXIT                   ; r2, r3, r4 still hold what smsw read
u_line: .string "user: smsw reads flags %, B %, L %\n"
        .dephase
user_end:
