; x86_user.s: what every VMM runs exactly under profile x86 (spec section 8). popf in user mode
; changes nothing, silently: it neither sets nor clears I, and a pending tick stays pending.
; smsw with a field of 3 or more traps ILLEGAL in either mode (decode-time, before anything
; else; value: the instruction word), and smsw into r0 leaves r0 zero. The instructions of the
; other profiles (jrstu, mrs) are ILLEGAL in either mode; the kseg window is off.
; popf and smsw where they are sensitive, the Theorem 1 violations, are x86_popf_smsw.s.
; The suite assumes SZ = MEMSZ words (the manifest's memory size) and checks it first.
        .profile x86
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

; set_uflags FLAGS: the user PSW's flags for the next runs.
        .macro set_uflags flags
        li   r1, \flags
        st   r1, upsw(r0)
        .endm

main:
        check_mem "SZ is the manifest's memory size", sv_memsz, MEMSZ

; ---- popf in user mode changes nothing
        set_uflags 0
        li   r1, PSW_I
        user_run u_popf
        check_trap "user popf 4", T_SVC, 1, 0, u_popf + 1
        check_psw "user popf 4 left I clear", 0, USEG, ULEN
        set_uflags PSW_I
        li   r1, 0
        user_run u_popf
        check_psw "user popf 0 left I set", PSW_I, USEG, ULEN
        li   r1, 0xFFFFFFFF
        user_run u_popf
        check_psw "user popf 0xFFFFFFFF changed nothing", PSW_I, USEG, ULEN

; ---- a pending tick stays pending through a user popf that would set I
        set_uflags 0
        li   r1, 1
        mtcr timer, r1                  ; 1
        nop                             ; 0: pending, I = 0
        li   r1, PSW_I
        user_run u_popf
        check_trap "user popf does not deliver a pending tick", T_SVC, 1, 0, u_popf + 1
        mtcr timer, r0                  ; drop the tick

; ---- smsw fields 3 and up: ILLEGAL in either mode; smsw into r0
        user_trap "user smsw field 3", u_smsw3, T_ILLEGAL
        user_trap "user smsw field 0xFFFF", u_smswf, T_ILLEGAL
        trap_clear
s_smsw3: smsw r1, 3
        check_trap_insn "supervisor smsw field 3", T_ILLEGAL, s_smsw3, s_smsw3
        trap_clear
s_smswf: smsw r1, 0xFFFF
        check_trap_insn "supervisor smsw field 0xFFFF", T_ILLEGAL, s_smswf, s_smswf
        user_run u_smsw0
        check_trap "user smsw r0", T_SVC, 1, 0, u_smsw0 + 1
        check_eqi "user smsw r0 leaves r0 zero", r0, 0

; ---- the other profiles' instructions are undefined under x86, in either mode
        user_trap "user jrstu under x86", u_jrstu, T_ILLEGAL
        user_trap "user mrs under x86", u_mrs, T_ILLEGAL
        trap_clear
s_jrstu: jrstu 0(r0)
        check_trap_insn "jrstu under x86", T_ILLEGAL, s_jrstu, s_jrstu
        trap_clear
s_mrs:  mrs  r1
        check_trap_insn "mrs under x86", T_ILLEGAL, s_mrs, s_mrs

; ---- no kseg window under x86: 0xC0000000 is an ordinary va, past L = SZ
        li   r3, 0xC0000000
        trap_clear
k_ld:   ld   r2, 0(r3)
        check_trap "va 0xC0000000 under x86", T_SEGMENT, 0xC0000000, 0, k_ld

        summary

upsw:   .word 0, USEG, ULEN, 0

; ---- the user program, assembled for va 0, placed at USEG
        .org USEG
        .phase 0
u_popf: popf r1
        svc  1
u_smsw3: smsw r1, 3
u_smswf: smsw r1, 0xFFFF
u_smsw0: smsw r0, b
        svc  1
u_jrstu: jrstu 0(r0)
u_mrs:  mrs  r1
        .dephase
