; mips_kseg_paging.s: the kseg window of profile mips (spec section 8) with paging on. In
; supervisor mode the window bypasses paging and the TLB as well as the segment: it reaches a
; frame no page table maps, writes a read-only page's frame, sets no A or D bit, and a stale
; TLB entry for the same page does not matter. In user mode a window access is SEGMENT (not
; PAGE), with U set, whatever the page tables say.
; The segment VMM refuses the suite (P = 1); the shadow modes end exactly as natively.
; SZ = PG_MEM words (the manifest's memory size).
        .profile mips
        .include "lib/report.s"
        .include "lib/paging.s"

        .equ WIN, 0xC0000000            ; the window: physical pa is va WIN + pa
        .equ UC, 0x6000                 ; page 24: user code, identity-mapped with U

; user_run ENTRY: run the user program at ENTRY (P on, flat) until its first trap.
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
        set_pte PT0 + UC / PAGE_SIZE, UC | PTE_PWU
        set_pte PT0 + FA / PAGE_SIZE, 0                 ; FA: not mapped at all
        set_pte PT0 + FB / PAGE_SIZE, FB | PTE_PW       ; FB: mapped, A and D clear
        set_pte PT0 + FC / PAGE_SIZE, FC | PTE_P        ; FC: read-only
        set_pte PT0 + FD / PAGE_SIZE, FD | PTE_PW | PTE_U ; FD: a user page
        tlbflush

; ---- a frame no page table maps
        li   r3, FA
        trap_clear
p_ld:   ld   r2, 0(r3)
        check_trap "la of an unmapped frame: PAGE", T_PAGE, FA, 0, p_ld
        trap_clear
        li   r3, WIN + FA
        ld   r2, 0(r3)
        check_eqi "the window reads an unmapped frame", r2, 0xF0000000 + FA / PAGE_SIZE
        li   r1, 0x1234
        st   r1, 1(r3)
        ld   r4, 1(r3)
        check_eqi "the window writes an unmapped frame", r4, 0x1234
        check_no_trap "window accesses under paging take no trap"

; ---- no A or D bit, no W check
        li   r3, WIN + FB
        ld   r2, 0(r3)
        st   r2, 1(r3)
        check_mem "window accesses set no A or D", PT0 + FB / PAGE_SIZE, FB | PTE_PW
        li   r3, WIN + FC
        li   r1, 0x77
        st   r1, 2(r3)
        ld   r4, 2(r3)
        check_eqi "the window writes a read-only page's frame", r4, 0x77
        check_mem "a read-only page's frame, written through the window", FC + 2, 0x77

; ---- a stale TLB entry: the page FB moves to frame FE without a flush; la reads may still
; use the old translation, the window always reads the frame it names
        li   r3, FB
        ld   r2, 0(r3)                  ; FB's translation is in the TLB now
        set_pte PT0 + FB / PAGE_SIZE, FE | PTE_PW
        li   r3, WIN + FE
        ld   r4, 0(r3)
        check_eqi "the window ignores the TLB", r4, 0xF0000000 + FE / PAGE_SIZE
        flush_la FB

; ---- user mode: SEGMENT, not PAGE, whatever the tables (FD is a user page)
        li   r3, WIN + FD
        user_run u_ld
        check_trap "user ld through the window under paging", T_SEGMENT, WIN + FD, ACC_U, u_ld
        li   r3, WIN + FA
        user_run u_st
        check_trap "user st through the window under paging", T_SEGMENT, WIN + FA, ACC_W | ACC_U, u_st
        li   r3, WIN + UC
        user_run u_jmp
        check_trap "user fetch through the window under paging", T_SEGMENT, WIN + UC, ACC_F | ACC_U, WIN + UC
        li   r3, FD
        li   r2, 0
        user_run u_ld
        check_trap "user ld of its own page still works", T_SVC, 1, 0, u_ld + 1
        check_eqi "user ld of its own page: value", r2, 0xF0000000 + FD / PAGE_SIZE

        summary

upsw:   .word PSW_P, 0, KLIM, 0

        .org UC
u_ld:   ld   r2, 0(r3)
        svc  1
u_st:   st   r4, 0(r3)
        svc  1
u_jmp:  jalr r0, r3, 0

        pg_frames
