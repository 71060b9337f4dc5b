; x86_popf_smsw.s: popf and smsw where they are sensitive, profile x86 (spec section 8, like
; x86's POPF and SMSW). popf in supervisor mode sets I from bit 2 of rs and ignores every other
; bit (M and P stay); with a tick pending, the popf that sets I has it delivered before the next
; instruction (saved PC: that instruction), and the popf that clears I holds a tick that falls
; due pending. smsw reads the current PSW's flags (0), B (1) and L (2) in either mode, with no
; trap: in supervisor mode (flat and relocated) and in user mode.
; Both are sensitive and not privileged, the Theorem 1 violation: under segment and the shadow
; modes popf in vm-supervisor changes nothing and smsw reads the hardware's PSW, so the checks
; below fail there by design (the manifest expects the difference). popf in user mode, smsw's
; ILLEGAL fields and the undefined instructions, which every VMM runs exactly, are x86_user.s.
; The suite assumes SZ = MEMSZ words (the manifest's memory size) and checks it first.
        .profile x86
        .include "lib/report.s"

        .equ MEMSZ, 32768
        .equ SEGB, 0x5000               ; a relocated supervisor segment
        .equ SEGL, 0x40
        .equ USEG, 0x6000               ; the user program's segment
        .equ ULEN, 0x100

main:
        check_mem "SZ is the manifest's memory size", sv_memsz, MEMSZ

; ---- popf in supervisor mode: I <- bit 2 of rs, nothing else
        li   r1, PSW_I
        popf r1
        rdpsw r2, flags
        check_eqi "popf 4 sets I", r2, PSW_S | PSW_I
        popf r0
        rdpsw r2, flags
        check_eqi "popf 0 clears I", r2, PSW_S
        li   r1, 0xFFFFFFFF
        popf r1
        rdpsw r2, flags
        check_eqi "popf 0xFFFFFFFF sets I only", r2, PSW_S | PSW_I
        li   r1, 0xFFFFFFFB
        popf r1
        rdpsw r2, flags
        check_eqi "popf 0xFFFFFFFB clears I only", r2, PSW_S

; ---- popf setting I delivers a pending tick before the next instruction
        trap_clear
        li   r1, 1
        mtcr timer, r1                  ; 1
        nop                             ; 0: pending, I = 0
        nop
        li   r5, 0
        li   r1, PSW_I
        popf r1                         ; I = 1: the tick strikes before t_next
t_next: addi r5, r5, 1
        popf r0
        check_trap "tick delivered after popf sets I", T_TIMER, 0, 0, t_next
        check_mem "tick after popf: saved flags", sv_tflags, PSW_S | PSW_I
        check_mem "tick after popf: the handler ran with I = 0", sv_hflags, PSW_S
        check_eqi "tick after popf: the next instruction then ran", r5, 1

; ---- popf clearing I holds a tick that falls due
        li   r1, PSW_I
        popf r1
        trap_clear
        li   r1, 3
        mtcr timer, r1                  ; 3
        popf r0                         ; 2, I = 0
        nop                             ; 1
        nop                             ; 0: pending
        nop
        nop
        ld   r6, sv_tcount(r0)
        li   r1, PSW_I
        popf r1                         ; delivered now
h_next: ld   r7, sv_tcount(r0)
        popf r0
        sub  r7, r7, r6
        check_eqi "tick held while popf kept I = 0", r7, 1
        check_trap "held tick delivered after popf sets I", T_TIMER, 0, 0, h_next

; ---- smsw in supervisor mode, flat: (s, 0, SZ)
        smsw r1, flags
        check_eqi "supervisor smsw flags", r1, PSW_S
        smsw r1, b
        check_eqi "supervisor smsw b", r1, 0
        smsw r1, l
        check_eqi "supervisor smsw l", r1, MEMSZ
        li   r1, PSW_I
        popf r1
        smsw r1, flags
        popf r0
        check_eqi "supervisor smsw flags with I", r1, PSW_S | PSW_I

; ---- smsw in a relocated supervisor segment (SEGB, SEGL); it returns with lpsw
        li   r1, 0
        li   r2, 0
        li   r3, 0
        lpsw rpsw(r0)
r_back: check_eqi "relocated smsw flags", r1, PSW_S
        check_eqi "relocated smsw b", r2, SEGB
        check_eqi "relocated smsw l", r3, SEGL

; ---- smsw in user mode, no trap: (u, I, USEG, ULEN)
        li   r1, 0
        li   r2, 0
        li   r3, 0
        trap_clear
        recover_at u_back
        lpsw upsw(r0)
u_back: check_trap "user smsw does not trap", T_SVC, 1, 0, u_svc
        check_eqi "user smsw flags", r1, PSW_I
        check_eqi "user smsw b", r2, USEG
        check_eqi "user smsw l", r3, ULEN

        summary

rpsw:   .word PSW_S, SEGB, SEGL, 0
upsw:   .word PSW_I, USEG, ULEN, 0

; ---- the relocated supervisor segment's code, assembled for va 0, placed at SEGB
        .org SEGB
        .phase 0
        smsw r1, flags
        smsw r2, b
        smsw r3, l
        lpsw r_psw(r0)
r_psw:  .word PSW_S, 0, MEMSZ, r_back
        .dephase

; ---- the user program, assembled for va 0, placed at USEG
        .org USEG
        .phase 0
        smsw r1, flags
        smsw r2, b
        smsw r3, l
u_svc:  svc  1
        .dephase
