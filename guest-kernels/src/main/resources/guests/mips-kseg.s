; mips-kseg.s: a MIPS style kernel with its data in the kseg window (KSEG0): an exit per access.
;
; The rule modeled
;   On MIPS, the kernel reaches physical memory through KSEG0 (0x80000000 + pa): an unmapped
;   window that only kernel mode may use; a user access there is an address error. Profile
;   `mips` (spec section 8) has the `kseg` window: in supervisor mode a virtual address
;   va >= 0xC0000000 bypasses the segment, paging and the TLB (pa = va - 0xC0000000, a MEMORY
;   fault at or past SZ); in user mode it is a SEGMENT fault, whatever L. So ld and st are
;   location-sensitive without being privileged, and Theorem 1 fails on them; but every use by
;   a guest kernel running in hardware user mode traps (it is "caught"), so a trap-and-emulate
;   VMM still runs the guest exactly, paying an exit per access: what Popek & Goldberg's
;   efficiency property costs on MIPS. Theorem 3 holds (user mode sees nothing to virtualize).
;
; What it does
;   The kernel runs in a segment of its own, B = 0, L = KLEN, which ends where its data begins:
;   its messages, system-call table, console line buffer and the program image live at
;   KDATA and above, and the user program's segment at USEG. Everything past KLEN it reaches
;   through the window only, at 0xC0000000 + pa. It copies the program into its segment,
;   formats each line it prints in the line buffer, counts system calls in the table, and
;   counts every load and store it makes through the window (r13 while it runs). The program
;   counts primes, prints through svc, then tries to read the kernel's data through the
;   window itself: a SEGMENT fault with U set. The kernel stops it, prints a summary and
;   powers off.
;
; What each mode does with it
;   native        the window is the hardware's: status 4, no exit at all.
;   segment       the guest kernel runs in hardware user mode, so each of its window accesses
;   shadow-trace  is a SEGMENT exit that the VMM emulates against guest-physical memory:
;   shadow-vtlb   vmm.emulated.ld + vmm.emulated.st is the kernel's own count (912), and
;                 vmm.exits.SEGMENT one more, for the program's access, which the VMM reflects
;                 as the SEGMENT fault it is natively. Every mode ends exactly as natively; the
;                 price is an exit per window access.
;
; Physical memory map
;   0x0000  trap area
;   0x0010  kernel code and its private words (saved registers); the kernel's segment is
;           [0, KLEN): it reaches nothing above it but through kseg
;   0x0F00  top of the kernel stack (grows down)
;   0x1000  KDATA: messages, the system-call table, the console line buffer, the program image
;   0x2000  the user segment: B = USEG, L = ULEN; code and data from 0, stack at the top
;   0x2400  end (the machine needs SZ >= 0x2400)
;
; System calls (lib/sysnums.s): exit(status), puts(string; '%' prints r2, r3 in decimal).
; Any other trap of the program stops it; the kernel powers off with the cause.
;
; Expected console output (exact, in every mode):
;   [k] mips-kseg: kernel segment [0, 0x1000); its data, and the program at 0x2000, through kseg
;   [k] program copied through kseg: 125 words
;   user: 46 primes below 200, the largest 199
;   user: now reading the kernel's data at kseg 0xc0001000
;   [k] program stopped: SEGMENT, va 0xc0001000, detail 0x4, pc 0x19
;   [k] system calls: 2 puts, 0 exit; 912 loads and stores through kseg
;
; Exit: poweroff, status 4 (the cause that stopped the program: SEGMENT).
        .profile mips
        .include "lib/sysnums.s"

        .equ KSEG, 0xC0000000           ; the window: kseg address of physical pa = KSEG + pa
        .equ KLEN, 0x1000               ; the kernel's own segment [0, KLEN)
        .equ KSTACK, 0x0F00
        .equ KDATA, 0x1000
        .equ USEG, 0x2000
        .equ ULEN, 0x400
        .equ LINE_MAX, 80               ; the line buffer's size

; kld RD, OFF, RB / kst RS, OFF, RB: a load or store through the window (RB holds a kseg
; address), counted in r13.
        .macro kld rd, off, rb
        ld   \rd, \off(\rb)
        addi r13, r13, 1
        .endm
        .macro kst rs, off, rb
        st   \rs, \off(\rb)
        addi r13, r13, 1
        .endm

        .org 16
_start: li   r2, USEG + ULEN
        bltu r1, r2, too_small
        li   r2, PSW_S                  ; traps run the kernel in its segment: s, B = 0, L = KLEN
        st   r2, NEW_PSW(r0)
        st   r0, NEW_PSW+1(r0)
        li   r2, KLEN
        st   r2, NEW_PSW+2(r0)
        la   r2, trap
        st   r2, NEW_PSW+3(r0)
        lpsw kpsw(r0)                   ; into the kernel's own segment
kmain:  li   sp, KSTACK
        li   r13, 0                     ; loads and stores through kseg so far
        li   r1, KSEG + msg_banner
        call kputs
        li   r8, KSEG + systab          ; clear the system-call table
        li   r9, 16
clear:  kst  r0, 0, r8
        addi r8, r8, 1
        addi r9, r9, -1
        bnez r9, clear
        li   r8, KSEG + user            ; copy the program into its segment
        li   r9, KSEG + USEG
        li   r10, user_end - user
copy:   kld  r2, 0, r8
        kst  r2, 0, r9
        addi r8, r8, 1
        addi r9, r9, 1
        addi r10, r10, -1
        bnez r10, copy
        li   r1, KSEG + msg_copied
        li   r2, user_end - user
        li   r3, 0
        call kprintf
        li   r2, ULEN                   ; the program's stack at the top of its segment
        st   r2, saved+14(r0)
        li   r2, 0                      ; resume "returns" to the program's first PSW:
        st   r2, OLD_PSW(r0)            ; user mode, its segment, pc 0
        li   r2, USEG
        st   r2, OLD_PSW+1(r0)
        li   r2, ULEN
        st   r2, OLD_PSW+2(r0)
        st   r0, OLD_PSW+3(r0)
        j    resume

; ---------------------------------------------------------------- the trap handler
; Saves r1..r15 in `saved` (word n holds rn), takes its kseg count back into r13, dispatches.
trap:   st   r1, saved+1(r0)
        st   r2, saved+2(r0)
        st   r3, saved+3(r0)
        st   r4, saved+4(r0)
        st   r5, saved+5(r0)
        st   r6, saved+6(r0)
        st   r7, saved+7(r0)
        st   r8, saved+8(r0)
        st   r9, saved+9(r0)
        st   r10, saved+10(r0)
        st   r11, saved+11(r0)
        st   r12, saved+12(r0)
        st   r13, saved+13(r0)
        st   r14, saved+14(r0)
        st   r15, saved+15(r0)
        li   sp, KSTACK
        ld   r13, kcount(r0)
        ld   r2, TRAP_CAUSE(r0)
        li   r3, T_SVC
        beq  r2, r3, syscall
        li   r1, KSEG + msg_stopped     ; anything else stops the program
        call kputs
        ld   r2, TRAP_CAUSE(r0)
        li   r3, T_SEGMENT
        la   r1, msg_segment
        beq  r2, r3, stop_name
        la   r1, msg_other
stop_name:
        call puts
        la   r1, msg_va
        call puts
        ld   r1, TRAP_VALUE(r0)
        call puthex
        la   r1, msg_detail
        call puts
        ld   r1, TRAP_DETAIL(r0)
        call puthex
        la   r1, msg_pc
        call puts
        ld   r1, OLD_PSW+3(r0)
        call puthex
        call putnl
        ld   r8, TRAP_CAUSE(r0)
        j    finish

syscall:
        ld   r2, OLD_PSW+3(r0)          ; return past the svc
        addi r2, r2, 1
        st   r2, OLD_PSW+3(r0)
        ld   r8, TRAP_VALUE(r0)
        li   r2, 16                     ; count it in the table (numbers 0..15)
        bgeu r8, r2, sys_dispatch
        li   r9, KSEG + systab
        add  r9, r9, r8
        kld  r2, 0, r9
        addi r2, r2, 1
        kst  r2, 0, r9
sys_dispatch:
        li   r3, SYS_PUTS
        beq  r8, r3, sys_puts
        li   r3, SYS_EXIT
        beq  r8, r3, sys_exit
        li   r2, -1                     ; unknown call: r1 <- -1
        st   r2, saved+1(r0)
resume: st   r13, kcount(r0)
        ld   r1, saved+1(r0)
        ld   r2, saved+2(r0)
        ld   r3, saved+3(r0)
        ld   r4, saved+4(r0)
        ld   r5, saved+5(r0)
        ld   r6, saved+6(r0)
        ld   r7, saved+7(r0)
        ld   r8, saved+8(r0)
        ld   r9, saved+9(r0)
        ld   r10, saved+10(r0)
        ld   r11, saved+11(r0)
        ld   r12, saved+12(r0)
        ld   r13, saved+13(r0)
        ld   r14, saved+14(r0)
        ld   r15, saved+15(r0)
        lpsw OLD_PSW(r0)

; puts: the string at the program's virtual r1 (within its segment), read through kseg.
sys_puts:
        ld   r1, saved+1(r0)
        li   r2, ULEN
        bgeu r1, r2, resume
        li   r2, KSEG + USEG
        add  r1, r1, r2
        ld   r2, saved+2(r0)
        ld   r3, saved+3(r0)
        call kprintf
        j    resume

sys_exit:
        ld   r8, saved+1(r0)
        ; fall into finish

; finish: the summary, then power off with status r8.
finish: li   r1, KSEG + msg_summary
        li   r9, KSEG + systab
        kld  r2, SYS_PUTS, r9
        kld  r3, SYS_EXIT, r9
        call kprintf
        mov  r1, r13
        call putdec
        la   r1, msg_through
        call puts
        out  r8, POWER

; kprintf: format the string at kseg address r1 into the line buffer, each '%' taking the
; next of r2, r3 in decimal, then write the buffer to the console. Clobbers r1..r7, r10..r12.
kprintf:
        mov  r10, r1                    ; the next character
        li   r11, KSEG + linebuf        ; the next free word of the buffer
        li   r12, KSEG + linebuf + LINE_MAX
        st   r2, args(r0)
        st   r3, args+1(r0)
        la   r7, args
kp_next:
        kld  r1, 0, r10
        beqz r1, kp_flush
        addi r10, r10, 1
        li   r2, '%'
        beq  r1, r2, kp_arg
        bgeu r11, r12, kp_next          ; a full buffer drops the rest of the line
        kst  r1, 0, r11
        addi r11, r11, 1
        j    kp_next
kp_arg: ld   r1, 0(r7)                  ; the number, its digits pushed least significant first
        addi r7, r7, 1
        li   r3, 10
        li   r4, 0
kp_split:
        remu r5, r1, r3
        divu r1, r1, r3
        addi r5, r5, '0'
        push r5
        addi r4, r4, 1
        bnez r1, kp_split
kp_digit:
        pop  r5
        bgeu r11, r12, kp_drop
        kst  r5, 0, r11
        addi r11, r11, 1
kp_drop:
        addi r4, r4, -1
        bnez r4, kp_digit
        j    kp_next
kp_flush:                               ; the buffer to the console
        li   r1, KSEG + linebuf
kp_out: bgeu r1, r11, kp_done
        kld  r2, 0, r1
        out  r2, CONSOLE
        addi r1, r1, 1
        j    kp_out
kp_done:
        ret

; kputs: print the string at kseg address r1. Clobbers r1, r2.
kputs:  kld  r2, 0, r1
        beqz r2, kputs_done
        out  r2, CONSOLE
        addi r1, r1, 1
        j    kputs
kputs_done:
        ret

too_small:                              ; still on the boot PSW: the messages are in reach
        la   r1, msg_small
        call puts
        li   r1, 255
        out  r1, POWER

        .include "lib/console.s"

; The kernel's private words, in its segment.
kpsw:    .word PSW_S, 0, KLEN, kmain
kcount:  .word 0                        ; the kernel's kseg count while the program runs
args:    .word 0, 0                     ; kprintf's numbers
saved:   .space 16
msg_segment: .string "SEGMENT"
msg_other:   .string "a trap"
msg_va:      .string ", va "
msg_detail:  .string ", detail "
msg_pc:      .string ", pc "
msg_through: .string " loads and stores through kseg\n"
msg_small:   .string "mips-kseg: memory too small\n"
kernel_end:

; ---------------------------------------------------------------- KDATA: through kseg only
        .org KDATA
msg_banner:  .string "[k] mips-kseg: kernel segment [0, 0x1000); its data, and the program at 0x2000, through kseg\n"
msg_copied:  .string "[k] program copied through kseg: % words\n"
msg_stopped: .string "[k] program stopped: "
msg_summary: .string "[k] system calls: % puts, % exit; "
systab:  .space 16                      ; system calls made, by number
linebuf: .space LINE_MAX                ; the console line being formatted

; The program image, assembled for its segment at 0; the kernel copies it to USEG.
user:   .phase 0
        li   r8, 0                      ; primes found
        li   r9, 2                      ; the candidate
        li   r10, 0                     ; the largest prime so far
u_cand: li   r3, 2                      ; trial divisor
u_try:  mul  r4, r3, r3
        bgtu r4, r9, u_prime
        rem  r5, r9, r3
        beqz r5, u_next
        addi r3, r3, 1
        j    u_try
u_prime:
        addi r8, r8, 1
        mov  r10, r9
u_next: addi r9, r9, 1
        li   r4, 200
        bltu r9, r4, u_cand
        mov  r2, r8
        mov  r3, r10
        la   r1, u_primes
        svc  SYS_PUTS
        la   r1, u_probe
        svc  SYS_PUTS
        li   r2, KSEG
        ld   r3, KDATA(r2)              ; user mode: a SEGMENT fault, whatever L
        li   r1, 1
        svc  SYS_EXIT
u_primes: .string "user: % primes below 200, the largest %\n"
u_probe:  .string "user: now reading the kernel's data at kseg 0xc0001000\n"
        .dephase
user_end:
