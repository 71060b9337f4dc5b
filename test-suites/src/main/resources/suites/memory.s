; memory.s: ld and st (v = rs1 + sext(imm), wrapping at 32 bits), stores touching one word,
; r0 as a destination and a source, push and pop, and code written by the guest and then run
; (memory holds instructions like any words: the encoding is part of the machine).
        .include "lib/report.s"

main:
; ---- ld/st with positive, negative and wrapping offsets
        li   r1, 0x5A5A0001
        st   r1, buf(r0)
        ld   r2, buf(r0)
        check_eqi "st then ld absolute", r2, 0x5A5A0001
        la   r3, buf + 10
        li   r1, 0x5A5A0002
        st   r1, -9(r3)                 ; buf+1
        ld   r2, buf+1(r0)
        check_eqi "st negative offset", r2, 0x5A5A0002
        la   r3, buf - 20
        ld   r2, 21(r3)
        check_eqi "ld positive offset", r2, 0x5A5A0002
        li   r3, -16                    ; 0xFFFFFFF0 + (buf+16) wraps to buf
        ld   r2, buf+16(r3)
        check_eqi "ld address wraps at 32 bits", r2, 0x5A5A0001
        li   r1, 0x5A5A0003
        st   r1, buf+18(r3)             ; buf+2
        ld   r2, buf+2(r0)
        check_eqi "st address wraps at 32 bits", r2, 0x5A5A0003

; ---- a store writes one word only
        li   r1, -1
        st   r1, buf+5(r0)
        ld   r2, buf+4(r0)
        check_eqi "st leaves the word below", r2, 0x11111111
        ld   r2, buf+6(r0)
        check_eqi "st leaves the word above", r2, 0x22222222
        ld   r2, buf+5(r0)
        check_eqi "st wrote the whole word", r2, 0xFFFFFFFF

; ---- r0: a load into it is discarded, a store of it writes 0
        ld   r0, buf(r0)
        check_eqi "ld into r0 discarded", r0, 0
        st   r0, buf+4(r0)
        ld   r2, buf+4(r0)
        check_eqi "st r0 writes 0", r2, 0

; ---- push and pop: sp grows down and points at the last pushed word
        mov  r5, sp
        li   r1, 0xC0FFEE
        push r1
        sub  r6, r5, sp
        check_eqi "push moves sp down by 1", r6, 1
        ld   r2, 0(sp)
        check_eqi "push stores at the new sp", r2, 0xC0FFEE
        li   r1, 0xBEEF
        push r1
        pop  r3
        pop  r4
        check_eqi "pop last pushed", r3, 0xBEEF
        check_eqi "pop first pushed", r4, 0xC0FFEE
        check_eq  "pop restores sp", sp, r5

; ---- instructions are words: copy one into memory and run it
        ld   r1, tmpl(r0)               ; addi r9, r0, 42
        st   r1, codebuf(r0)
        ld   r1, tmpl+1(r0)             ; ret
        st   r1, codebuf+1(r0)
        li   r9, 0
        la   r2, codebuf
        jalr lr, r2, 0
        check_eqi "copied code ran", r9, 42
        li   r1, 0x21200000 | 43       ; addi r9, r0, 43, encoded by hand
        st   r1, codebuf(r0)
        jalr lr, r2, 0
        check_eqi "rewritten code ran the new word", r9, 43

        summary

tmpl:   addi r9, r0, 42
        ret
codebuf: .space 2
buf:    .word 0, 0, 0, 0, 0x11111111, 0, 0x22222222, 0
