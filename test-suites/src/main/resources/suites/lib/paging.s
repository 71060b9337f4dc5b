; lib/paging.s: the page tables of the paging suites. Include it right after lib/report.s.
;
; Physical layout (SZ = PG_MEM words = 64 pages):
;
;   0x0000..0x7FFF  pages 0..31   the library, the suite's code and data, its user-code pages
;   0x8000 PD       page 32       the page directory (ptbr)
;   0x8400 PT0      page 33       PDE 0: identity map of la [0, SZ), supervisor read/write
;   0x8800 PT1      page 34       PDE 1: la [VT, VT + 1 Mi), filled by each suite
;   0x8C00 PT2, 0x9000 PT3, 0x9400 PT4   spare tables;  0x9800 PD2   a second directory
;   0xA000..0xBC00  pages 40..47  data frames FA..FH, each with 0xF0000000 + its page number
;                                 in its first word (pg_frames)
;   SZ-1 downward   the stack
;
;   PDE/PTE word:  31 ........ 10 | 9..5 | 4 | 3 | 2 | 1 | 0
;                  frame number   | free | D | A | U | W | P
;
; pg_setup (call with paging off): fills PT0 and PD[0] = PT0 | P W U, PD[1] = PT1 | P W U,
; loads ptbr, makes recovery resume with paging on, and returns with PSW (s, P, B 0,
; L 0xFFFFFFFF). The suite invokes `pg_frames` at its end to place the frames' marks.
; Everything else in the tables is zero (not present) until the suite fills it.

        .equ PG_MEM, 65536
        .equ PD,  0x8000
        .equ PT0, 0x8400
        .equ PT1, 0x8800
        .equ PT2, 0x8C00
        .equ PT3, 0x9000
        .equ PT4, 0x9400
        .equ PD2, 0x9800
        .equ FA,  0xA000
        .equ FB,  0xA400
        .equ FC,  0xA800
        .equ FD,  0xAC00
        .equ FE,  0xB000
        .equ FF,  0xB400
        .equ FG,  0xB800
        .equ FH,  0xBC00
        .equ VT,  0x100000              ; the linear address PT1 starts at
        .equ KLIM, 0xFFFFFFFF           ; the kernel's L under paging
        .equ PTE_PW, PTE_P | PTE_W
        .equ PTE_PWU, PTE_P | PTE_W | PTE_U
        .equ PTE_PWA, PTE_P | PTE_W | PTE_A
        .equ PTE_PWAD, PTE_P | PTE_W | PTE_A | PTE_D

pg_setup:
        li   r1, PT0
        li   r2, 0                      ; the frame address of page i
        li   r3, PG_MEM / PAGE_SIZE
pg_s_loop:
        ori  r4, r2, PTE_PW
        st   r4, 0(r1)
        addi r1, r1, 1
        addi r2, r2, PAGE_SIZE
        addi r3, r3, -1
        bnez r3, pg_s_loop
        li   r1, PD
        li   r2, PT0 | PTE_PWU
        st   r2, 0(r1)
        li   r2, PT1 | PTE_PWU
        st   r2, 1(r1)
        mtcr ptbr, r1
        set_recover_psw PSW_S | PSW_P, 0, KLIM
        lpsw pg_kpsw(r0)
pg_s_on:
        ret
pg_kpsw: .word PSW_S | PSW_P, 0, KLIM, pg_s_on

; set_pte ADDR, VALUE: store VALUE at the table word ADDR (clobbers r11, r12). The suite
; still owes the TLB an invlpg, tlbflush or ptbr load before it relies on a changed entry.
        .macro set_pte addr, value
        li   r11, \addr
        li   r12, \value
        st   r12, 0(r11)
        .endm

; flush_la LA: invlpg the linear address LA (clobbers r11).
        .macro flush_la la
        li   r11, \la
        invlpg r11
        .endm

; pg_frames: the mark words of the data frames (0xF0000000 + the page number); placed last.
        .macro pg_frames
        .org FA
        .word 0xF0000000 + FA / PAGE_SIZE
        .org FB
        .word 0xF0000000 + FB / PAGE_SIZE
        .org FC
        .word 0xF0000000 + FC / PAGE_SIZE
        .org FD
        .word 0xF0000000 + FD / PAGE_SIZE
        .org FE
        .word 0xF0000000 + FE / PAGE_SIZE
        .org FF
        .word 0xF0000000 + FF / PAGE_SIZE
        .org FG
        .word 0xF0000000 + FG / PAGE_SIZE
        .org FH
        .word 0xF0000000 + FH / PAGE_SIZE
        .endm
