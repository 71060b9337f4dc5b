; encoding.s: the fixed instruction encoding of spec section 2.1 and the assembler's exact
; expansions of section 6, read back as data; then hand-encoded words run by the CPU, with
; the bits a format does not use set (ignored on decode) and a shift immediate of 33 (imm16
; mod 32).
        .include "lib/report.s"

main:
; ---- what the assembler emitted, word by word
        check_mem "enc add r3, r1, r2", e_add, 0x02624000
        check_mem "enc sub r7, r8, r9", e_sub, 0x04F12000
        check_mem "enc divu r1, r2, r3", e_divu, 0x18246000
        check_mem "enc remu r1, r2, r3", e_remu, 0x1A246000
        check_mem "enc addi r1, r2, -1", e_addi, 0x2024FFFF
        check_mem "enc sltiu r3, r1, -1", e_sltiu, 0x2462FFFF
        check_mem "enc sari r3, r1, 31", e_sari, 0x3062001F
        check_mem "enc lui r4, 0xABCD", e_lui, 0x3280ABCD
        check_mem "enc ld r4, 100(r2)", e_ld, 0x34840064
        check_mem "enc st r5, -2(r6)", e_st, 0x36ACFFFE
        check_mem "enc beq r1, r2, .", e_beq, 0x40240000
        check_mem "enc bne r1, r2, .-1", e_bne, 0x4225FFFF
        check_mem "enc jal lr, .+5", e_jal, 0x4DE00005
        check_mem "enc jal r0, .-1", e_jal2, 0x4C1FFFFF
        check_mem "enc jalr r5, r6, -3", e_jalr, 0x4EACFFFD
        check_mem "enc svc 0xBEEF", e_svc, 0x6000BEEF
        check_mem "enc lpsw 4(r3)", e_lpsw, 0x80060004
        check_mem "enc rdpsw r2, l", e_rdpsw, 0x82400002
        check_mem "enc mtcr timer, r7", e_mtcr, 0x840E0001
        check_mem "enc mfcr r6, ptbr", e_mfcr, 0x86C00000
        check_mem "enc invlpg r5", e_invlpg, 0x880A0000
        check_mem "enc tlbflush", e_tlbflush, 0x8A000000
        check_mem "enc out r2, 0x1234", e_out, 0x8C041234
        check_mem "enc in r9, CONSOLE", e_in, 0x8F200000
        check_mem "enc halt", e_halt, 0x90000000
        check_mem "pseudo li 0xFFFFFFFF is one addi", e_li1, 0x2020FFFF
        check_mem "pseudo li 0xFFFFFFFF next word untouched", e_li1 + 1, 0x20000000
        check_mem "pseudo li 0x12345678 lui", e_li2, 0x32A01234
        check_mem "pseudo li 0x12345678 ori", e_li2 + 1, 0x28AA5678
        check_mem "pseudo li 0x8000 lui", e_li3, 0x32200000
        check_mem "pseudo li 0x8000 ori", e_li3 + 1, 0x28228000
        check_mem "pseudo nop", e_nop, 0x20000000
        check_mem "pseudo mov r4, r9", e_mov, 0x20920000
        check_mem "pseudo ret", e_ret, 0x4E1E0000
        check_mem "pseudo push r3 addi", e_push, 0x21DCFFFF
        check_mem "pseudo push r3 st", e_push + 1, 0x367C0000
        check_mem "pseudo pop r3 ld", e_pop, 0x347C0000
        check_mem "pseudo pop r3 addi", e_pop + 1, 0x21DC0001
        check_mem "pseudo bgt swaps into blt", e_bgt, 0x44420002
        check_mem "pseudo bleu swaps into bgeu", e_bleu, 0x4A420003

; ---- directives and expressions
        check_mem ".string code point e-acute", d_str, 0xE9
        check_mem ".string code point euro", d_str + 1, 0x20AC
        check_mem ".string terminator", d_str + 2, 0
        check_mem ".ascii has no terminator", d_ascii + 2, 0x5A5A
        check_mem ".space fill", d_space + 2, 7
        check_mem ".word . is its own address", d_dot, d_dot
        check_mem ".word . . is the first word's address", d_dot2 + 1, d_dot2
        check_mem "expr precedence", d_expr, 7
        check_mem "expr C division truncates", d_expr + 1, -3
        check_mem "expr C remainder", d_expr + 2, -1
        check_mem "expr arithmetic shift right", d_expr + 3, -4
        check_mem "expr complement", d_expr + 4, 0xFFFFFFFF
        check_mem "expr binary and char", d_expr + 5, 11 + 97
        check_mem "expr escapes", d_expr + 6, 10 + 39 + 92
        check_mem ".phase label", d_phase_ref, 0x500
        check_mem ".phase dot", d_phase_ref + 1, 0x501
        li   r1, d_aligned
        andi r1, r1, 7
        check_eqi ".align 8", r1, 0

; ---- decode: hand-encoded words with unused bits set
        li   r1, 5
        li   r2, 7
        li   r3, 0
        .word 0x02624000 | 0x1FFF       ; add r3, r1, r2 with bits 12..0 set
        check_eqi "decode ignores unused bits of add", r3, 12
        .word 0x2C620021                ; shli r3, r1, 33
        check_eqi "decode shift imm16 mod 32", r3, 10
        .word 0x3280ABCD | (7 << 17)    ; lui r4, 0xABCD with a B field
        check_eqi "decode lui ignores B", r4, 0xABCD0000
        li   r2, 0
        .word 0x34840000 | 0x10000 | d_val ; ld r4, d_val(r2) with bit 16 set
        check_eqi "decode ld ignores bit 16", r4, 0x600DF00D
        .word 0x82400000 | (9 << 17)    ; rdpsw r2, flags with a B field
        check_eqi "decode rdpsw ignores B", r2, PSW_S
        trap_clear
d_svc:  .word 0x60000000 | (5 << 21) | (6 << 17) | 0x8001 ; svc 0x8001 with A and B fields
        check_trap "decode svc ignores A and B", T_SVC, 0x8001, 0, d_svc

        summary

; ---- never executed: words to read back
e_add:  add  r3, r1, r2
e_sub:  sub  r7, r8, r9
e_divu: divu r1, r2, r3
e_remu: remu r1, r2, r3
e_addi: addi r1, r2, -1
e_sltiu: sltiu r3, r1, -1
e_sari: sari r3, r1, 31
e_lui:  lui  r4, 0xABCD
e_ld:   ld   r4, 100(r2)
e_st:   st   r5, -2(r6)
e_beq:  beq  r1, r2, .
e_bne:  bne  r1, r2, . - 1
e_jal:  jal  lr, . + 5
e_jal2: jal  r0, . - 1
e_jalr: jalr r5, r6, -3
e_svc:  svc  0xBEEF
e_lpsw: lpsw 4(r3)
e_rdpsw: rdpsw r2, l
e_mtcr: mtcr timer, r7
e_mfcr: mfcr r6, ptbr
e_invlpg: invlpg r5
e_tlbflush: tlbflush
e_out:  out  r2, 0x1234
e_in:   in   r9, CONSOLE
e_halt: halt
e_li1:  li   r1, 0xFFFFFFFF
        nop
e_li2:  li   r5, 0x12345678
e_li3:  li   r1, 0x8000
e_nop:  nop
e_mov:  mov  r4, r9
e_ret:  ret
e_push: push r3
e_pop:  pop  r3
e_bgt:  bgt  r1, r2, . + 2
e_bleu: bleu r1, r2, . + 3

d_str:  .string "é€"
d_ascii: .ascii "ab"
        .word 0x5A5A
d_space: .space 3, 7
d_dot:  .word .
d_dot2: .word ., .
d_expr: .word 1 + 2 * 3, -7 / 2, -7 % 2, -16 >> 2, ~0, 0b1011 + 'a', '\n' + '\'' + '\\'
d_val:  .word 0x600DF00D
d_phase_ref: .word ph_a, ph_b
        .phase 0x500
ph_a:   .word 0
ph_b:   .word .
        .dephase
        .align 8
d_aligned: .word 0
