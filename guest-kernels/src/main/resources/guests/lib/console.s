; lib/console.s: console output subroutines for the kernels (supervisor mode).
;
; Include it where code may go (it emits code at the current location). The routines address
; strings by their kernel address, so the kernel must run with virtual = physical for its own
; data (P = 0 with B = 0, or paging with the kernel identity-mapped).
;
; Calling convention, shared by every kernel in guests/:
;   arguments in r1..r3, result in r1;
;   r1..r7 are caller-saved (any routine may clobber them);
;   r8..r13 are callee-saved (a routine that uses them saves and restores them);
;   sp (r14) is a full-descending stack (push/pop), lr (r15) the return address.
; None of these routines calls another, so none needs to save lr.

; putc: print the character in r1.
putc:   out  r1, CONSOLE
        ret

; puts: print the string at r1 (.string: one character per word, ended by a 0 word).
puts:   mov  r2, r1
puts_loop:
        ld   r1, 0(r2)
        beqz r1, puts_done
        out  r1, CONSOLE
        addi r2, r2, 1
        j    puts_loop
puts_done:
        ret

; putdec: print r1 as an unsigned decimal number (no leading zeros; "0" for zero).
; The digits come out least significant first, so they are parked on the stack and
; printed in reverse.
putdec: li   r3, 10
        li   r4, 0                      ; digits pushed so far
putdec_split:
        remu r5, r1, r3
        divu r1, r1, r3
        addi r5, r5, '0'
        push r5
        addi r4, r4, 1
        bnez r1, putdec_split
putdec_emit:
        pop  r5
        out  r5, CONSOLE
        addi r4, r4, -1
        bnez r4, putdec_emit
        ret

; puthex: print r1 as "0x" and its hexadecimal digits, leading zeros dropped ("0x0" for zero).
puthex: li   r5, '0'
        out  r5, CONSOLE
        li   r5, 'x'
        out  r5, CONSOLE
        li   r3, 28                     ; shift of the nibble being looked at
puthex_skip:                            ; drop leading zero nibbles, keeping the last one
        beqz r3, puthex_emit
        shr  r5, r1, r3
        bnez r5, puthex_emit
        addi r3, r3, -4
        j    puthex_skip
puthex_emit:
        shr  r5, r1, r3
        andi r5, r5, 15
        li   r6, 10
        bltu r5, r6, puthex_digit
        addi r5, r5, 'a' - '0' - 10     ; 10..15 print as a..f
puthex_digit:
        addi r5, r5, '0'
        out  r5, CONSOLE
        addi r3, r3, -4
        bge  r3, r0, puthex_emit        ; the shift goes 28, 24, ..., 0, then -4 ends it
        ret

; putnl: print a newline.
putnl:  li   r1, '\n'
        out  r1, CONSOLE
        ret
