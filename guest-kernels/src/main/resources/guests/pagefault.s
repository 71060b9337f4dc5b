; pagefault.s: a page-fault-heavy loop on the paging kernel (lib/pagecore.s, quiet).
;
; After Adams & Agesen (ASPLOS 2006): page faults are where a VMM that shadows the page tables
; pays most - each guest fault is a hidden or true fault plus the emulation of the kernel's
; page-table writes and TLB invalidations. Each round here touches a heap page that is not
; mapped (a not-present PAGE fault: the kernel maps a fresh zeroed frame), checks it reads 0,
; writes and reads it, and unmaps it again with svc SYS_UNMAP (the kernel clears the PTE and
; runs invlpg), so that the next touch of that page faults again. Rounds cycle over 16 pages.
;
; Size: N rounds; N = the .equ below (about 6.5 M instructions), or the first decimal number
; in the console input. Result: the number of faults, the checksum of the words written and
; read back (0 + 1 + ... + N-1, modulo 2^32), and how many fresh pages did not read as zero.
;
; System calls: getc (the size), unmap, puts, exit (lib/sysnums.s).
;
; Memory: see lib/workload-kernel.s (SZ >= 0xD800).
;
; Expected console output (exact):
;   pagefault: 4000 faults, checksum 7998000, 0 fresh words not zero
;
; Exit: poweroff, status 0 (1 if a fresh page was not zero or the checksum is wrong).
        .equ N, 4000
        .equ PF_PAGES, 16               ; a power of two: rounds cycle over these heap pages
        .include "lib/workload-kernel.s"

programs:
        .word name_pagefault, pagefault, pagefault_end - pagefault
        .equ NPROGS, 1
name_pagefault:
        .string "pagefault"

pagefault: .phase USER_TEXT
        read_decimal r8, N, pf_getc     ; r8 = rounds
        la   r9, USER_HEAP
        li   r10, 0                     ; round
        li   r11, 0                     ; checksum
        li   r12, 0                     ; fresh words that were not zero
pf_round:
        beq  r10, r8, pf_done
        andi r4, r10, PF_PAGES - 1
        shli r4, r4, PAGE_SHIFT
        add  r4, r4, r9                 ; this round's page
        ld   r3, 7(r4)                  ; not present: demand-zero fault, reads 0
        beqz r3, pf_fresh
        addi r12, r12, 1
pf_fresh:
        st   r10, 7(r4)
        ld   r3, 7(r4)
        add  r11, r11, r3
        mov  r1, r4
        svc  SYS_UNMAP                  ; the page goes; the next touch faults again
        addi r10, r10, 1
        j    pf_round
pf_done:
        mov  r2, r8
        mov  r3, r11
        mov  r4, r12
        la   r1, pf_result
        svc  SYS_PUTS
        addi r2, r8, -1                 ; expected checksum N(N-1)/2
        mul  r2, r2, r8
        shri r2, r2, 1
        bne  r2, r11, pf_bad
        bnez r12, pf_bad
        li   r1, 0
        svc  SYS_EXIT
pf_bad: li   r1, 1
        svc  SYS_EXIT
pf_getc:
        svc  SYS_GETC
        ret
pf_result:
        .string "pagefault: % faults, checksum %, % fresh words not zero\n"
        .dephase
pagefault_end:
image_end:
