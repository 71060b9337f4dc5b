; compute.s: a compute-bound workload on the bare machine (P = 0, supervisor mode, no kernel).
;
; After Adams & Agesen (ASPLOS 2006), whose compute-bound benchmark shows that a VMM costs
; nothing where the guest does not trap: the loop (lib/compute.s) is innocuous instructions
; only, so it runs directly on the CPU natively and under every VMM; only the final output
; (`out`, privileged) and the power-off are emulated. compute-paged.s is the same loop with
; paging on.
;
; Size: N rounds of about 16 instructions; N = the .equ below (about 6.4 M instructions), or
; the first decimal number in the console input (`--input 5000000` for a benchmark run).
;
; System calls: none (no kernel): it reads the console with `in` and writes it with `out`.
;
; Memory map (physical; any SZ >= 0x1000 words)
;   0x0000  trap area (a trap here is a bug: reported, then poweroff with 255)
;   0x0010  code, the 64-word array, strings
;   0x1000  top of the stack (grows down)
;
; Expected console output (exact):
;   compute: N=400000 checksum=0xb2dcda98
;
; Exit: poweroff, status 0.
        .equ N, 400000
        .equ STACK_TOP, 0x1000
        .include "lib/readnum.s"        ; the read_decimal macro (defined before use)

        .org 16
_start: li   sp, STACK_TOP
        li   r2, STACK_TOP
        bltu r1, r2, too_small          ; r1 = SZ
        li   r2, PSW_S                  ; any trap goes to unexpected_trap
        st   r2, NEW_PSW(r0)
        st   r0, NEW_PSW+1(r0)
        st   r1, NEW_PSW+2(r0)
        la   r2, unexpected_trap
        st   r2, NEW_PSW+3(r0)
        read_decimal r8, N, getc
        mov  r1, r8
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
msg_n:    .string "compute: N="
msg_sum:  .string " checksum="
msg_trap: .string "compute: unexpected trap, cause "
msg_small: .string "compute: memory too small\n"
