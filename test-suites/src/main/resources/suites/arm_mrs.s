; arm_mrs.s: mrs, profile arm (spec section 8, like ARM's MRS CPSR): rd <- the current PSW's
; flags (M bit 0, P bit 1, I bit 2) in either mode, with no trap: in supervisor mode with I
; clear and set, in a relocated supervisor segment, in user mode with I clear and set.
; mrs is sensitive and not privileged, the Theorem 1 violation, and user-sensitive (it reads
; I in user mode), the Theorem 3 violation: under segment and the shadow modes it reads the
; hardware's PSW (M = u, I = 1, and P = 1 under shadow paging), so the checks below fail there
; by design (the manifest expects the difference). Its encoding, mrs into r0 and the undefined
; instructions, which every VMM runs exactly, are arm_user.s.
; The suite assumes SZ = MEMSZ words (the manifest's memory size) and checks it first.
        .profile arm
        .include "lib/report.s"

        .equ MEMSZ, 32768
        .equ SEGB, 0x5000               ; a relocated supervisor segment
        .equ SEGL, 0x40
        .equ USEG, 0x6000               ; the user program's segment
        .equ ULEN, 0x100

; user_mrs NAME, FLAGS: run the user program with PSW flags FLAGS; its mrs must read FLAGS.
        .macro user_mrs name, flags
        li   r1, \flags
        st   r1, upsw(r0)
        li   r1, 0xDEAD
        trap_clear
        recover_at um_\@_back
        lpsw upsw(r0)
um_\@_back:
        check_eqi \name, r1, \flags
        .endm

main:
        check_mem "SZ is the manifest's memory size", sv_memsz, MEMSZ

; ---- supervisor mode
        trap_clear
        mrs  r1
        check_eqi "supervisor mrs", r1, PSW_S
        lpsw ipsw(r0)
i_on:   mrs  r1
        lpsw spsw(r0)
s_on:   check_eqi "supervisor mrs with I", r1, PSW_S | PSW_I
        li   r1, 0xDEAD
        lpsw rpsw(r0)
r_back: check_eqi "relocated supervisor mrs", r1, PSW_S
        check_no_trap "mrs in supervisor mode does not trap"

; ---- user mode
        user_mrs "user mrs", 0
        check_trap "user mrs does not trap", T_SVC, 1, 0, u_svc
        user_mrs "user mrs with I", PSW_I

        summary

ipsw:   .word PSW_S | PSW_I, 0, MEMSZ, i_on
spsw:   .word PSW_S, 0, MEMSZ, s_on
rpsw:   .word PSW_S, SEGB, SEGL, 0
upsw:   .word 0, USEG, ULEN, 0

; ---- the relocated supervisor segment's code, assembled for va 0, placed at SEGB
        .org SEGB
        .phase 0
        mrs  r1
        lpsw r_psw(r0)
r_psw:  .word PSW_S, 0, MEMSZ, r_back
        .dephase

; ---- the user program, assembled for va 0, placed at USEG
        .org USEG
        .phase 0
        mrs  r1
u_svc:  svc  1
        .dephase
