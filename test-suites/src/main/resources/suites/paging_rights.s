; paging_rights.s: effective rights U = pde.U and pte.U, W = pde.W and pte.W (spec section
; 3.1). A user access needs U; a write needs W in either mode (supervisor writes obey W);
; fetches need no W; supervisor accesses need no U. A violation is PAGE with detail P, and a
; walk that fails on rights sets no A.
; Then the walk's other faults as a user-mode access sees them (detail U, plus W or F): a PTE
; frame past SZ (MEMORY value la; the walk succeeded, so it keeps A, and D on a write), a
; page-table word past SZ (MEMORY; the failed walk sets no A), the order of the checks (a
; page-table word past SZ is MEMORY even under a PDE without U; rights come before pa >= SZ),
; and a not-present PTE or PDE written (detail W|U = 6) or fetched (F|U = 12).
; SZ = PG_MEM words (the manifest's memory size).
        .include "lib/report.s"
        .include "lib/paging.s"

        .equ UC, 0x6000                 ; page 24: user code, identity-mapped with U
        .equ XCODE, 0x6400              ; page 25: code for the read-only user page
        .equ VT2, 0x200000              ; PD[2] = PT2: present, writable, no U
        .equ VT3, 0x300000              ; PD[3] = PT3: present, user, not writable
        .equ VT4, 0x400000              ; PD[4]: P W U, its table at SZ
        .equ VT5, 0x500000              ; PD[5]: P W U, its table at the top of the 32-bit space
        .equ VT6, 0x600000              ; PD[6]: P W, no U, its table at SZ
        .equ VT7, 0x700000              ; PD[7]: not present
        .equ FTOP, 0xFFFFFC00           ; the last frame of the 32-bit physical space

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
        flush_la UC
        set_pte PD + 2, PT2 | PTE_PW
        set_pte PD + 3, PT3 | PTE_P | PTE_U
        set_pte PT1 + 0, FA | PTE_PW                ; supervisor only
        set_pte PT1 + 1, FB | PTE_P | PTE_U         ; user read-only
        set_pte PT1 + 2, FC | PTE_PWU               ; user read/write
        set_pte PT1 + 3, FD | PTE_P                 ; supervisor read-only
        set_pte PT1 + 4, FE | PTE_PWU               ; user page, used by the supervisor
        set_pte PT1 + 5, FF | PTE_PW                ; supervisor only, fetched by the user
        set_pte PT1 + 6, XCODE | PTE_P | PTE_U      ; user code, read-only
        set_pte PT2 + 0, FG | PTE_PWU               ; pte.U but not pde.U
        set_pte PT3 + 0, FH | PTE_PWU               ; pte.W but not pde.W
        set_pte PT1 + 7, PG_MEM | PTE_PWU           ; user pages whose frames are past SZ
        set_pte PT1 + 8, PG_MEM | PTE_PWU
        set_pte PT1 + 9, FTOP | PTE_PWU
        set_pte PT1 + 11, PG_MEM | PTE_PW           ; frame past SZ, no U
        set_pte PD + 4, PG_MEM | PTE_PWU            ; page tables past SZ
        set_pte PD + 5, FTOP | PTE_PWU
        set_pte PD + 6, PG_MEM | PTE_PW
        tlbflush                                    ; the tables changed after pg_setup

; ---- U: a user access needs U at both levels
        li   r3, VT
        user_run u_ld
        check_trap "user read pte.U 0", T_PAGE, VT, ACC_P | ACC_U, u_ld
        check_mem "rights fault sets no PTE A", PT1 + 0, FA | PTE_PW
        li   r3, VT2 + 5
        user_run u_ld
        check_trap "user read pde.U 0", T_PAGE, VT2 + 5, ACC_P | ACC_U, u_ld
        check_mem "rights fault sets no PDE A", PD + 2, PT2 | PTE_PW
        check_mem "rights fault sets no A in that PTE", PT2 + 0, FG | PTE_PWU
        li   r3, VT + 1024
        li   r2, 0
        user_run u_ld
        check_trap "user read U page", T_SVC, 1, 0, u_ld + 1
        check_eqi "user read U page value", r2, 0xF0000000 + FB / PAGE_SIZE

; ---- W: a user write needs W at both levels
        li   r3, VT + 1024
        user_run u_st
        check_trap "user write pte.W 0", T_PAGE, VT + 1024, ACC_P | ACC_W | ACC_U, u_st
        check_mem "user write pte.W 0 leaves the frame", FB, 0xF0000000 + FB / PAGE_SIZE
        check_mem "user write pte.W 0 keeps the read's A only", PT1 + 1, FB | PTE_P | PTE_U | PTE_A
        li   r3, VT3 + 2
        li   r2, 0
        user_run u_ld
        check_trap "user read pde.W 0 page", T_SVC, 1, 0, u_ld + 1
        check_eqi "user read pde.W 0 page value", r2, 0
        user_run u_st
        check_trap "user write pde.W 0", T_PAGE, VT3 + 2, ACC_P | ACC_W | ACC_U, u_st
        li   r3, VT + 2048 + 9
        li   r4, 0xAB
        user_run u_st
        check_trap "user write W U page", T_SVC, 1, 0, u_st + 1
        check_mem "user write W U page lands", FC + 9, 0xAB
        check_mem "user write sets A and D", PT1 + 2, FC | PTE_PWU | PTE_A | PTE_D

; ---- supervisor writes obey W; supervisor accesses need no U
        li   r3, VT + 3*1024
        ld   r2, 0(r3)
        check_eqi "supervisor read read-only page", r2, 0xF0000000 + FD / PAGE_SIZE
        trap_clear
s_st:   st   r4, 0(r3)
        check_trap "supervisor write pte.W 0", T_PAGE, VT + 3*1024, ACC_P | ACC_W, s_st
        check_mem "supervisor write pte.W 0 leaves the frame", FD, 0xF0000000 + FD / PAGE_SIZE
        li   r3, VT3 + 4
        trap_clear
s_st3:  st   r4, 0(r3)
        check_trap "supervisor write pde.W 0", T_PAGE, VT3 + 4, ACC_P | ACC_W, s_st3
        li   r3, VT + 4*1024 + 1
        li   r4, 0xCD
        trap_clear
        st   r4, 0(r3)
        ld   r2, -1(r3)
        check_no_trap "supervisor reads and writes a user page"
        check_mem "supervisor write to user page lands", FE + 1, 0xCD
        check_eqi "supervisor read of user page", r2, 0xF0000000 + FE / PAGE_SIZE
        li   r3, VT2 + 1
        ld   r2, -1(r3)
        check_eqi "supervisor read pde.U 0 page", r2, 0xF0000000 + FG / PAGE_SIZE

; ---- fetches: a user fetch needs U, not W
        li   r3, VT + 5*1024
        user_run u_jmp
        check_trap "user fetch pte.U 0", T_PAGE, VT + 5*1024, ACC_P | ACC_F | ACC_U, VT + 5*1024
        li   r3, VT + 6*1024
        user_run u_jmp
        check_trap "user fetch read-only U page", T_SVC, 7, 0, VT + 6*1024

; ---- user MEMORY: a PTE frame past SZ. The walk succeeds, so it keeps A (and D on a write)
        li   r3, VT + 7*1024 + 5
        user_run u_ld
        check_trap "user read frame past SZ", T_MEMORY, VT + 7*1024 + 5, ACC_U, u_ld
        check_mem "user read frame past SZ keeps A, not D", PT1 + 7, PG_MEM | PTE_PWU | PTE_A
        li   r3, VT + 8*1024 + 1023
        user_run u_st
        check_trap "user write frame past SZ", T_MEMORY, VT + 8*1024 + 1023, ACC_W | ACC_U, u_st
        check_mem "user write frame past SZ keeps A and D", PT1 + 8, PG_MEM | PTE_PWU | PTE_A | PTE_D
        li   r3, VT + 9*1024
        user_run u_jmp
        check_trap "user fetch frame 0xFFFFFC00", T_MEMORY, VT + 9*1024, ACC_F | ACC_U, VT + 9*1024
        check_mem "user fetch frame past SZ keeps A, not D", PT1 + 9, FTOP | PTE_PWU | PTE_A
        li   r3, VT + 11*1024
        user_run u_st
        check_trap "user write frame past SZ without U", T_PAGE, VT + 11*1024, ACC_P | ACC_W | ACC_U, u_st
        check_mem "rights before pa >= SZ: no A", PT1 + 11, PG_MEM | PTE_PW

; ---- user MEMORY: a page-table word past SZ (PDE frame past SZ). The walk fails: no A
        li   r3, VT4 + 3*1024 + 2
        user_run u_ld
        check_trap "user read table word past SZ", T_MEMORY, VT4 + 3*1024 + 2, ACC_U, u_ld
        user_run u_st
        check_trap "user write table word past SZ", T_MEMORY, VT4 + 3*1024 + 2, ACC_W | ACC_U, u_st
        check_mem "user table word past SZ leaves PDE A clear", PD + 4, PG_MEM | PTE_PWU
        li   r3, VT5 + 1023*1024
        user_run u_jmp
        check_trap "user fetch table word 0xFFFFFFFF", T_MEMORY, VT5 + 1023*1024, ACC_F | ACC_U, VT5 + 1023*1024
        check_mem "user fetch table word past SZ leaves PDE A clear", PD + 5, FTOP | PTE_PWU
        li   r3, VT6 + 6
        user_run u_ld
        check_trap "user table word past SZ under a PDE without U", T_MEMORY, VT6 + 6, ACC_U, u_ld
        check_mem "table word past SZ without U: no A", PD + 6, PG_MEM | PTE_PW

; ---- user PAGE not present: written (W|U = 6) and fetched (F|U = 12)
        li   r3, VT + 10*1024 + 1                    ; PT1[10] = 0
        user_run u_st
        check_trap "user write PTE not present", T_PAGE, VT + 10*1024 + 1, ACC_W | ACC_U, u_st
        li   r3, VT + 10*1024
        user_run u_jmp
        check_trap "user fetch PTE not present", T_PAGE, VT + 10*1024, ACC_F | ACC_U, VT + 10*1024
        check_mem "user not-present PTE stays zero", PT1 + 10, 0
        li   r3, VT7 + 4*1024 + 8                    ; PD[7] = 0
        user_run u_st
        check_trap "user write PDE not present", T_PAGE, VT7 + 4*1024 + 8, ACC_W | ACC_U, u_st
        li   r3, VT7
        user_run u_jmp
        check_trap "user fetch PDE not present", T_PAGE, VT7, ACC_F | ACC_U, VT7
        check_mem "user not-present PDE stays zero", PD + 7, 0

        summary

upsw:   .word PSW_P, 0, KLIM, 0

; ---- the user program (identity-mapped with U)
        .org UC
u_ld:   ld   r2, 0(r3)
        svc  1
u_st:   st   r4, 0(r3)
        svc  1
u_jmp:  jalr r0, r3, 0

        .org XCODE
        svc  7

        pg_frames
