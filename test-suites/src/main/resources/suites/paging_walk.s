; paging_walk.s: the two-level walk of spec section 3.1. Not-present PTE and PDE (read, write,
; fetch), la >= 2^30, the A bits of both levels and the PTE's D bit (a walk that fails sets
; nothing; a walk that succeeds keeps A and D even when the access then faults), a frame at
; SZ and a page-table word past SZ (MEMORY, value la), ptbr's ignored low bits, a ptbr past SZ
; (the next fetch faults), paging under a user segment (the segment check first, PAGE values
; are la), and lpsw reading its words through the tables.
; SZ = PG_MEM words (the manifest's memory size).
        .include "lib/report.s"
        .include "lib/paging.s"

        .equ UC,  0x6000                ; page 24: user code
        .equ XC,  0x6400                ; page 25: the first two words of a PSW at its end
        .equ XC2, 0x6800                ; page 26: the last two words at its start

; user_run ENTRY: run the user program at ENTRY under upsw until its first trap.
        .macro user_run entry
        trap_clear
        li   r1, \entry
        st   r1, upsw+3(r0)
        recover_at ur_\@_back
        lpsw upsw(r0)
ur_\@_back:
        .endm

main:
        check_mem "SZ is the manifest's memory size", sv_memsz, PG_MEM
        call pg_setup
        rdpsw r1, flags
        check_eqi "paging on", r1, PSW_S | PSW_P

; ---- a PTE not present (PT1[5] = 0); the failed walk leaves the PDE's A clear
        li   r3, VT + 5*1024 + 7
        trap_clear
w_np:   ld   r2, 0(r3)
        check_trap "PTE not present read", T_PAGE, VT + 5*1024 + 7, 0, w_np
        check_mem "failed walk leaves PDE A clear", PD + 1, PT1 | PTE_PWU
        trap_clear
w_npw:  st   r2, 0(r3)
        check_trap "PTE not present write", T_PAGE, VT + 5*1024 + 7, ACC_W, w_npw
        li   r3, VT + 5*1024
        trap_clear
        recover_at w_npf_b
        jalr r0, r3, 0
w_npf_b:
        check_trap "PTE not present fetch", T_PAGE, VT + 5*1024, ACC_F, VT + 5*1024

; ---- a read sets A in the PTE and the PDE, not D
        set_pte PT1 + 0, FA | PTE_PW
        li   r3, VT
        ld   r2, 0(r3)
        check_eqi "read through PT1[0] reaches FA", r2, 0xF0000000 + FA / PAGE_SIZE
        check_mem "read sets PTE A, not D", PT1 + 0, FA | PTE_PWA
        check_mem "read sets PDE A", PD + 1, PT1 | PTE_PWU | PTE_A

; ---- a write sets A and D in the PTE; D is a PTE bit only
        set_pte PT1 + 1, FB | PTE_PW
        li   r3, VT + 1024 + 3
        li   r4, 0x5EED
        st   r4, 0(r3)
        check_mem "write lands in FB", FB + 3, 0x5EED
        check_mem "write sets PTE A and D", PT1 + 1, FB | PTE_PWAD
        check_mem "write sets no PDE D", PD + 1, PT1 | PTE_PWU | PTE_A

; ---- read, then write through the cached translation: the first write sets D
        set_pte PT1 + 2, FC | PTE_PW
        li   r3, VT + 2048
        ld   r2, 0(r3)
        check_mem "read leaves D clear", PT1 + 2, FC | PTE_PWA
        st   r4, 1(r3)
        check_mem "write after read sets D", PT1 + 2, FC | PTE_PWAD
        check_mem "write after read lands", FC + 1, 0x5EED

; ---- a frame at SZ: the walk succeeds and keeps A (and D), then pa >= SZ is MEMORY
        set_pte PT1 + 3, PG_MEM | PTE_PW
        li   r3, VT + 3*1024 + 5
        trap_clear
w_fr:   ld   r2, 0(r3)
        check_trap "frame past SZ read", T_MEMORY, VT + 3*1024 + 5, 0, w_fr
        check_mem "frame past SZ read keeps A", PT1 + 3, PG_MEM | PTE_PWA
        set_pte PT1 + 4, PG_MEM | PTE_PW
        li   r3, VT + 4*1024
        trap_clear
w_frw:  st   r2, 0(r3)
        check_trap "frame past SZ write", T_MEMORY, VT + 4*1024, ACC_W, w_frw
        check_mem "frame past SZ write keeps A and D", PT1 + 4, PG_MEM | PTE_PWAD

; ---- a page-table word past SZ: MEMORY with value la; that PDE gets no A
        set_pte PD + 3, PG_MEM | PTE_PW
        li   r3, 0x300009
        trap_clear
w_tw:   ld   r2, 0(r3)
        check_trap "table word past SZ read", T_MEMORY, 0x300009, 0, w_tw
        trap_clear
w_tww:  st   r2, 0(r3)
        check_trap "table word past SZ write", T_MEMORY, 0x300009, ACC_W, w_tww
        li   r3, 0x300000
        trap_clear
        recover_at w_twf_b
        jalr r0, r3, 0
w_twf_b:
        check_trap "table word past SZ fetch", T_MEMORY, 0x300000, ACC_F, 0x300000
        check_mem "table word past SZ leaves PDE A clear", PD + 3, PG_MEM | PTE_PW

; ---- a PDE not present (PD[2] = 0)
        li   r3, 0x200000 + 17
        trap_clear
w_pd:   ld   r2, 0(r3)
        check_trap "PDE not present read", T_PAGE, 0x200000 + 17, 0, w_pd
        trap_clear
w_pdw:  st   r2, 0(r3)
        check_trap "PDE not present write", T_PAGE, 0x200000 + 17, ACC_W, w_pdw
        li   r3, 0x200000
        trap_clear
        recover_at w_pdf_b
        jalr r0, r3, 0
w_pdf_b:
        check_trap "PDE not present fetch", T_PAGE, 0x200000, ACC_F, 0x200000

; ---- la >= 2^30 is not present, whatever PD[la[29:20]] holds
        li   r3, 0x40000000
        trap_clear
w_big:  ld   r2, 0(r3)
        check_trap "la 2^30 read", T_PAGE, 0x40000000, 0, w_big
        li   r3, 0xC0000123
        trap_clear
w_bigw: st   r2, 0(r3)
        check_trap "la 0xC0000123 write", T_PAGE, 0xC0000123, ACC_W, w_bigw
        li   r3, 0x40000010
        trap_clear
        recover_at w_bigf_b
        jalr r0, r3, 0
w_bigf_b:
        check_trap "la 2^30+16 fetch", T_PAGE, 0x40000010, ACC_F, 0x40000010

; ---- ptbr ignores its low 10 bits
        li   r1, PD | 0x3FF
        mtcr ptbr, r1
        mfcr r2, ptbr
        check_eqi "ptbr reads without its low 10 bits", r2, PD
        li   r3, VT
        ld   r2, 0(r3)
        check_eqi "ptbr low bits do not move the directory", r2, 0xF0000000 + FA / PAGE_SIZE
        li   r1, PD
        mtcr ptbr, r1

; ---- ptbr past SZ: the very next fetch reads a directory word past SZ
        set_recover_psw PSW_S, 0, PG_MEM
        trap_clear
        recover_at w_pb_b
        li   r1, PG_MEM
w_pb:   mtcr ptbr, r1
        nop                             ; its fetch faults
w_pb_b:
        check_trap "ptbr past SZ next fetch", T_MEMORY, w_pb + 1, ACC_F, w_pb + 1
        li   r1, PD
        mtcr ptbr, r1
        set_recover_psw PSW_S | PSW_P, 0, KLIM
        lpsw kpsw(r0)
w_pb_on:
        rdpsw r1, flags
        check_eqi "paging back on", r1, PSW_S | PSW_P

; ---- paging under a user segment B = VT + 8 pages, L = 2 pages
        set_pte PT1 + 8, UC | PTE_P | PTE_U         ; user code, read-only; PT1[9] absent
        user_run u_np
        check_trap "user segment PAGE value is la", T_PAGE, VT + 9*1024, ACC_U, u_np
        check_psw "user segment saved psw", PSW_P, VT + 8*1024, 0x800
        user_run u_seg
        check_trap "user segment check before paging", T_SEGMENT, 0x800, ACC_U, u_seg
        user_run u_ro
        check_trap "user write to own read-only page", T_PAGE, VT + 8*1024, ACC_P | ACC_W | ACC_U, u_ro
        li   r2, 0
        user_run u_ok
        check_trap "user segment read ok", T_SVC, 9, 0, u_ok + 1
        check_eqi "user segment read value", r2, 0xDA7A

; ---- lpsw under paging: each word translated; an earlier word's walk keeps its A
        set_pte PT1 + 10, XC | PTE_PW               ; PT1[11] absent
        li   r3, VT + 11*1024 - 2
        trap_clear
w_lp:   lpsw 0(r3)
        check_trap "lpsw word in an absent page", T_PAGE, VT + 11*1024, 0, w_lp
        check_mem "lpsw earlier word keeps A", PT1 + 10, XC | PTE_PWA
        set_pte PT1 + 11, XC2 | PTE_PW              ; made present: no flush needed
        li   r5, 0
        trap_clear
        lpsw 0(r3)
        li   r5, 99                                 ; skipped: lpsw jumps
w_lp_ok:
        check_no_trap "lpsw across two pages"
        check_eqi "lpsw across two pages jumped", r5, 0
        check_mem "lpsw second page A", PT1 + 11, XC2 | PTE_PWA

        summary

upsw:   .word PSW_P, VT + 8*1024, 0x800, 0
kpsw:   .word PSW_S | PSW_P, 0, KLIM, w_pb_on

; ---- the user program, assembled for va 0 and placed in frame UC (mapped at VT + 8 pages)
        .org UC
        .phase 0
u_np:   ld   r2, 0x400(r0)
u_seg:  ld   r2, 0x800(r0)
u_ro:   st   r2, 0(r0)
u_ok:   ld   r2, u_data(r0)
        svc  9
u_data: .word 0xDA7A
        .dephase

        .org XC + 1022
        .word PSW_S | PSW_P, 0
        .org XC2
        .word KLIM, w_lp_ok

        pg_frames
