; traps.s: the privileged instructions and the non-memory traps. In supervisor mode: the boot
; PSW and control registers, rdpsw/mfcr/mtcr, SVC (value = imm zero-extended, saved PC = the
; svc), ILLEGAL (undefined opcodes, unknown cr and field numbers, lpsw with reserved flag bits,
; which changes nothing), delivery ignoring reserved NEW_PSW bits, lpsw itself, and a relocated
; supervisor segment (rdpsw b/l, lpsw words read through the segment). In user mode: every
; privileged instruction traps PRIVILEGED (value = the instruction word, detail 0, saved PC =
; its va, saved PSW = the user's); decode-time ILLEGAL comes before PRIVILEGED; svc, ARITH and
; relocated loads and stores work as in supervisor mode.
        .include "lib/report.s"

        .equ USEG, 0x6000               ; the user program's segment
        .equ ULEN, 0x100
        .equ KSEG, 0x7000               ; a relocated supervisor segment
        .equ KLEN, 0x100

; user_trap NAME, ENTRY, CAUSE: run the user program at ENTRY; its first instruction must trap
; with CAUSE and the instruction word as value.
        .macro user_trap name, entry, cause
        trap_clear
        li   r1, \entry
        st   r1, upsw+3(r0)
        recover_at ut_\@_back
        lpsw upsw(r0)
ut_\@_back:
        check_trap_insn \name, \cause, USEG + \entry, \entry
        .endm

main:
; PSW blocks whose L is SZ are completed at run time (SZ is the machine's, or the VM's).
        ld   r1, sv_memsz(r0)
        st   r1, l_ok+2(r0)
        st   r1, l_bad1+2(r0)
        st   r1, l_bad2+2(r0)
        li   r2, KSEG + 0x52
        st   r1, 0(r2)

; ---- the boot state
        rdpsw r1, flags
        check_eqi "boot rdpsw flags", r1, PSW_S
        rdpsw r1, b
        check_eqi "boot rdpsw b", r1, 0
        rdpsw r1, l
        ld   r2, sv_memsz(r0)
        check_eq  "boot rdpsw l is SZ", r1, r2
        mfcr r1, ptbr
        check_eqi "boot ptbr", r1, 0
        mfcr r1, timer
        check_eqi "boot timer", r1, 0
        li   r1, 0x12345
        mtcr ptbr, r1                   ; paging is off: no effect on translation
        mfcr r2, ptbr
        check_eqi "ptbr low 10 bits read as 0", r2, 0x12000
        mtcr ptbr, r0

; ---- svc in supervisor mode; the handler preserves every register
        trap_clear
s_0:    svc  0
        check_trap "svc 0", T_SVC, 0, 0, s_0
        check_mem "svc 0 saved flags", sv_tflags, PSW_S
        check_mem "svc 0 handler flags", sv_hflags, PSW_S
        trap_clear
s_ffff: svc  0xFFFF
        check_trap "svc 0xFFFF zero-extended", T_SVC, 0xFFFF, 0, s_ffff
        trap_clear
s_8000: svc  0x8000
        check_trap "svc 0x8000 zero-extended", T_SVC, 0x8000, 0, s_8000
        li   r1, 101
        li   r2, 102
        li   r3, 103
        li   r4, 104
        li   r5, 105
        li   r6, 106
        li   r7, 107
        li   r8, 108
        li   r9, 109
        li   r10, 110
        mov  r11, sp
        svc  7
        check_eq  "trap keeps sp", r11, sp
        li   r11, 101
        add  r11, r11, r2
        add  r11, r11, r3
        add  r11, r11, r4
        add  r11, r11, r5
        add  r11, r11, r6
        add  r11, r11, r7
        add  r11, r11, r8
        add  r11, r11, r9
        add  r11, r11, r10
        sub  r11, r11, r1
        check_eqi "trap keeps r2..r10", r11, 102+103+104+105+106+107+108+109+110
        check_eqi "trap keeps r1", r1, 101

; ---- ILLEGAL in supervisor mode: value = the instruction word, the instruction changes nothing
        trap_clear
i_0:    .word 0
        check_trap_insn "opcode 0 illegal", T_ILLEGAL, i_0, i_0
        trap_clear
i_1c:   .word 0x1C << 25
        check_trap_insn "opcode 0x1C illegal", T_ILLEGAL, i_1c, i_1c
        trap_clear
i_31:   .word 0x31 << 25
        check_trap_insn "opcode 0x31 illegal", T_ILLEGAL, i_31, i_31
        trap_clear
i_49:   .word 0x49 << 25
        check_trap_insn "opcode 0x49 illegal", T_ILLEGAL, i_49, i_49
        trap_clear
i_7f:   .word 0xFFFFFFFF
        check_trap_insn "opcode 0x7F illegal", T_ILLEGAL, i_7f, i_7f
        li   r1, 1000
        trap_clear
i_mtcr2: mtcr 2, r1
        check_trap_insn "mtcr cr 2 illegal", T_ILLEGAL, i_mtcr2, i_mtcr2
        mfcr r2, timer
        check_eqi "mtcr cr 2 changed no timer", r2, 0
        trap_clear
i_mtcrf: mtcr 65535, r1
        check_trap_insn "mtcr cr 65535 illegal", T_ILLEGAL, i_mtcrf, i_mtcrf
        li   r5, 0x55
        trap_clear
i_mfcr2: mfcr r5, 2
        check_trap_insn "mfcr cr 2 illegal", T_ILLEGAL, i_mfcr2, i_mfcr2
        check_eqi "mfcr cr 2 leaves rd", r5, 0x55
        trap_clear
i_rdpsw3: rdpsw r5, 3
        check_trap_insn "rdpsw field 3 illegal", T_ILLEGAL, i_rdpsw3, i_rdpsw3
        check_eqi "rdpsw field 3 leaves rd", r5, 0x55
        trap_clear
i_rdpswf: rdpsw r5, 0xFFFF
        check_trap_insn "rdpsw field 65535 illegal", T_ILLEGAL, i_rdpswf, i_rdpswf

; ---- lpsw: loads all four words; reserved flag bits are ILLEGAL and change nothing
        trap_clear
        lpsw l_ok(r0)
        li   r5, 1                      ; skipped: lpsw jumps
l_ok_t: check_no_trap "lpsw loads the PSW"
        trap_clear
i_lpsw1: lpsw l_bad1(r0)
        check_trap_insn "lpsw flags bit 3 illegal", T_ILLEGAL, i_lpsw1, i_lpsw1
        check_mem "lpsw bit 3 left the PSW", sv_tflags, PSW_S
        trap_clear
i_lpsw2: lpsw l_bad2(r0)
        check_trap_insn "lpsw flags bit 31 illegal", T_ILLEGAL, i_lpsw2, i_lpsw2
        trap_clear
i_lpsw3: lpsw l_bad3(r0)
        check_trap_insn "lpsw user flags with bit 4 illegal", T_ILLEGAL, i_lpsw3, i_lpsw3
        rdpsw r1, flags
        check_eqi "still supervisor after illegal lpsw", r1, PSW_S

; ---- a delivery loads NEW_PSW ignoring its reserved flag bits
        li   r1, 0xFFFFFFF9             ; s, P 0, I 0, every reserved bit set
        st   r1, NEW_PSW(r0)
        trap_clear
n_svc:  svc  3
        li   r1, PSW_S
        st   r1, NEW_PSW(r0)
        check_trap "svc under a reserved-bit NEW_PSW", T_SVC, 3, 0, n_svc
        check_mem "delivery ignores reserved NEW_PSW bits", sv_hflags, PSW_S

; ---- a relocated supervisor segment: fetches, data and lpsw words go through B
        trap_clear
        li   r1, 0
        li   r2, 0
        li   r3, 0
        recover_at k_back
        lpsw kpsw(r0)
k_back: check_trap "relocated supervisor svc", T_SVC, 2, 0, k_svc
        check_psw "relocated supervisor saved psw", PSW_S, KSEG, KLEN
        check_eqi "relocated rdpsw b", r1, KSEG
        check_eqi "relocated rdpsw l", r2, KLEN
        check_eqi "relocated rdpsw flags", r3, PSW_S
        check_mem "relocated st lands at B+va", KSEG + 0x40, KSEG
        check_eqi "relocated ld reads B+va", r4, 0xD00D
        trap_clear
        recover_at k_fail
        li   r1, k_lpsw
        st   r1, kpsw+3(r0)
        lpsw kpsw(r0)
k_fail: li   r5, 0                      ; reached only through a trap
        j    k_done
k_ret:  li   r5, 1                      ; reached by the relocated lpsw
k_done: check_eqi "lpsw reads its words through B", r5, 1
        check_no_trap "relocated lpsw took no trap"
        rdpsw r1, b
        check_eqi "relocated lpsw loaded B 0", r1, 0
        st   r0, sv_rarmed(r0)

; ---- user mode: privileged instructions trap PRIVILEGED
        user_trap "user lpsw", u_lpsw, T_PRIVILEGED
        check_psw "user trap saved psw", 0, USEG, ULEN
        check_mem "user trap handler flags", sv_hflags, PSW_S
        user_trap "user rdpsw", u_rdpsw, T_PRIVILEGED
        user_trap "user mtcr timer", u_mtcr, T_PRIVILEGED
        user_trap "user mtcr ptbr", u_mtcrp, T_PRIVILEGED
        user_trap "user mfcr timer", u_mfcr, T_PRIVILEGED
        user_trap "user mfcr ptbr", u_mfcrp, T_PRIVILEGED
        user_trap "user invlpg", u_invlpg, T_PRIVILEGED
        user_trap "user tlbflush", u_tlbflush, T_PRIVILEGED
        user_trap "user out console", u_out, T_PRIVILEGED
        user_trap "user out power", u_outp, T_PRIVILEGED
        user_trap "user in", u_in, T_PRIVILEGED
        user_trap "user halt", u_halt, T_PRIVILEGED
; decode-time ILLEGAL comes before PRIVILEGED
        user_trap "user undefined opcode", u_ill, T_ILLEGAL
        user_trap "user mtcr cr 2", u_mtcr2, T_ILLEGAL
        user_trap "user mfcr cr 9", u_mfcr9, T_ILLEGAL
        user_trap "user rdpsw field 3", u_rdpsw3, T_ILLEGAL
        user_trap "user div by 0", u_div0, T_ARITH
; svc from user mode: detail stays 0
        trap_clear
        li   r1, u_svc
        st   r1, upsw+3(r0)
        recover_at us_back
        lpsw upsw(r0)
us_back: check_trap "user svc", T_SVC, 0x4321, 0, u_svc
        check_psw "user svc saved psw", 0, USEG, ULEN
; user loads and stores relocate by B
        trap_clear
        li   r2, 0xFACE
        li   r3, 0
        li   r1, u_mem
        st   r1, upsw+3(r0)
        recover_at um_back
        lpsw upsw(r0)
um_back: check_trap "user relocated access", T_SVC, 1, 0, u_mem_svc
        check_mem "user st lands at B+va", USEG + 0x80, 0xFACE
        check_eqi "user ld reads B+va", r3, 0x7777

        summary

upsw:   .word 0, USEG, ULEN, 0          ; user mode, P 0, I 0; the PC is set per run
kpsw:   .word PSW_S, KSEG, KLEN, k_go
l_ok:   .word PSW_S, 0, 0, l_ok_t
l_bad1: .word PSW_S | 8, 0, 0, 0
l_bad2: .word PSW_S | 0x80000000, 0, 0, 0
l_bad3: .word 0x10, USEG, ULEN, 0

; ---- the relocated supervisor code, assembled for va 0 and placed at KSEG
        .org KSEG
        .phase 0
k_go:   rdpsw r1, b
        rdpsw r2, l
        rdpsw r3, flags
        st   r1, 0x40(r0)
        ld   r4, 0x41(r0)
k_svc:  svc  2
k_lpsw: lpsw 0x50(r0)
        .space 0x41 - .
        .word 0xD00D
        .space 0x50 - .
        .word PSW_S, 0, 0, k_ret        ; L is SZ, stored at run time
        .dephase

; ---- the user program, assembled for va 0 and placed at USEG
        .org USEG
        .phase 0
u_lpsw: lpsw 0(r0)
u_rdpsw: rdpsw r1, flags
u_mtcr: mtcr timer, r1
u_mtcrp: mtcr ptbr, r1
u_mfcr: mfcr r1, timer
u_mfcrp: mfcr r1, ptbr
u_invlpg: invlpg r1
u_tlbflush: tlbflush
u_out:  out  r1, CONSOLE
u_outp: out  r1, POWER
u_in:   in   r1, CONSOLE
u_halt: halt
u_ill:  .word 0
u_mtcr2: mtcr 2, r1
u_mfcr9: mfcr r1, 9
u_rdpsw3: rdpsw r1, 3
u_div0: div  r1, r1, r0
u_svc:  svc  0x4321
u_mem:  st   r2, 0x80(r0)
        ld   r3, 0x81(r0)
u_mem_svc: svc 1
        .space 0x81 - .
        .word 0x7777
        .dephase
