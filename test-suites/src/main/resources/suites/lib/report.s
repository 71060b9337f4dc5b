; lib/report.s: the report library of the guest test suites (kvm-unit-tests style).
;
; A suite includes this file first. It places itself at address 16, defines _start, installs
; a trap handler and jumps to the suite's `main`; the suite ends with `summary`.
;
;   _start   records SZ (r1 at boot) in sv_memsz, sets sp = SZ and NEW_PSW = (s, B 0, L SZ,
;            sv_trap), then jumps to main with r1 still SZ.
;   sv_trap  runs with paging off in supervisor mode: it records the trap (cause, value,
;            detail, the old PSW's flags, B, L and PC, and its own flags) and the trap count,
;            then resumes either past the trapping instruction (at the saved PC for TIMER),
;            or, when `recover_at` armed it, with the recovery PSW sv_rpsw (one shot).
;   checks   print `PASS: name` or `FAIL: name` (plus a `  got .., want ..` line for failed
;            comparisons) on the console; `summary` prints `SUMMARY: N tests, F failures`
;            and powers off with exit status F.
;
; Register use: the handler preserves every register. The check macros and routines clobber
; r11, r12, r13 and lr (r15); `recover_at`, `trap_clear` and `set_recover_psw` clobber r11.
; A suite keeps its values in r1..r10 and sp, and never passes r11..r13 to a check.
; Check names are string literals; a name is printed as written.
;
; Everything here lives below address 0x1000, so suites address the sv_ variables as
; `sv_x(r0)` and may use any memory from their own code upward.

        .org 16
_start: st   r1, sv_memsz(r0)
        mov  sp, r1
        li   r11, PSW_S                 ; trap entry: supervisor, paging off, flat
        st   r11, NEW_PSW(r0)
        st   r0, NEW_PSW+1(r0)
        st   r1, NEW_PSW+2(r0)
        la   r11, sv_trap
        st   r11, NEW_PSW+3(r0)
        li   r11, PSW_S                 ; recovery lands flat in supervisor unless a suite says otherwise
        st   r11, sv_rpsw(r0)
        st   r0, sv_rpsw+1(r0)
        st   r1, sv_rpsw+2(r0)
        la   r11, main
        jalr r0, r11, 0

; ---- the trap handler. Its first instruction is a store below SZ with paging off, so it
; cannot trap (a trap there would be a double fault).
sv_trap:
        st   r11, sv_save(r0)
        st   r12, sv_save+1(r0)
        ld   r11, TRAP_CAUSE(r0)
        st   r11, sv_tcause(r0)
        ld   r11, TRAP_VALUE(r0)
        st   r11, sv_tvalue(r0)
        ld   r11, TRAP_DETAIL(r0)
        st   r11, sv_tdetail(r0)
        ld   r11, OLD_PSW(r0)
        st   r11, sv_tflags(r0)
        ld   r11, OLD_PSW+1(r0)
        st   r11, sv_tb(r0)
        ld   r11, OLD_PSW+2(r0)
        st   r11, sv_tl(r0)
        ld   r11, OLD_PSW+3(r0)
        st   r11, sv_tpc(r0)
        rdpsw r11, flags
        st   r11, sv_hflags(r0)
        ld   r11, sv_tcount(r0)
        addi r11, r11, 1
        st   r11, sv_tcount(r0)
        li   r12, 100000                ; a trap storm (a fault resumed into itself) ends the suite
        bgeu r11, r12, sv_storm
        ld   r11, sv_rarmed(r0)
        bnez r11, sv_trap_recover
        ld   r11, sv_tcause(r0)
        li   r12, T_TIMER
        beq  r11, r12, sv_trap_back     ; an interrupt resumes where it struck
        ld   r11, OLD_PSW+3(r0)         ; a synchronous trap saved its own PC: skip it
        addi r11, r11, 1
        st   r11, OLD_PSW+3(r0)
sv_trap_back:
        ld   r11, sv_save(r0)
        ld   r12, sv_save+1(r0)
        lpsw OLD_PSW(r0)
sv_trap_recover:
        st   r0, sv_rarmed(r0)
        ld   r11, sv_save(r0)
        ld   r12, sv_save+1(r0)
        lpsw sv_rpsw(r0)
sv_storm:
        li   r11, 1
        st   r11, sv_nfail(r0)
        la   r13, sv_s_storm
        call sv_puts
        j    sv_summary

; ---- sv_report: r11 = nonzero when the check passed, r12 = its name (a word per character,
; 0-terminated). sv_report_eq: r11 = the value got, r13 = the value wanted, r12 = the name.
sv_report_eq:
        st   r11, sv_got(r0)
        st   r13, sv_want(r0)
        sub  r11, r11, r13
        sltiu r11, r11, 1
        li   r13, 1
        st   r13, sv_hasval(r0)
        j    sv_report_any
sv_report:
        st   r0, sv_hasval(r0)
sv_report_any:
        st   lr, sv_rlr(r0)
        st   r12, sv_rname(r0)
        st   r11, sv_rpass(r0)
        ld   r13, sv_ntests(r0)
        addi r13, r13, 1
        st   r13, sv_ntests(r0)
        la   r13, sv_s_pass
        bnez r11, sv_rep_print
        ld   r13, sv_nfail(r0)
        addi r13, r13, 1
        st   r13, sv_nfail(r0)
        la   r13, sv_s_fail
sv_rep_print:
        call sv_puts
        ld   r13, sv_rname(r0)
        call sv_puts
        li   r11, '\n'
        out  r11, CONSOLE
        ld   r11, sv_rpass(r0)
        bnez r11, sv_rep_done
        ld   r11, sv_hasval(r0)
        beqz r11, sv_rep_done
        la   r13, sv_s_got              ; a failed comparison also shows both values
        call sv_puts
        ld   r11, sv_got(r0)
        call sv_puthex
        la   r13, sv_s_want
        call sv_puts
        ld   r11, sv_want(r0)
        call sv_puthex
        li   r11, '\n'
        out  r11, CONSOLE
sv_rep_done:
        ld   lr, sv_rlr(r0)
        ret

; sv_puts: prints the 0-terminated string at r13 (clobbers r11, r13).
sv_puts:
        ld   r11, 0(r13)
        beqz r11, sv_puts_end
        out  r11, CONSOLE
        addi r13, r13, 1
        j    sv_puts
sv_puts_end:
        ret

; sv_puthex: prints r11 as 8 hex digits (clobbers r11, r12, r13).
sv_puthex:
        li   r13, 8
sv_ph_loop:
        shri r12, r11, 28
        ld   r12, sv_hexdig(r12)
        out  r12, CONSOLE
        shli r11, r11, 4
        addi r13, r13, -1
        bnez r13, sv_ph_loop
        ret

; sv_putdec: prints r11 as an unsigned decimal number (clobbers r11, r12, r13).
sv_putdec:
        la   r13, sv_decbuf + 11
        st   r0, 0(r13)
sv_pd_loop:
        addi r13, r13, -1
        li   r12, 10
        remu r12, r11, r12
        addi r12, r12, '0'
        st   r12, 0(r13)
        li   r12, 10
        divu r11, r11, r12
        bnez r11, sv_pd_loop
        j    sv_puts

; sv_summary: prints the summary line and powers off with exit status = failures. Runs in
; supervisor mode (wherever the suite's code is mapped, the library is).
sv_summary:
        la   r13, sv_s_sum
        call sv_puts
        ld   r11, sv_ntests(r0)
        call sv_putdec
        la   r13, sv_s_tests
        call sv_puts
        ld   r11, sv_nfail(r0)
        call sv_putdec
        la   r13, sv_s_fails
        call sv_puts
        ld   r11, sv_nfail(r0)
        out  r11, POWER

; sv_summary_halt: as sv_summary, but halts when every check passed (for the halt suite).
sv_summary_halt:
        la   r13, sv_s_sum
        call sv_puts
        ld   r11, sv_ntests(r0)
        call sv_putdec
        la   r13, sv_s_tests
        call sv_puts
        ld   r11, sv_nfail(r0)
        call sv_putdec
        la   r13, sv_s_fails
        call sv_puts
        ld   r11, sv_nfail(r0)
        bnez r11, sv_summary_off
        halt
sv_summary_off:
        out  r11, POWER

; ---- strings and variables
sv_s_pass:  .string "PASS: "
sv_s_fail:  .string "FAIL: "
sv_s_got:   .string "  got 0x"
sv_s_want:  .string ", want 0x"
sv_s_sum:   .string "SUMMARY: "
sv_s_tests: .string " tests, "
sv_s_fails: .string " failures\n"
sv_hexdig:  .ascii "0123456789abcdef"
sv_s_storm: .string "FAIL: trap storm (a fault kept resuming into itself)\n"

sv_memsz:   .word 0                     ; SZ, as r1 held it at boot
sv_save:    .word 0, 0                  ; the handler's saved r11, r12
sv_tcause:  .word 0                     ; the last trap: cause (0: none since trap_clear)
sv_tvalue:  .word 0                     ;   value
sv_tdetail: .word 0                     ;   detail
sv_tflags:  .word 0                     ;   the interrupted PSW: flags
sv_tb:      .word 0                     ;   B
sv_tl:      .word 0                     ;   L
sv_tpc:     .word 0                     ;   saved PC
sv_hflags:  .word 0                     ; the handler's own PSW flags (rdpsw)
sv_tcount:  .word 0                     ; traps taken since boot
sv_rarmed:  .word 0                     ; nonzero: the next trap resumes with sv_rpsw
sv_rpsw:    .word 0, 0, 0, 0            ; the recovery PSW: flags, B, L, PC
sv_ntests:  .word 0
sv_nfail:   .word 0
sv_got:     .word 0
sv_want:    .word 0
sv_hasval:  .word 0
sv_rlr:     .word 0
sv_rname:   .word 0
sv_rpass:   .word 0
sv_decbuf:  .space 12
sv_lib_end:

; ---- macros

; trap_clear: forget the last trap and disarm any recovery.
        .macro trap_clear
        st   r0, sv_tcause(r0)
        st   r0, sv_tvalue(r0)
        st   r0, sv_tdetail(r0)
        st   r0, sv_tflags(r0)
        st   r0, sv_tb(r0)
        st   r0, sv_tl(r0)
        st   r0, sv_tpc(r0)
        st   r0, sv_rarmed(r0)
        .endm

; recover_at LABEL: the next trap resumes with the recovery PSW at LABEL (one shot).
        .macro recover_at label
        la   r11, \label
        st   r11, sv_rpsw+3(r0)
        li   r11, 1
        st   r11, sv_rarmed(r0)
        .endm

; set_recover_psw FLAGS, B, L: the PSW (less its PC) that recovery resumes with; the default
; is (s, 0, SZ). Paging suites set PSW_S|PSW_P.
        .macro set_recover_psw flags, b, l
        li   r11, \flags
        st   r11, sv_rpsw(r0)
        li   r11, \b
        st   r11, sv_rpsw+1(r0)
        li   r11, \l
        st   r11, sv_rpsw+2(r0)
        .endm

; summary: print the summary and power off with exit status = the number of failures.
        .macro summary
        la   r11, sv_summary
        jalr r0, r11, 0
        .endm

; check NAME, REG: passes when REG is nonzero.
        .macro check name, reg
        sltu r11, r0, \reg
        la   r12, sv_\@_n
        call sv_report
        j    sv_\@_e
sv_\@_n: .ascii \name
        .word 0
sv_\@_e:
        .endm

; check_eq NAME, RA, RB: passes when RA = RB.
        .macro check_eq name, ra, rb
        mov  r13, \rb
        mov  r11, \ra
        la   r12, sv_\@_n
        call sv_report_eq
        j    sv_\@_e
sv_\@_n: .ascii \name
        .word 0
sv_\@_e:
        .endm

; check_eqi NAME, RA, EXPR: passes when RA = EXPR (as a 32-bit word).
        .macro check_eqi name, ra, expr
        mov  r11, \ra
        li   r13, \expr
        la   r12, sv_\@_n
        call sv_report_eq
        j    sv_\@_e
sv_\@_n: .ascii \name
        .word 0
sv_\@_e:
        .endm

; check_mem NAME, ADDR, EXPR: passes when the word at virtual address ADDR is EXPR.
        .macro check_mem name, addr, expr
        li   r11, \addr
        ld   r11, 0(r11)
        li   r13, \expr
        la   r12, sv_\@_n
        call sv_report_eq
        j    sv_\@_e
sv_\@_n: .ascii \name
        .word 0
sv_\@_e:
        .endm

; check_mem_eq NAME, ADDR1, ADDR2: passes when the words at virtual ADDR1 and ADDR2 are equal.
        .macro check_mem_eq name, addr1, addr2
        li   r11, \addr1
        ld   r11, 0(r11)
        li   r13, \addr2
        ld   r13, 0(r13)
        la   r12, sv_\@_n
        call sv_report_eq
        j    sv_\@_e
sv_\@_n: .ascii \name
        .word 0
sv_\@_e:
        .endm

; check_trap NAME, CAUSE, VALUE, DETAIL, PC: four checks on the last trap, named
; "NAME: cause", "NAME: value", "NAME: detail" and "NAME: pc". Disarms recovery.
        .macro check_trap name, cause, value, detail, pc
        st   r0, sv_rarmed(r0)
        ld   r11, sv_tcause(r0)
        li   r13, \cause
        la   r12, sv_\@_n1
        call sv_report_eq
        ld   r11, sv_tvalue(r0)
        li   r13, \value
        la   r12, sv_\@_n2
        call sv_report_eq
        ld   r11, sv_tdetail(r0)
        li   r13, \detail
        la   r12, sv_\@_n3
        call sv_report_eq
        ld   r11, sv_tpc(r0)
        li   r13, \pc
        la   r12, sv_\@_n4
        call sv_report_eq
        j    sv_\@_e
sv_\@_n1: .ascii \name
        .string ": cause"
sv_\@_n2: .ascii \name
        .string ": value"
sv_\@_n3: .ascii \name
        .string ": detail"
sv_\@_n4: .ascii \name
        .string ": pc"
sv_\@_e:
        .endm

; check_trap_insn NAME, CAUSE, ADDR, PC: as check_trap for a trap whose value is the
; instruction word (PRIVILEGED, ILLEGAL, ARITH): value = the word at virtual ADDR, detail 0.
        .macro check_trap_insn name, cause, addr, pc
        st   r0, sv_rarmed(r0)
        ld   r11, sv_tcause(r0)
        li   r13, \cause
        la   r12, sv_\@_n1
        call sv_report_eq
        ld   r11, sv_tvalue(r0)
        li   r13, \addr
        ld   r13, 0(r13)
        la   r12, sv_\@_n2
        call sv_report_eq
        ld   r11, sv_tdetail(r0)
        li   r13, 0
        la   r12, sv_\@_n3
        call sv_report_eq
        ld   r11, sv_tpc(r0)
        li   r13, \pc
        la   r12, sv_\@_n4
        call sv_report_eq
        j    sv_\@_e
sv_\@_n1: .ascii \name
        .string ": cause"
sv_\@_n2: .ascii \name
        .string ": value"
sv_\@_n3: .ascii \name
        .string ": detail"
sv_\@_n4: .ascii \name
        .string ": pc"
sv_\@_e:
        .endm

; check_psw NAME, FLAGS, B, L: three checks on the PSW the last trap saved, named
; "NAME: flags", "NAME: b" and "NAME: l".
        .macro check_psw name, flags, b, l
        ld   r11, sv_tflags(r0)
        li   r13, \flags
        la   r12, sv_\@_n1
        call sv_report_eq
        ld   r11, sv_tb(r0)
        li   r13, \b
        la   r12, sv_\@_n2
        call sv_report_eq
        ld   r11, sv_tl(r0)
        li   r13, \l
        la   r12, sv_\@_n3
        call sv_report_eq
        j    sv_\@_e
sv_\@_n1: .ascii \name
        .string ": flags"
sv_\@_n2: .ascii \name
        .string ": b"
sv_\@_n3: .ascii \name
        .string ": l"
sv_\@_e:
        .endm

; check_no_trap NAME: passes when no trap was taken since the last trap_clear.
        .macro check_no_trap name
        ld   r11, sv_tcause(r0)
        li   r13, 0
        la   r12, sv_\@_n
        call sv_report_eq
        j    sv_\@_e
sv_\@_n: .ascii \name
        .word 0
sv_\@_e:
        .endm
