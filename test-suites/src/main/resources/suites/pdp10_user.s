; pdp10_user.s: what every VMM runs exactly under profile pdp10 (spec section 8). jrstu in user
; mode is a plain jump: PC <- rs1 + sext(imm) (mod 2^32), M stays u, I, B and L unchanged; a
; target past L faults on its fetch. The instructions of the other profiles (popf, smsw, mrs)
; are ILLEGAL in either mode (value: the instruction word), and the kseg window is off: a
; supervisor va of 0xC0000000 follows the segment rule.
; jrstu in supervisor mode, the Theorem 1 violation, is pdp10_jrstu.s.
; The suite assumes SZ = MEMSZ words (the manifest's memory size) and checks it first.
        .profile pdp10
        .include "lib/report.s"

        .equ MEMSZ, 32768
        .equ USEG, 0x6000               ; the user program's segment
        .equ ULEN, 0x100

; user_run ENTRY: run the user program at va ENTRY under upsw until its first trap.
        .macro user_run entry
        trap_clear
        li   r1, \entry
        st   r1, upsw+3(r0)
        recover_at ur_\@_back
        lpsw upsw(r0)
ur_\@_back:
        .endm

; user_trap NAME, ENTRY, CAUSE: run the user program at ENTRY; its first instruction must trap
; with CAUSE and the instruction word as value.
        .macro user_trap name, entry, cause
        user_run \entry
        check_trap_insn \name, \cause, USEG + \entry, \entry
        .endm

main:
        check_mem "SZ is the manifest's memory size", sv_memsz, MEMSZ

; ---- user-mode jrstu: a jump that stays in user mode, keeping I, B and L
        user_run u_jump
        check_trap "user jrstu reaches its target", T_SVC, 1, 0, u_target
        check_psw "user jrstu keeps the user PSW", PSW_I, USEG, ULEN
        li   r3, u_target + 7
        user_run u_back
        check_trap "user jrstu -7(r3)", T_SVC, 1, 0, u_target
        li   r3, 0xFFFFFFFF
        user_run u_wrap
        check_trap "user jrstu target wraps mod 2^32", T_SVC, 1, 0, u_target
        user_run u_far
        check_trap "user jrstu past L faults on the fetch", T_SEGMENT, ULEN, ACC_F | ACC_U, ULEN

; ---- the other profiles' instructions are undefined under pdp10, in either mode
        user_trap "user popf under pdp10", u_popf, T_ILLEGAL
        user_trap "user smsw under pdp10", u_smsw, T_ILLEGAL
        user_trap "user mrs under pdp10", u_mrs, T_ILLEGAL
        trap_clear
s_popf: popf r1
        check_trap_insn "popf under pdp10", T_ILLEGAL, s_popf, s_popf
        trap_clear
s_smsw: smsw r1, b
        check_trap_insn "smsw under pdp10", T_ILLEGAL, s_smsw, s_smsw
        trap_clear
s_mrs:  mrs  r1
        check_trap_insn "mrs under pdp10", T_ILLEGAL, s_mrs, s_mrs

; ---- no kseg window under pdp10: 0xC0000000 is an ordinary va, past L = SZ
        li   r3, 0xC0000000
        trap_clear
k_ld:   ld   r2, 0(r3)
        check_trap "va 0xC0000000 under pdp10", T_SEGMENT, 0xC0000000, 0, k_ld

        summary

upsw:   .word PSW_I, USEG, ULEN, 0

; ---- the user program, assembled for va 0, placed at USEG
        .org USEG
        .phase 0
u_jump: jrstu u_target(r0)
        halt
u_back: jrstu -7(r3)
        halt
u_wrap: jrstu u_target + 1(r3)          ; 0xFFFFFFFF + u_target + 1 = u_target
        halt
u_far:  jrstu ULEN(r0)
u_popf: popf r1
u_smsw: smsw r1, flags
u_mrs:  mrs  r1
u_target: svc 1
        .dephase
