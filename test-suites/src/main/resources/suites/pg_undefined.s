; pg_undefined.s: the base profile pg (spec section 8) has none of the profile-only
; instructions: jrstu, popf, smsw and mrs trap ILLEGAL in either mode (value: the instruction
; word, detail 0, saved PC: its address), decode-time, before PRIVILEGED. And no kseg window: a
; va of 0xC0000000 follows the segment and memory rules, in supervisor mode (SEGMENT past L,
; MEMORY with value la inside a segment that covers it) and in user mode (MEMORY, detail U).
; Every VMM runs it exactly: under segment a user access inside the guest's segment but past
; memsize is the MEMORY fault of spec 7.2, not a SEGMENT one.
; The suite assumes SZ = MEMSZ words (the manifest's memory size) and checks it first.
        .profile pg
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

; user_trap NAME, ENTRY, CAUSE: run the user program at USEG + ENTRY (B = 0); its first
; instruction must trap with CAUSE and the instruction word as value.
        .macro user_trap name, entry, cause
        user_run USEG + \entry
        check_trap_insn \name, \cause, USEG + \entry, USEG + \entry
        .endm

main:
        check_mem "SZ is the manifest's memory size", sv_memsz, MEMSZ

; ---- supervisor mode
        trap_clear
s_jrstu: jrstu 0(r0)
        check_trap_insn "jrstu under pg", T_ILLEGAL, s_jrstu, s_jrstu
        trap_clear
s_popf: popf r1
        check_trap_insn "popf under pg", T_ILLEGAL, s_popf, s_popf
        trap_clear
s_smsw: smsw r1, flags
        check_trap_insn "smsw under pg", T_ILLEGAL, s_smsw, s_smsw
        trap_clear
s_mrs:  mrs  r1
        check_trap_insn "mrs under pg", T_ILLEGAL, s_mrs, s_mrs

; ---- user mode: ILLEGAL, not PRIVILEGED
        user_trap "user jrstu under pg", u_jrstu, T_ILLEGAL
        user_trap "user popf under pg", u_popf, T_ILLEGAL
        user_trap "user smsw under pg", u_smsw, T_ILLEGAL
        user_trap "user mrs under pg", u_mrs, T_ILLEGAL

; ---- no kseg window
        li   r3, 0xC0000000
        trap_clear
k_ld:   ld   r2, 0(r3)
        check_trap "supervisor va 0xC0000000 past L", T_SEGMENT, 0xC0000000, 0, k_ld
        lpsw bigpsw(r0)
k_big:  trap_clear
k_ld2:  ld   r2, 0(r3)
        check_trap "supervisor va 0xC0000000 with L = 2^32 - 1", T_MEMORY, 0xC0000000, 0, k_ld2
        lpsw flatpsw(r0)
k_flat: li   r3, 0xC0000000
        user_run USEG + u_ld
        check_trap "user va 0xC0000000 with B = 0, L = 2^32 - 1", T_MEMORY, 0xC0000000, ACC_U, USEG + u_ld

        summary

bigpsw:  .word PSW_S, 0, 0xFFFFFFFF, k_big
flatpsw: .word PSW_S, 0, MEMSZ, k_flat
upsw:    .word 0, 0, 0xFFFFFFFF, 0      ; user mode, B = 0, L = 2^32 - 1

; ---- the user program, placed at USEG and run at va USEG + x (B = 0)
        .org USEG
        .phase 0
u_jrstu: jrstu 0(r0)
u_popf: popf r1
u_smsw: smsw r1, flags
u_mrs:  mrs  r1
u_ld:   ld   r2, 0(r3)
        .dephase
