; forkwait.s: a fork/exit/wait loop on the paging kernel (lib/pagecore.s, quiet).
;
; After Adams & Agesen (ASPLOS 2006), whose forkwait microbenchmark (the parent forks, the
; child exits at once, the parent waits, 40,000 times) is the worst case for a VMM that
; virtualizes the MMU: every fork builds a directory and a page table and write-protects the
; parent's pages (a tlbflush), every exit tears them down after an `mtcr ptbr`, every wait and
; fork is a system call, and every switch between parent and child loads ptbr.
;
; Size: N fork/wait rounds; N = the .equ below (about 7 M instructions), or the first decimal
; number in the console input. The parent checks that wait returns the child fork made, with
; status 0.
;
; System calls: getc (the size), fork, wait, exit, puts (lib/sysnums.s).
;
; Memory: see lib/workload-kernel.s (SZ >= 0xD800). The process: text at 0x100000, one heap
; page (dirtied before the loop, so every fork turns it copy-on-write), no stack use.
;
; Expected console output (exact):
;   forkwait: 300 rounds, 0 wrong
;
; Exit: poweroff, status 0 (1 if a round went wrong).
        .equ N, 300
        .include "lib/workload-kernel.s"

programs:
        .word name_forkwait, forkwait, forkwait_end - forkwait
        .equ NPROGS, 1
name_forkwait:
        .string "forkwait"

forkwait: .phase USER_TEXT
        read_decimal r8, N, fw_getc     ; r8 = rounds to run
        la   r2, USER_HEAP
        st   r8, 0(r2)                  ; one private, dirty page for fork to share
        li   r9, 0                      ; rounds run
        li   r10, 0                     ; rounds that went wrong
fw_round:
        beq  r9, r8, fw_done
        addi r9, r9, 1
        svc  SYS_FORK
        beqz r1, fw_child
        li   r2, -1
        beq  r1, r2, fw_wrong           ; no memory or no slot for a child
        mov  r11, r1
        svc  SYS_WAIT                   ; r1 = the child, r2 = its status
        bne  r1, r11, fw_wrong
        bnez r2, fw_wrong
        j    fw_round
fw_wrong:
        addi r10, r10, 1
        j    fw_round
fw_child:
        li   r1, 0
        svc  SYS_EXIT
fw_done:
        mov  r2, r9
        mov  r3, r10
        la   r1, fw_result
        svc  SYS_PUTS
        sltu r1, r0, r10                ; status 1 if anything went wrong
        svc  SYS_EXIT
fw_getc:
        svc  SYS_GETC
        ret
fw_result:
        .string "forkwait: % rounds, % wrong\n"
        .dephase
forkwait_end:
image_end:
