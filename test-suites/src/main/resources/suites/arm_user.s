; arm_user.s: what every VMM runs exactly under profile arm (spec section 8). mrs's encoding
; (opcode 0x53, rd = A; every other bit ignored on decode), mrs into r0 leaving r0 zero in
; either mode, and the instructions of the other profiles (jrstu, popf, smsw), ILLEGAL in
; either mode (value: the instruction word); the kseg window is off.
; mrs where it is sensitive, the violation of Theorems 1 and 3, is arm_mrs.s.
; The suite assumes SZ = MEMSZ words (the manifest's memory size) and checks it first.
        .profile arm
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
        check_mem "mrs r9 encodes as 0xa7200000", enc_mrs, 0xa7200000

; ---- mrs into r0, and a word with the unused bits set, in both modes
        trap_clear
        mrs  r0
        check_eqi "supervisor mrs r0 leaves r0 zero", r0, 0
m_odd:  .word 0xa61fffff                ; mrs r0 with every unused bit (20..0) set
        check_no_trap "mrs with unused bits set does not trap"
        user_run u_mrs0
        check_trap "user mrs r0", T_SVC, 1, 0, u_mrs0 + 1
        check_eqi "user mrs r0 leaves r0 zero", r0, 0

; ---- the other profiles' instructions are undefined under arm, in either mode
        user_trap "user jrstu under arm", u_jrstu, T_ILLEGAL
        user_trap "user popf under arm", u_popf, T_ILLEGAL
        user_trap "user smsw under arm", u_smsw, T_ILLEGAL
        trap_clear
s_jrstu: jrstu 0(r0)
        check_trap_insn "jrstu under arm", T_ILLEGAL, s_jrstu, s_jrstu
        trap_clear
s_popf: popf r1
        check_trap_insn "popf under arm", T_ILLEGAL, s_popf, s_popf
        trap_clear
s_smsw: smsw r1, l
        check_trap_insn "smsw under arm", T_ILLEGAL, s_smsw, s_smsw

; ---- no kseg window under arm: 0xC0000000 is an ordinary va, past L = SZ
        li   r3, 0xC0000000
        trap_clear
k_ld:   ld   r2, 0(r3)
        check_trap "va 0xC0000000 under arm", T_SEGMENT, 0xC0000000, 0, k_ld

        summary

enc_mrs: mrs r9                         ; never run: its word is checked
upsw:   .word 0, USEG, ULEN, 0

; ---- the user program, assembled for va 0, placed at USEG
        .org USEG
        .phase 0
u_mrs0: mrs  r0
        svc  1
u_jrstu: jrstu 0(r0)
u_popf: popf r1
u_smsw: smsw r1, flags
        .dephase
