; branch.s: conditional branches (signed and unsigned, taken and not taken, backward, and an
; off17 offset beyond 16 bits), the branch pseudo-instructions that swap operands, jal (link =
; PC+1, an off21 offset beyond 16 bits), jalr (target rs1 + sext(imm), computed before rd is
; written), call and ret.
        .include "lib/report.s"

        .equ FAR, 0x9000                ; far code: more than 32767 words away from main

; taken NAME, OP, A, B: the branch OP A, B must jump (r4 stays 0).
        .macro taken name, op, a, b
        li   r4, 0
        \op  \a, \b, br_\@_t
        li   r4, 1
br_\@_t:
        check_eqi \name, r4, 0
        .endm

; not_taken NAME, OP, A, B: the branch OP A, B must fall through (r4 becomes 1).
        .macro not_taken name, op, a, b
        li   r4, 0
        \op  \a, \b, br_\@_t
        li   r4, 1
br_\@_t:
        check_eqi \name, r4, 1
        .endm

main:
        li   r1, -1
        li   r2, 1
        li   r3, 0
        li   r5, 0x80000000
        li   r6, 0x7FFFFFFF

        taken     "beq equal", beq, r2, r2
        not_taken "beq unequal", beq, r1, r2
        taken     "bne unequal", bne, r1, r2
        not_taken "bne equal", bne, r2, r2

        taken     "blt -1 < 1", blt, r1, r2
        not_taken "blt 1 < -1", blt, r2, r1
        not_taken "blt 1 < 1", blt, r2, r2
        taken     "blt MIN < MAX", blt, r5, r6
        taken     "bge 1 >= 1", bge, r2, r2
        taken     "bge 1 >= -1", bge, r2, r1
        not_taken "bge -1 >= 1", bge, r1, r2
        not_taken "bge MIN >= MAX", bge, r5, r6

        taken     "bltu 1 < 0xFFFFFFFF", bltu, r2, r1
        not_taken "bltu 0xFFFFFFFF < 1", bltu, r1, r2
        not_taken "bltu 0 < 0", bltu, r3, r3
        not_taken "bltu 0x80000000 < 0x7FFFFFFF", bltu, r5, r6
        taken     "bgeu 0xFFFFFFFF >= 1", bgeu, r1, r2
        not_taken "bgeu 1 >= 0xFFFFFFFF", bgeu, r2, r1
        taken     "bgeu 0 >= 0", bgeu, r3, r3

        taken     "bgt 1 > -1", bgt, r2, r1
        not_taken "bgt 1 > 1", bgt, r2, r2
        taken     "ble -1 <= 1", ble, r1, r2
        taken     "ble 1 <= 1", ble, r2, r2
        not_taken "ble 1 <= -1", ble, r2, r1
        taken     "bgtu 0xFFFFFFFF > 1", bgtu, r1, r2
        not_taken "bgtu 1 > 0xFFFFFFFF", bgtu, r2, r1
        taken     "bleu 1 <= 0xFFFFFFFF", bleu, r2, r1
        not_taken "bleu 0xFFFFFFFF <= 1", bleu, r1, r2

        li   r4, 0
        beqz r3, bz_t
        li   r4, 1
bz_t:   check_eqi "beqz 0", r4, 0
        li   r4, 0
        bnez r1, bnz_t
        li   r4, 1
bnz_t:  check_eqi "bnez -1", r4, 0
        li   r4, 0
        bnez r3, bnz_n
        li   r4, 1
bnz_n:  check_eqi "bnez 0 falls through", r4, 1

; ---- a backward branch: a loop of five
        li   r7, 5
        li   r8, 0
loop:   addi r8, r8, 3
        addi r7, r7, -1
        bnez r7, loop
        check_eqi "backward loop ran 5 times", r8, 15

; ---- jal: rd = the jal's address + 1; jal r0 links nothing
j_1:    jal  r5, j_1t
        li   r5, 0                      ; skipped
j_1t:   check_eqi "jal link is PC+1", r5, j_1 + 1
        li   r5, 77
        jal  r0, j_2t
        li   r5, 0                      ; skipped
j_2t:   check_eqi "jal r0 jumps", r5, 77

; ---- jalr: target = rs1 + sext(imm); rd = PC+1, written after the target is computed
        la   r6, jr_1t - 3
jr_1:   jalr r5, r6, 3
        li   r5, 0
jr_1t:  check_eqi "jalr positive offset link", r5, jr_1 + 1
        la   r6, jr_2t + 100
jr_2:   jalr r5, r6, -100
        li   r5, 0
jr_2t:  check_eqi "jalr negative offset link", r5, jr_2 + 1
        la   r5, jr_3t
jr_3:   jalr r5, r5, 0                  ; rd = rs1: jumps to the old value
        li   r5, 0
jr_3t:  check_eqi "jalr rd = rs1 link", r5, jr_3 + 1

; ---- call and ret
        li   r7, 0
        call sub_inc
        call sub_inc
        check_eqi "call/ret twice", r7, 2

; ---- far: beq with an offset beyond 16 bits, then jal back with one
        li   r7, 0
far_b:  beq  r0, r0, far_1
        li   r7, 99                     ; skipped
far_back:
        check_eqi "far beq reached the far code", r7, 1
        check_eqi "far jal link", r8, far_j + 1
        li   r7, 0
far_c:  jal  r8, far_2
        check_eqi "far jal there and back", r7, 2
        check_eqi "far jal return link", r9, far_r + 1
        summary

sub_inc:
        addi r7, r7, 1
        ret

        .org FAR
far_1:  addi r7, r7, 1
far_j:  jal  r8, far_back               ; backward, offset < -32768
far_2:  addi r7, r7, 2
far_r:  jalr r9, r8, 0                  ; back to the instruction after far_c
