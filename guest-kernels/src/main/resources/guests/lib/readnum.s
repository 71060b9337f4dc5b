; lib/readnum.s: the size parameter of the workload guests.
;
; read_decimal REG, DEFAULT, GETC: REG <- the first decimal number in the console input, or
; DEFAULT when the input holds no digit (no input at all included). Bytes before the first
; digit are skipped; the first non-digit after it ends the number. GETC is a subroutine that
; returns the next input byte in r1, or -1 at the end of input: `in r1, CONSOLE` in a kernel,
; `svc SYS_GETC` in a user program. Uses lr for the calls; clobbers r1..r3 and r6, so REG must
; be none of those. The number is taken modulo 2^32.
        .macro read_decimal reg, default, getc
        li   \reg, 0
        li   r6, 0                      ; digits seen
rd_next\@:
        jal  lr, \getc
        li   r2, -1
        beq  r1, r2, rd_end\@
        addi r2, r1, -'0'
        sltiu r3, r2, 10
        beqz r3, rd_other\@
        li   r3, 10
        mul  \reg, \reg, r3
        add  \reg, \reg, r2
        addi r6, r6, 1
        j    rd_next\@
rd_other\@:
        beqz r6, rd_next\@              ; still looking for the first digit
rd_end\@:
        bnez r6, rd_done\@
        li   \reg, \default
rd_done\@:
        .endm
