; compute-paged.s: compute.s's loop with paging on, for the paging-on versus paging-off
; comparison (a bare program in supervisor mode, no kernel, no traps).
;
; The program maps its first three pages one to one (supervisor-only, writable) with a page
; directory and a page table of its own, turns paging on with lpsw (flat segment: B = 0,
; L = 2^30), and runs lib/compute.s. Its working set is those three pages - code, array,
; strings and stack - so it fits any TLB of 4 entries or more: after the first misses every
; translation hits, and the run differs from compute.s only by the translation itself. Under
; a shadow-paging VMM the loop still runs without a single exit once the shadow entries exist.
;
; Size: N rounds of about 16 instructions; N = the .equ below, or the first decimal number in
; the console input. The checksum equals compute.s's for the same N.
;
; System calls: none (no kernel): it reads the console with `in` and writes it with `out`.
;
; Memory map (physical; any SZ >= 0x1400 words)
;   0x0000  trap area (a trap here is a bug: reported, then poweroff with 255)
;   0x0010  code, the 64-word array, strings   } pages 0..2, mapped one to one,
;   0x0C00  top of the stack (grows down)       } U = 0, W = 1
;   0x0C00  page directory (PDE 0 -> the page table)
;   0x1000  page table (PTEs 0..2)
;
; Expected console output (exact):
;   compute-paged: N=400000 checksum=0xb2dcda98
;
; Exit: poweroff, status 0.
        .equ N, 400000
        .equ STACK_TOP, 0x0C00
        .equ PD, 0x0C00
        .equ PT, 0x1000
        .equ MAPPED_PAGES, 3
        .include "lib/readnum.s"        ; the read_decimal macro (defined before use)

        .org 16
_start: li   sp, STACK_TOP
        li   r2, PT + PAGE_SIZE
        bltu r1, r2, too_small          ; r1 = SZ
        li   r2, PSW_S                  ; any trap goes to unexpected_trap, with paging off
        st   r2, NEW_PSW(r0)
        st   r0, NEW_PSW+1(r0)
        st   r1, NEW_PSW+2(r0)
        la   r2, unexpected_trap
        st   r2, NEW_PSW+3(r0)
        read_decimal r8, N, getc
        li   r2, PT                     ; PTE i -> frame i, present, writable, supervisor-only
        li   r3, 0
        li   r4, MAPPED_PAGES * PAGE_SIZE
map_page:
        ori  r5, r3, PTE_P | PTE_W
        st   r5, 0(r2)
        addi r2, r2, 1
        addi r3, r3, PAGE_SIZE
        bltu r3, r4, map_page
        li   r2, PT | PTE_P | PTE_W
        st   r2, PD(r0)
        li   r2, PD
        mtcr ptbr, r2
        lpsw paged_psw(r0)              ; paging on; the identity map keeps the PC meaningful
paged_psw:
        .word PSW_S | PSW_P, 0, 0x40000000, paged
paged:  mov  r1, r8
        call compute_loop
        mov  r9, r1
        la   r1, msg_n
        call puts
        mov  r1, r8
        call putdec
        la   r1, msg_sum
        call puts
        mov  r1, r9
        call puthex
        call putnl
        li   r1, 0
        out  r1, POWER

getc:   in   r1, CONSOLE
        ret

unexpected_trap:                        ; (uses no stack: the trap may be a stack fault)
        la   r1, msg_trap
        call puts
        ld   r1, TRAP_CAUSE(r0)
        addi r1, r1, '0'                ; causes are 1..8: one digit
        out  r1, CONSOLE
        call putnl
        li   r1, 255
        out  r1, POWER

too_small:
        la   r1, msg_small
        call puts
        li   r1, 255
        out  r1, POWER

        .include "lib/compute.s"
        .include "lib/console.s"
msg_n:    .string "compute-paged: N="
msg_sum:  .string " checksum="
msg_trap: .string "compute-paged: unexpected trap, cause "
msg_small: .string "compute-paged: memory too small\n"
image_end:
