; arm-mrs.s: an ARM style kernel whose print routine asks mrs (MRS CPSR) which mode it runs in.
;
; The instruction modeled
;   ARM's `MRS Rd, CPSR` copies the current program status register, mode bits included, into a
;   register, in any mode and without a trap. Profile `arm` (spec section 8) has it as
;   `mrs rd`: rd <- the PSW's flags (M, P, I), in either mode. It is sensitive (its result
;   depends on M and I) and not privileged, so Theorem 1 fails on it; it is user-sensitive too
;   (in user mode it reads I), so Theorem 3 fails as well: no trap-and-emulate VMM, hybrid
;   included, can run such a guest exactly. (ARMv7 kept it; the virtualization extensions added
;   a hypervisor mode instead.)
;
; What it does
;   `say` prints a string; the kernel and its user program each carry a copy (a library
;   routine linked into both). It asks mrs for the mode: in supervisor mode it writes the
;   console itself with `out`; in user mode it must ask the kernel, with svc SYS_PUTS. The
;   kernel reports what mrs told it, starts the program (user mode, I = 0), which prints its
;   own mrs reading through say, and at the program's exit prints how its own say calls went:
;   written directly, or through a system call to itself.
;
; What each mode does with it
;   native        the kernel's mrs reads flags 1 (s): say writes directly; the program's reads
;                 0 (u, I = 0): say makes system calls. Status 32.
;   segment       the guest kernel runs in hardware user mode: mrs reads the hardware PSW,
;                 flags 4 (u, I = 1), so the kernel believes it runs in user mode, its say makes
;                 a system call to the kernel itself (reflected to its own trap handler), and the
;                 program reads 4 instead of 0. Status 33.
;   shadow-trace  the same, with flags 6 (the hardware runs with P = 1 on the shadow page
;   shadow-vtlb   tables). Status 33.
;   compare names the difference as the expected Theorem 1 violation (mrs).
;
; Physical memory map (the kernel runs with B = 0, L = SZ: its addresses are physical)
;   0x0000  trap area
;   0x0010  kernel code and data, the user image (copied into the segment at boot)
;   0x0E00  top of the kernel's stack; 0x0F00 top of the trap handler's stack
;   0x1000  the user segment: B = USEG, L = ULEN; code and data from 0, stack at the top
;   0x1400  end (the machine needs SZ >= 0x1400)
;
; System calls (lib/sysnums.s): exit(status), puts(string at the caller's virtual r1, within
; its segment). They are accepted from either mode; the kernel counts those made from
; supervisor mode. Any other trap powers off with 128 + cause.
;
; Expected console output, natively (exact):
;   [k] arm-mrs: mrs reads flags 1: supervisor mode, so say() writes to the console itself
;   [k] starting the program in user mode, with I = 0
;   user: hello; say() chose for me
;   user: mrs reads flags 0
;   [k] program exited with status 0
;   [k] say() in the kernel: 3 calls, 3 written directly, 0 by a system call to the kernel
;
; Under segment the first line reads "flags 4: user mode, so say() makes system calls", the
; fourth "flags 4", the last "2 calls, 0 written directly, 2 by a system call to the kernel";
; under the shadow modes the same with flags 6.
;
; Exit: poweroff, status 32 natively; 33 when the kernel made a system call to itself.
        .profile arm
        .include "lib/sysnums.s"

        .equ USEG, 0x1000
        .equ ULEN, 0x400
        .equ KSTACK, 0x0E00             ; the kernel's stack
        .equ TSTACK, 0x0F00             ; the trap handler's (the kernel may trap to itself)
        .equ ST_BASE, 32
        .equ ST_SELF, 1                 ; added when the kernel made a system call to itself

; say_routine NAME: the print routine, assembled where it is expanded (the kernel's copy and
; the program's). NAME: print the string at r1 (a word per character, 0-terminated); clobbers
; r1, r2, r3.
        .macro say_routine name
\name:  mrs  r2                         ; which mode am I in?
        andi r2, r2, PSW_S
        beqz r2, say\@_svc
say\@_loop:                             ; supervisor: write the console myself
        ld   r3, 0(r1)
        beqz r3, say\@_done
        out  r3, CONSOLE
        addi r1, r1, 1
        j    say\@_loop
say\@_svc:                              ; user: ask the kernel
        svc  SYS_PUTS
say\@_done:
        ret
        .endm

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
        la   r3, user                   ; copy the user image to the bottom of its segment
        li   r4, USEG
        li   r5, user_end - user
copy:   ld   r6, 0(r3)
        st   r6, 0(r4)
        addi r3, r3, 1
        addi r4, r4, 1
        addi r5, r5, -1
        bnez r5, copy
        mrs  r8                         ; what the kernel's say will see
        andi r2, r8, 7
        addi r2, r2, '0'
        st   r2, msg_digit(r0)
        la   r9, msg_user               ; the rest of the line: what say will do
        andi r2, r8, PSW_S
        beqz r2, boot_say
        la   r9, msg_sup
boot_say:
        la   r1, msg_mode
        call ksay
        mov  r1, r9
        call ksay
        la   r1, msg_start
        call ksay
        li   r2, ULEN                   ; the program's stack at the top of its segment
        st   r2, saved+14(r0)
        ld   r14, saved+14(r0)
        lpsw upsw(r0)

; ksay: the kernel's say, counted.
ksay:   ld   r2, ksays(r0)
        addi r2, r2, 1
        st   r2, ksays(r0)
        j    say
        say_routine say

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
        li   sp, TSTACK
        ld   r2, TRAP_CAUSE(r0)
        li   r3, T_SVC
        beq  r2, r3, syscall
        addi r1, r2, 128                ; anything else: power off with 128 + cause
        out  r1, POWER

syscall:
        ld   r2, OLD_PSW+3(r0)          ; return past the svc
        addi r2, r2, 1
        st   r2, OLD_PSW+3(r0)
        ld   r2, OLD_PSW(r0)            ; count the calls made from supervisor mode
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

; puts: the string at the caller's virtual r1, translated by the caller's B and bounded by its
; L, as the hardware would (the kernel runs with B = 0: its virtual addresses are physical).
sys_puts:
        ld   r8, saved+1(r0)
        ld   r9, OLD_PSW+1(r0)          ; the caller's B
        ld   r10, OLD_PSW+2(r0)         ; and L
sys_puts_next:
        bgeu r8, r10, resume
        add  r2, r9, r8
        ld   r1, 0(r2)
        beqz r1, resume
        out  r1, CONSOLE
        addi r8, r8, 1
        j    sys_puts_next

sys_exit:
        la   r1, msg_exit
        call puts
        ld   r1, saved+1(r0)
        call putdec
        la   r1, msg_sum1
        call puts
        ld   r1, ksays(r0)
        call putdec
        la   r1, msg_sum2
        call puts
        ld   r1, ksays(r0)
        ld   r2, sup_calls(r0)
        sub  r1, r1, r2
        call putdec
        la   r1, msg_sum3
        call puts
        ld   r1, sup_calls(r0)
        call putdec
        la   r1, msg_sum4
        call puts
        li   r8, ST_BASE
        ld   r2, sup_calls(r0)
        beqz r2, exit_off
        addi r8, r8, ST_SELF
exit_off:
        out  r8, POWER

too_small:
        la   r1, msg_small
        call puts
        li   r1, 255
        out  r1, POWER

        .include "lib/console.s"

; msg_mode's digit is patched in at boot; the line goes on with msg_sup or msg_user.
msg_mode:  .ascii "[k] arm-mrs: mrs reads flags "
msg_digit: .word '?'
           .string ": "
msg_sup:   .string "supervisor mode, so say() writes to the console itself\n"
msg_user:  .string "user mode, so say() makes system calls\n"
msg_start: .string "[k] starting the program in user mode, with I = 0\n"
msg_exit:  .string "[k] program exited with status "
msg_sum1:  .string "\n[k] say() in the kernel: "
msg_sum2:  .string " calls, "
msg_sum3:  .string " written directly, "
msg_sum4:  .string " by a system call to the kernel\n"
msg_small: .string "arm-mrs: memory too small\n"

; Kernel data, below 32768 so that it is reached as sym(r0).
upsw:      .word 0, USEG, ULEN, 0       ; the program: user mode, I = 0, its segment, pc 0
ksays:     .word 0                      ; say calls the kernel made
sup_calls: .word 0                      ; system calls made from supervisor mode
saved:     .space 16

; ---------------------------------------------------------------- the user program
; Assembled for its segment at 0, with its own copy of say.
user:   .phase 0
        la   r1, u_hello
        call usay
        mrs  r8
        andi r8, r8, 7
        addi r8, r8, '0'
        st   r8, u_digit(r0)
        la   r1, u_flags
        call usay
        li   r1, 0
        svc  SYS_EXIT
        say_routine usay
u_hello: .string "user: hello; say() chose for me\n"
u_flags: .ascii "user: mrs reads flags "
u_digit: .word '?'
        .string "\n"
        .dephase
user_end:
