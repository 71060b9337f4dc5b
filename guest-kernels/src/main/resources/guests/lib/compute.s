; lib/compute.s: the compute-bound loop shared by compute.s (P = 0) and compute-paged.s (P = 1),
; so that the two run exactly the same instructions and differ only in address translation.
;
; compute_loop(r1 = N): r1 <- a checksum of N rounds of: x = x * 1103515245 + 12345 (a linear
; congruential generator), a[i & 63] ^= x, acc += a[7i & 63]. About 16 instructions a round, all
; innocuous: no trap, no system call, no device. Its working set is its code and the 64-word
; array `compute_array` (which must be mapped writable when paging is on). Follows the calling
; convention of lib/console.s (r8 and r9 are saved on the stack).
compute_loop:
        push r8
        push r9
        la   r2, compute_array
        li   r3, 0x12345678             ; x
        li   r4, 0                      ; acc
        li   r5, 0                      ; i
        li   r6, 1103515245
        beqz r1, compute_done
compute_round:
        mul  r3, r3, r6
        addi r3, r3, 12345
        andi r7, r5, 63
        add  r7, r7, r2
        ld   r8, 0(r7)
        xor  r8, r8, r3
        st   r8, 0(r7)                  ; a[i & 63] ^= x
        shli r9, r5, 3
        sub  r9, r9, r5
        andi r9, r9, 63
        add  r9, r9, r2
        ld   r9, 0(r9)
        add  r4, r4, r9                 ; acc += a[7i & 63]
        addi r5, r5, 1
        bne  r5, r1, compute_round
compute_done:
        xor  r1, r4, r3
        pop  r9
        pop  r8
        ret

compute_array:
        .space 64
