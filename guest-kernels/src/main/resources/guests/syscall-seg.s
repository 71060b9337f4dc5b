; syscall-seg.s: the system-call-heavy loop of syscall.s on a segment kernel (P = 0), so that
; the same workload runs under every mode, segment included.
;
; After Adams & Agesen (ASPLOS 2006). The user program is syscall.s's (lib/syscall-user.s):
; N null system calls (svc SYS_GETPID), adding up the pids returned. The kernel does on each call
; what the paging kernel (lib/pagecore.s) does: save the context, read what is left of the
; time slice (mfcr timer), dispatch, then reload the timer (mtcr timer) and return with lpsw.
; Under a VMM each call is therefore one reflected SVC and three emulated privileged
; instructions, in every mode; what differs between the modes is only the memory side (the
; relocation register alone under segment, shadow page tables under the shadow modes).
;
; Size: N calls; N = the .equ below (about 6 M instructions), or the first decimal number in
; the console input. Result: the number of calls and the sum of the pids returned (N, since
; the workload is pid 1).
;
; Physical memory map (the kernel runs with B = 0, L = SZ: its addresses are physical)
;   0x0000  trap area
;   0x0010  kernel code and data, the user image (copied into the segment at boot)
;   0x0F00  top of the kernel stack (grows down)
;   0x1000  the user segment: B = USEG, L = ULEN; code and data from 0, stack at the top
;   0x1400  end (the machine needs SZ >= 0x1400)
;
; System calls (lib/sysnums.s): exit(status), puts(string, '%' prints r2, r3), getpid (1),
; getc (the next input byte, or -1). Any other number returns -1.
; A trap other than SVC and TIMER kills the process: the kernel powers off with 128 + cause.
;
; Expected console output (exact):
;   syscall-seg: 70000 calls, pid sum 70000
;
; Exit: poweroff, status 0 (1 if a call returned another pid).
        .equ N, 70000
        .equ USEG, 0x1000
        .equ ULEN, 0x400
        .equ KSTACK, 0x0F00
        .equ SLICE, 10000               ; the timer slice, in retired instructions
        .include "lib/sysnums.s"
        .include "lib/proc.s"
        .include "lib/readnum.s"

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
        la   r13, proc                  ; pid 1: user mode, I = 1, its segment, pc 0, sp at the top
        li   r2, PSW_I
        st   r2, P_PSW(r13)
        li   r2, USEG
        st   r2, P_PSW+1(r13)
        li   r2, ULEN
        st   r2, P_PSW+2(r13)
        st   r0, P_PSW+3(r13)
        st   r2, P_REGS+14(r13)
        li   r2, SLICE
        st   r2, slice_left(r0)
        j    resume

; The trap entry: every trap of the user program comes here.
trap:   save_context                    ; r13 = the process slot
        li   sp, KSTACK                 ; the kernel's own stack, not the user's sp
        mfcr r2, timer                  ; what is left of the slice
        st   r2, slice_left(r0)
        ld   r2, TRAP_CAUSE(r0)
        li   r3, T_SVC
        beq  r2, r3, syscall
        li   r3, T_TIMER
        beq  r2, r3, tick
        addi r1, r2, 128                ; any other trap kills the only process
        out  r1, POWER

tick:   li   r2, SLICE                  ; one process: it gets the next slice too
        st   r2, slice_left(r0)
        j    resume

syscall:
        ld   r2, P_PSW+3(r13)           ; return past the svc
        addi r2, r2, 1
        st   r2, P_PSW+3(r13)
        ld   r2, TRAP_VALUE(r0)         ; the call number
        li   r1, 1                      ; getpid: 1
        li   r3, SYS_GETPID
        beq  r2, r3, sys_return
        li   r3, SYS_GETC
        beq  r2, r3, sys_getc
        li   r3, SYS_PUTS
        beq  r2, r3, sys_puts
        li   r3, SYS_EXIT
        beq  r2, r3, sys_exit
        li   r1, -1                     ; unknown call
sys_return:
        st   r1, P_REGS+1(r13)
resume: resume_psw_prepare
        ld   r2, slice_left(r0)
        bnez r2, resume_timer
        li   r2, SLICE                  ; the slice ran out in the kernel: a fresh one
resume_timer:
        mtcr timer, r2
        resume_registers

sys_getc:
        in   r1, CONSOLE
        j    sys_return

sys_exit:
        ld   r1, P_REGS+1(r13)
        out  r1, POWER

; puts: the string at user virtual r1 (inside the segment), each '%' printing the next of r2, r3.
sys_puts:
        ld   r8, P_REGS+1(r13)          ; va of the next character
        li   r9, P_REGS+2               ; slot offset of the next '%' argument
sys_puts_next:
        li   r2, ULEN
        bgeu r8, r2, sys_puts_done          ; the string may not leave the segment
        ld   r1, USEG(r8)
        beqz r1, sys_puts_done
        addi r8, r8, 1
        li   r2, '%'
        beq  r1, r2, sys_puts_arg
        out  r1, CONSOLE
        j    sys_puts_next
sys_puts_arg:
        add  r2, r13, r9
        ld   r1, 0(r2)
        addi r9, r9, 1
        call putdec
        j    sys_puts_next
sys_puts_done:
        li   r1, 0
        j    sys_return

too_small:
        la   r1, msg_small
        call puts
        li   r1, 255
        out  r1, POWER

        .include "lib/console.s"
msg_small:  .string "syscall-seg: memory too small\n"

; Kernel data, below 32768 so that it is reached as sym(r0) (lib/proc.s).
cur_proc:   .word 0
trap_r1:    .word 0
resume_psw: .space 4
slice_left: .word 0
proc:       .space PROC_WORDS

; The user program of syscall.s, assembled for its segment at 0; sc_result is its result line.
user:   .phase 0
        .include "lib/syscall-user.s"
sc_result:
        .string "syscall-seg: % calls, pid sum %\n"
        .dephase
user_end:
