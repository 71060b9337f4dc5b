; alu.s: the innocuous arithmetic, logic, shift and compare instructions (spec section 2),
; with the division edge cases: truncation toward zero, the remainder's sign, MIN / -1, and
; division by zero trapping ARITH (value = the instruction word, detail 0, saved PC = the
; instruction, rd unchanged).
        .include "lib/report.s"

main:
; ---- add, sub: 32-bit two's complement, wrapping
        li   r1, 0x7FFFFFFF
        li   r2, 1
        add  r3, r1, r2
        check_eqi "add MAX+1 wraps to MIN", r3, 0x80000000
        sub  r3, r0, r2
        check_eqi "sub 0-1", r3, 0xFFFFFFFF
        li   r1, 0x80000000
        sub  r3, r1, r2
        check_eqi "sub MIN-1 wraps to MAX", r3, 0x7FFFFFFF
        li   r1, 0xFFFFFFFF
        add  r3, r1, r1
        check_eqi "add -1+-1", r3, 0xFFFFFFFE

; ---- and, or, xor
        li   r1, 0xF0F0A5A5
        li   r2, 0x0FF0FF00
        and  r3, r1, r2
        check_eqi "and", r3, 0x00F0A500
        or   r3, r1, r2
        check_eqi "or", r3, 0xFFF0FFA5
        xor  r3, r1, r2
        check_eqi "xor", r3, 0xFF005AA5
        xor  r3, r1, r1
        check_eqi "xor self is 0", r3, 0

; ---- mul: the low 32 bits of the product
        li   r1, 0x10000
        mul  r3, r1, r1
        check_eqi "mul 2^16*2^16 low bits 0", r3, 0
        li   r1, -1
        mul  r3, r1, r1
        check_eqi "mul -1*-1", r3, 1
        li   r1, -3
        li   r2, 5
        mul  r3, r1, r2
        check_eqi "mul -3*5", r3, 0xFFFFFFF1
        li   r1, 0x9E3779B1
        mul  r3, r1, r1
        check_eqi "mul golden*golden low bits", r3, 0xFFE6CC61
        li   r1, 0x12345678
        li   r2, 0x9ABCDEF1
        mul  r3, r1, r2
        check_eqi "mul mixed low bits", r3, 0x366176F8
        li   r1, 0x7FFFFFFF
        mul  r3, r1, r1
        check_eqi "mul MAX*MAX low bits", r3, 1

; ---- register-count shifts: by rs2 mod 32
        li   r1, 1
        li   r2, 31
        shl  r3, r1, r2
        check_eqi "shl 1 by 31", r3, 0x80000000
        li   r2, 32
        shl  r3, r1, r2
        check_eqi "shl by 32 is by 0", r3, 1
        li   r2, 33
        shl  r3, r1, r2
        check_eqi "shl by 33 is by 1", r3, 2
        li   r2, -1
        shl  r3, r1, r2
        check_eqi "shl by -1 is by 31", r3, 0x80000000
        li   r1, 0x80000000
        li   r2, 31
        shr  r3, r1, r2
        check_eqi "shr MIN by 31 (logical)", r3, 1
        sar  r3, r1, r2
        check_eqi "sar MIN by 31 (arithmetic)", r3, 0xFFFFFFFF
        li   r2, 64
        sar  r3, r1, r2
        check_eqi "sar by 64 is by 0", r3, 0x80000000
        li   r2, 4
        shr  r3, r1, r2
        check_eqi "shr MIN by 4", r3, 0x08000000
        sar  r3, r1, r2
        check_eqi "sar MIN by 4", r3, 0xF8000000
        li   r1, 0x40000000
        li   r2, 30
        sar  r3, r1, r2
        check_eqi "sar positive", r3, 1

; ---- immediate shifts
        li   r1, 0x0000F00F
        shli r3, r1, 16
        check_eqi "shli 16", r3, 0xF00F0000
        shli r3, r1, 0
        check_eqi "shli 0", r3, 0x0000F00F
        li   r1, 0xF0000000
        shri r3, r1, 4
        check_eqi "shri 4", r3, 0x0F000000
        sari r3, r1, 4
        check_eqi "sari 4", r3, 0xFF000000
        sari r3, r1, 31
        check_eqi "sari 31", r3, 0xFFFFFFFF
        shri r3, r1, 31
        check_eqi "shri 31", r3, 1

; ---- immediates: addi/slti/sltiu sign-extend, andi/ori/xori zero-extend, lui
        addi r3, r0, -1
        check_eqi "addi sign-extends", r3, 0xFFFFFFFF
        addi r3, r0, -32768
        check_eqi "addi -32768", r3, 0xFFFF8000
        addi r3, r0, 32767
        check_eqi "addi 32767", r3, 0x7FFF
        li   r1, 0xFFFFFFFF
        andi r3, r1, 0xFFFF
        check_eqi "andi zero-extends", r3, 0x0000FFFF
        ori  r3, r0, 0x8000
        check_eqi "ori zero-extends", r3, 0x00008000
        xori r3, r1, 0xFFFF
        check_eqi "xori zero-extends", r3, 0xFFFF0000
        lui  r3, 0xFFFF
        check_eqi "lui 0xFFFF", r3, 0xFFFF0000
        lui  r3, 1
        check_eqi "lui 1", r3, 0x00010000

; ---- compares
        li   r1, -1
        li   r2, 1
        slt  r3, r1, r2
        check_eqi "slt -1 < 1", r3, 1
        sltu r3, r1, r2
        check_eqi "sltu 0xFFFFFFFF < 1 is false", r3, 0
        slt  r3, r2, r1
        check_eqi "slt 1 < -1 is false", r3, 0
        sltu r3, r2, r1
        check_eqi "sltu 1 < 0xFFFFFFFF", r3, 1
        slt  r3, r2, r2
        check_eqi "slt equal is false", r3, 0
        li   r4, 0x80000000
        li   r5, 0x7FFFFFFF
        slt  r3, r4, r5
        check_eqi "slt MIN < MAX", r3, 1
        sltu r3, r4, r5
        check_eqi "sltu 0x80000000 < 0x7FFFFFFF is false", r3, 0
        li   r1, -5
        slti r3, r1, -4
        check_eqi "slti -5 < -4", r3, 1
        li   r1, 5
        slti r3, r1, -4
        check_eqi "slti 5 < -4 is false", r3, 0
        sltiu r3, r1, -1
        check_eqi "sltiu 5 < sext(-1)", r3, 1
        li   r1, -1
        sltiu r3, r1, -1
        check_eqi "sltiu 0xFFFFFFFF < 0xFFFFFFFF is false", r3, 0
        sltiu r3, r0, 1
        check_eqi "sltiu 0 < 1", r3, 1
        li   r1, 3
        sltiu r3, r1, -32768
        check_eqi "sltiu 3 < 0xFFFF8000", r3, 1

; ---- r0 reads 0, writes are discarded
        li   r1, 5
        add  r0, r1, r1
        addi r0, r0, 7
        check_eqi "r0 stays 0", r0, 0
        add  r3, r0, r1
        check_eqi "r0 reads 0", r3, 5

; ---- div, rem: signed, truncating toward zero; rem takes the dividend's sign
        li   r1, 7
        li   r2, 2
        div  r3, r1, r2
        check_eqi "div 7/2", r3, 3
        rem  r3, r1, r2
        check_eqi "rem 7%2", r3, 1
        li   r1, -7
        div  r3, r1, r2
        check_eqi "div -7/2 truncates", r3, -3
        rem  r3, r1, r2
        check_eqi "rem -7%2 takes dividend sign", r3, -1
        li   r1, 7
        li   r2, -2
        div  r3, r1, r2
        check_eqi "div 7/-2", r3, -3
        rem  r3, r1, r2
        check_eqi "rem 7%-2", r3, 1
        li   r1, -7
        div  r3, r1, r2
        check_eqi "div -7/-2", r3, 3
        rem  r3, r1, r2
        check_eqi "rem -7%-2", r3, -1
        li   r1, 0x80000000
        li   r2, -1
        div  r3, r1, r2
        check_eqi "div MIN/-1 is MIN", r3, 0x80000000
        rem  r3, r1, r2
        check_eqi "rem MIN%-1 is 0", r3, 0
        li   r2, 1
        div  r3, r1, r2
        check_eqi "div MIN/1", r3, 0x80000000
        li   r1, 0
        li   r2, 5
        div  r3, r1, r2
        check_eqi "div 0/5", r3, 0

; ---- divu, remu: unsigned
        li   r1, 0xFFFFFFFF
        li   r2, 2
        divu r3, r1, r2
        check_eqi "divu 0xFFFFFFFF/2", r3, 0x7FFFFFFF
        remu r3, r1, r2
        check_eqi "remu 0xFFFFFFFF%2", r3, 1
        li   r1, 0x80000000
        li   r2, 0xFFFFFFFF
        divu r3, r1, r2
        check_eqi "divu MIN/0xFFFFFFFF", r3, 0
        remu r3, r1, r2
        check_eqi "remu MIN%0xFFFFFFFF", r3, 0x80000000
        li   r1, 7
        li   r2, -2
        divu r3, r1, r2
        check_eqi "divu 7/0xFFFFFFFE", r3, 0
        remu r3, r1, r2
        check_eqi "remu 7%0xFFFFFFFE", r3, 7
        li   r1, 0xFFFFFFFF
        li   r2, 0x10
        divu r3, r1, r2
        check_eqi "divu 0xFFFFFFFF/16", r3, 0x0FFFFFFF

; ---- division by zero traps ARITH; the instruction does not retire, rd keeps its value
        li   r5, 0x1234
        li   r6, 7
        trap_clear
z_div:  div  r5, r6, r0
        check_trap_insn "div by 0", T_ARITH, z_div, z_div
        check_eqi "div by 0 leaves rd", r5, 0x1234
        trap_clear
z_rem:  rem  r5, r6, r0
        check_trap_insn "rem by 0", T_ARITH, z_rem, z_rem
        check_eqi "rem by 0 leaves rd", r5, 0x1234
        trap_clear
z_divu: divu r5, r6, r0
        check_trap_insn "divu by 0", T_ARITH, z_divu, z_divu
        check_eqi "divu by 0 leaves rd", r5, 0x1234
        trap_clear
z_remu: remu r5, r6, r0
        check_trap_insn "remu by 0", T_ARITH, z_remu, z_remu
        check_eqi "remu by 0 leaves rd", r5, 0x1234
        check_mem "remu by 0 saved flags", sv_tflags, PSW_S
        check_mem "remu by 0 saved B", sv_tb, 0
        check_mem_eq "remu by 0 saved L is SZ", sv_tl, sv_memsz
        li   r1, 0
        li   r2, 0x80000000
        trap_clear
z_min:  div  r5, r2, r1                 ; MIN / 0 is a division by zero, not the MIN/-1 rule
        check_trap_insn "div MIN by 0", T_ARITH, z_min, z_min

        summary
