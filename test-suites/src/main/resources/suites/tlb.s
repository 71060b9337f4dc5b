; tlb.s: the TLB discipline of spec section 3.3, only what it defines for a guest that keeps
; it: after a PTE changes and invlpg (of that linear page), tlbflush or mtcr ptbr (even of the
; same value), the new translation, rights and A/D behaviour are used; a directory switch uses
; the new tables; an entry made present needs no flush (failed walks are not cached); invlpg
; takes a linear address (B + va), not a virtual one.
; SZ = PG_MEM words (the manifest's memory size).
        .include "lib/report.s"
        .include "lib/paging.s"

        .equ UC, 0x6000                 ; page 24: user code
        .equ MA, 0xF0000000 + FA / PAGE_SIZE
        .equ MB, 0xF0000000 + FB / PAGE_SIZE
        .equ MC, 0xF0000000 + FC / PAGE_SIZE
        .equ MD, 0xF0000000 + FD / PAGE_SIZE
        .equ ME, 0xF0000000 + FE / PAGE_SIZE

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

; ---- invlpg
        set_pte PT1 + 0, FA | PTE_PW
        li   r3, VT
        ld   r2, 0(r3)
        check_eqi "first mapping", r2, MA
        set_pte PT1 + 0, FB | PTE_PW
        invlpg r3
        ld   r2, 0(r3)
        check_eqi "invlpg then the new frame", r2, MB
        li   r4, 0x1111
        st   r4, 1(r3)
        check_mem "invlpg then writes reach the new frame", FB + 1, 0x1111
        check_mem "invlpg then the old frame untouched", FA + 1, 0

; ---- tlbflush
        set_pte PT1 + 0, FC | PTE_PW
        tlbflush
        ld   r2, 0(r3)
        check_eqi "tlbflush then the new frame", r2, MC

; ---- mtcr ptbr: another directory, back, and a reload of the same value
        set_pte PD2 + 0, PT0 | PTE_PWU
        set_pte PD2 + 1, PT2 | PTE_PWU
        set_pte PT2 + 0, FD | PTE_PW
        li   r1, PD2
        mtcr ptbr, r1
        ld   r2, 0(r3)
        check_eqi "ptbr switch uses the new tables", r2, MD
        li   r1, PD
        mtcr ptbr, r1
        ld   r2, 0(r3)
        check_eqi "ptbr switch back uses the old tables", r2, MC
        set_pte PT1 + 0, FE | PTE_PW
        li   r1, PD
        mtcr ptbr, r1
        ld   r2, 0(r3)
        check_eqi "ptbr reload of the same value flushes", r2, ME
        check_mem "second directory's PDE got A", PD2 + 1, PT2 | PTE_PWU | PTE_A

; ---- unmap, then map again without a flush
        set_pte PT1 + 0, 0
        invlpg r3
        trap_clear
t_un:   ld   r2, 0(r3)
        check_trap "unmapped after invlpg", T_PAGE, VT, 0, t_un
        set_pte PT1 + 0, FA | PTE_PW
        trap_clear
        ld   r2, 0(r3)
        check_no_trap "made present needs no flush"
        check_eqi "made present reads the frame", r2, MA

; ---- rights: upgrade and downgrade after invlpg
        set_pte PT1 + 1, FB | PTE_P
        li   r3, VT + 1024
        ld   r2, 0(r3)
        check_eqi "read-only page reads", r2, MB
        trap_clear
t_ro:   st   r4, 2(r3)
        check_trap "read-only page write", T_PAGE, VT + 1024 + 2, ACC_P | ACC_W, t_ro
        set_pte PT1 + 1, FB | PTE_PW
        invlpg r3
        li   r4, 0x2222
        trap_clear
        st   r4, 2(r3)
        check_no_trap "write allowed after upgrade and invlpg"
        check_mem "write after upgrade lands", FB + 2, 0x2222
        check_mem "write after upgrade sets A and D", PT1 + 1, FB | PTE_PWAD
        set_pte PT1 + 1, FB | PTE_P | PTE_A | PTE_D
        invlpg r3
        trap_clear
t_wp:   st   r4, 3(r3)
        check_trap "write-protected after invlpg", T_PAGE, VT + 1024 + 3, ACC_P | ACC_W, t_wp

; ---- A and D follow the entry in the tables, not the cached one
        set_pte PT1 + 2, FC | PTE_PW
        li   r3, VT + 2048
        ld   r2, 0(r3)
        set_pte PT1 + 2, FD | PTE_PW
        invlpg r3
        ld   r2, 0(r3)
        check_eqi "remapped entry reads its frame", r2, MD
        check_mem "remapped entry gets its own A", PT1 + 2, FD | PTE_PWA
        st   r4, 5(r3)
        check_mem "remapped entry gets its own D", PT1 + 2, FD | PTE_PWAD
        set_pte PT1 + 2, FD | PTE_PWA
        invlpg r3
        st   r4, 6(r3)
        check_mem "D cleared and flushed is set again", PT1 + 2, FD | PTE_PWAD

; ---- invlpg takes a linear address: user segment B = VT + 4 pages
        set_pte PT1 + 4, UC | PTE_P | PTE_U
        set_pte PT1 + 5, FA | PTE_PWU
        li   r2, 0
        user_run u_rd
        check_trap "user segment read", T_SVC, 1, 0, u_rd + 1
        check_eqi "user segment read first frame", r2, MA
        set_pte PT1 + 5, FB | PTE_PWU
        li   r1, VT + 5*1024
        invlpg r1
        user_run u_rd
        check_eqi "invlpg of the linear address remaps the user page", r2, MB
        set_pte PT1 + 5, FC | PTE_PWU
        tlbflush
        user_run u_rd
        check_eqi "tlbflush remaps the user page", r2, MC

        summary

upsw:   .word PSW_P, VT + 4*1024, 0x800, 0

; ---- the user program, assembled for va 0 and placed in frame UC (mapped at VT + 4 pages)
        .org UC
        .phase 0
u_rd:   ld   r2, 0x400(r0)
        svc  1
        .dephase

        pg_frames
