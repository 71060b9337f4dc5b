; pdp10_jrstu.s: jrstu in supervisor mode, profile pdp10 (spec section 8, like the PDP-10's
; JRST 1): PC <- rs1 + sext(imm), then M <- u with P, I, B and L unchanged, so the next fetch,
; at the target, is made in user mode: a svc there saves M = u, a privileged instruction there
; traps PRIVILEGED, a target past L faults on its fetch with detail F|U. It does not trap and
; retires like any instruction: a tick it makes due strikes before the target's fetch, with
; the user-mode PSW saved. Its encoding: opcode 0x50, rs1 = B, imm16.
; This is the Theorem 1 violation that no trap-and-emulate VMM sees: under segment and the
; shadow modes the guest runs in hardware user mode already, jrstu is a plain jump and the vPSW
; keeps M = s, so the checks below fail there by design (the manifest expects the difference).
; jrstu in user mode, which every VMM runs exactly, is pdp10_user.s.
; The suite assumes SZ = MEMSZ words (the manifest's memory size) and checks it first.
        .profile pdp10
        .include "lib/report.s"

        .equ MEMSZ, 32768
        .equ SEGB, 0x5000               ; a relocated supervisor segment
        .equ SEGL, 0x40

; drop_at LABEL: jrstu to LABEL (flat) with recovery armed, and come back in supervisor mode
; after the first trap.
        .macro drop_at label
        trap_clear
        recover_at dr_\@_back
        la   r3, \label
        jrstu 0(r3)
dr_\@_back:
        .endm

main:
        check_mem "SZ is the manifest's memory size", sv_memsz, MEMSZ
        check_mem "jrstu 5(r3) encodes as 0xa0060005", enc_jrstu, 0xa0060005

; ---- M <- u: a svc at the target saves M = u; the PC is the target
        drop_at t_svc
        check_trap "svc after jrstu", T_SVC, 1, 0, t_svc
        check_psw "svc after jrstu: saved psw", 0, 0, MEMSZ
        rdpsw r1, flags
        check_eqi "recovered in supervisor mode", r1, PSW_S

; ---- a privileged instruction at the target traps PRIVILEGED
        drop_at t_halt
        check_trap_insn "halt after jrstu", T_PRIVILEGED, t_halt, t_halt
        check_psw "halt after jrstu: saved psw", 0, 0, MEMSZ

; ---- the target's fetch is made in user mode: past L, SEGMENT with F|U
        trap_clear
        recover_at f_back
        li   r3, MEMSZ
        jrstu 0(r3)
f_back: check_trap "fetch past L after jrstu", T_SEGMENT, MEMSZ, ACC_F | ACC_U, MEMSZ
        check_psw "fetch past L after jrstu: saved psw", 0, 0, MEMSZ

; ---- the target is rs1 + sext(imm)
        trap_clear
        recover_at n_back
        la   r3, t_svc + 5
        jrstu -5(r3)
n_back: check_trap "jrstu -5(r3) reaches r3 - 5", T_SVC, 1, 0, t_svc

; ---- P, I, B and L unchanged: from (s, I, SEGB, SEGL) the target runs in (u, I, SEGB, SEGL)
        trap_clear
        recover_at r_back
        lpsw rpsw(r0)
r_back: check_trap "jrstu in a relocated segment", T_SVC, 2, 0, r_svc - r_code
        check_psw "jrstu keeps I, B and L", PSW_I, SEGB, SEGL

; ---- it retires and counts down the timer: a tick it makes due strikes before the target's
; fetch, with the user-mode PSW saved
        lpsw ipsw(r0)
i_on:   trap_clear
        recover_at c_back
        la   r3, t_svc
        li   r1, 1
        mtcr timer, r1                  ; 1 (mtcr timer is not counted)
        jrstu 0(r3)                     ; retires: 0, a tick due, delivered before the fetch
c_back: check_trap "tick right after jrstu", T_TIMER, 0, 0, t_svc
        check_mem "tick right after jrstu: saved flags", sv_tflags, PSW_I

        summary

enc_jrstu: jrstu 5(r3)                  ; never run: its word is checked
t_svc:  svc  1
t_halt: halt
rpsw:   .word PSW_S | PSW_I, SEGB, SEGL, 0
ipsw:   .word PSW_S | PSW_I, 0, MEMSZ, i_on

; ---- the relocated segment's code, assembled for va 0, placed at SEGB
        .org SEGB
        .phase 0
r_code: jrstu r_svc(r0)
r_svc:  svc  2
        .dephase
