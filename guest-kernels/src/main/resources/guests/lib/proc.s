; lib/proc.s: the saved context of a process, and the macros that move it between the
; registers and a process slot. Shared by segkernel.s and lib/pagecore.s.
;
; A slot is PROC_WORDS words; a kernel may use the words that this file leaves free. The kernel
; defines in its own data `cur_proc` (the slot that runs, or ran when the trap came), `trap_r1`
; (scratch for the entry) and `resume_psw` (4 words), all at addresses below 32768 so that they
; are reached as `sym(r0)`.
        .equ PROC_WORDS, 32
        .equ PROC_SHIFT, 5              ; log2(PROC_WORDS), to turn a slot offset into its number
        .equ P_PSW, 4                   ; the saved PSW: flags, B, L, PC (4 words)
        .equ P_REGS, 8                  ; saved r0..r15 (r0's word unused, so P_REGS+n holds rn)

; save_context: the first code of a trap handler. Stores r1..r15 and the old PSW (words 0..3)
; into the slot at cur_proc, and leaves r13 = that slot. Touches nothing but kernel data, so it
; cannot trap (a trap here would be a double fault).
        .macro save_context
        st   r1, trap_r1(r0)            ; free r1 to address the save area
        ld   r1, cur_proc(r0)
        st   r2, P_REGS+2(r1)
        st   r3, P_REGS+3(r1)
        st   r4, P_REGS+4(r1)
        st   r5, P_REGS+5(r1)
        st   r6, P_REGS+6(r1)
        st   r7, P_REGS+7(r1)
        st   r8, P_REGS+8(r1)
        st   r9, P_REGS+9(r1)
        st   r10, P_REGS+10(r1)
        st   r11, P_REGS+11(r1)
        st   r12, P_REGS+12(r1)
        st   r13, P_REGS+13(r1)
        st   r14, P_REGS+14(r1)
        st   r15, P_REGS+15(r1)
        ld   r2, trap_r1(r0)
        st   r2, P_REGS+1(r1)
        ld   r2, OLD_PSW(r0)
        st   r2, P_PSW(r1)
        ld   r2, OLD_PSW+1(r0)
        st   r2, P_PSW+1(r1)
        ld   r2, OLD_PSW+2(r0)
        st   r2, P_PSW+2(r1)
        ld   r2, OLD_PSW+3(r0)
        st   r2, P_PSW+3(r1)
        mov  r13, r1
        .endm

; Resuming the slot in r13 takes two macros, so that a kernel may do its last work (such as
; loading the timer) between them, when only r13 and the resume block still matter:
; resume_psw_prepare records the slot in cur_proc and copies its PSW to the kernel's
; `resume_psw` block (4 words); resume_registers reloads every register, the base r13 last,
; and runs lpsw. resume_registers is RESUME_TAIL instructions long, the lpsw included.
        .equ RESUME_TAIL, 16
        .macro resume_psw_prepare
        st   r13, cur_proc(r0)
        ld   r2, P_PSW(r13)
        st   r2, resume_psw(r0)
        ld   r2, P_PSW+1(r13)
        st   r2, resume_psw+1(r0)
        ld   r2, P_PSW+2(r13)
        st   r2, resume_psw+2(r0)
        ld   r2, P_PSW+3(r13)
        st   r2, resume_psw+3(r0)
        .endm

        .macro resume_registers
        ld   r1, P_REGS+1(r13)
        ld   r2, P_REGS+2(r13)
        ld   r3, P_REGS+3(r13)
        ld   r4, P_REGS+4(r13)
        ld   r5, P_REGS+5(r13)
        ld   r6, P_REGS+6(r13)
        ld   r7, P_REGS+7(r13)
        ld   r8, P_REGS+8(r13)
        ld   r9, P_REGS+9(r13)
        ld   r10, P_REGS+10(r13)
        ld   r11, P_REGS+11(r13)
        ld   r12, P_REGS+12(r13)
        ld   r14, P_REGS+14(r13)
        ld   r15, P_REGS+15(r13)
        ld   r13, P_REGS+13(r13)
        lpsw resume_psw(r0)
        .endm
