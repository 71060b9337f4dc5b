; mips_kseg.s: the kseg window of profile mips (spec section 8), paging off. In supervisor mode
; a va >= 0xC0000000 bypasses the segment: pa = va - 0xC0000000, for loads, stores, each word
; of lpsw and instruction fetches (a jal fetched there links a window address), also from a
; relocated supervisor segment too small to reach pa; pa >= SZ is MEMORY with value pa (detail
; W or F, never U); the va just below the window follows the segment rule. In user mode every
; window access is SEGMENT with value va and U set, whatever L. The other profiles'
; instructions are ILLEGAL under mips.
; Under every VMM mode the suite ends exactly as natively: each supervisor window access is an
; exit the VMM emulates (spec section 8, "Under a VMM").
; The suite assumes SZ = MEMSZ words (the manifest's memory size) and checks it first.
        .profile mips
        .include "lib/report.s"

        .equ MEMSZ, 32768
        .equ WIN, 0xC0000000            ; the window: physical pa is va WIN + pa
        .equ DATA, 0x3000               ; words the window reads and writes
        .equ SEGB, 0x5000               ; a relocated supervisor segment [SEGB, SEGB + SEGL)
        .equ SEGL, 0x20
        .equ USEG, 0x6000               ; the user program's segment
        .equ ULEN, 0x100

; user_run ENTRY: run the user program at va ENTRY under upsw until its first trap.
        .macro user_run entry
        trap_clear
        li   r1, \entry
        st   r1, upsw+3(r0)
        recover_at ur_\@_back
        lpsw upsw(r0)
ur_\@_back:
        .endm

; set_upsw B, L: the user segment for the next runs.
        .macro set_upsw b, l
        li   r1, \b
        st   r1, upsw+1(r0)
        li   r1, \l
        st   r1, upsw+2(r0)
        .endm

main:
        check_mem "SZ is the manifest's memory size", sv_memsz, MEMSZ

; ---- supervisor loads and stores through the window reach pa = va - WIN, without a trap
        trap_clear
        li   r1, 0x5EED
        li   r2, DATA
        st   r1, 0(r2)
        li   r3, WIN + DATA
        ld   r4, 0(r3)
        check_eqi "supervisor ld through the window", r4, 0x5EED
        li   r1, 0xC0FFEE
        st   r1, 1(r3)
        check_mem "supervisor st through the window", DATA + 1, 0xC0FFEE
        li   r3, WIN
        ld   r4, NEW_PSW+3(r3)
        la   r5, sv_trap
        check_eq "ld WIN + 7 reads the new PSW's pc (pa 7)", r4, r5
        li   r3, WIN + MEMSZ - 1
        li   r1, 0x1A57
        st   r1, 0(r3)
        check_mem "st through the window at pa = SZ - 1", MEMSZ - 1, 0x1A57
        check_no_trap "window accesses below SZ take no trap"

; ---- the window bypasses the segment: a supervisor segment of SEGL words at SEGB reaches
; DATA, and returns with an lpsw whose words it reads through the window
        li   r4, 0xAB
        li   r2, 0
        trap_clear
        lpsw segpsw(r0)
s_back: check_no_trap "relocated supervisor: no trap"
        check_eqi "relocated supervisor ld through the window", r2, 0x5EED
        check_mem "relocated supervisor st through the window", DATA + 2, 0xAB
        rdpsw r1, b
        check_eqi "lpsw through the window loaded B", r1, 0
        rdpsw r1, l
        check_eqi "lpsw through the window loaded L", r1, MEMSZ

; ---- instruction fetch through the window
        li   r2, 0
        li   r6, 0
        li   r3, WIN + win_fn
        jalr lr, r3, 0
        check_eqi "code fetched through the window ran", r2, 1
        li   r1, WIN + win_fn + 1
        check_eq "jal fetched in the window links WIN + pa + 1", r6, r1

; ---- pa >= SZ: MEMORY, value pa, detail without U
        li   r3, WIN + MEMSZ
        trap_clear
w_ld:   ld   r2, 0(r3)
        check_trap "window ld pa = SZ", T_MEMORY, MEMSZ, 0, w_ld
        trap_clear
w_st:   st   r2, 0(r3)
        check_trap "window st pa = SZ", T_MEMORY, MEMSZ, ACC_W, w_st
        li   r3, 0xFFFFFFFF
        trap_clear
w_ld2:  ld   r2, 0(r3)
        check_trap "window ld va 0xFFFFFFFF", T_MEMORY, 0x3FFFFFFF, 0, w_ld2
        li   r3, WIN + MEMSZ
        trap_clear
        recover_at w_jb
        jalr r0, r3, 0
w_jb:   check_trap "window fetch pa = SZ", T_MEMORY, MEMSZ, ACC_F, WIN + MEMSZ
        li   r3, WIN + MEMSZ - 2
        trap_clear
w_lpsw: lpsw 0(r3)                      ; words at SZ-2 and SZ-1 are read, the third is past SZ
        check_trap "window lpsw: its third word at pa = SZ", T_MEMORY, MEMSZ, 0, w_lpsw

; ---- just below the window the segment rule applies (here L = SZ)
        li   r3, WIN - 1
        trap_clear
b_ld:   ld   r2, 0(r3)
        check_trap "ld va WIN - 1 follows the segment", T_SEGMENT, WIN - 1, 0, b_ld
        trap_clear
b_lpsw: lpsw 0(r3)                      ; its first word is below the window
        check_trap "lpsw at WIN - 1: the first word follows the segment", T_SEGMENT, WIN - 1, 0, b_lpsw

; ---- user mode: SEGMENT with U, value va, whatever L
        set_upsw USEG, ULEN
        li   r3, WIN + DATA
        user_run u_ldr3
        check_trap "user ld through the window", T_SEGMENT, WIN + DATA, ACC_U, u_ldr3
        li   r2, 0xBAD
        user_run u_str3
        check_trap "user st through the window", T_SEGMENT, WIN + DATA, ACC_W | ACC_U, u_str3
        check_mem "user st through the window wrote nothing", DATA, 0x5EED
        user_run u_jmpr3
        check_trap "user fetch through the window", T_SEGMENT, WIN + DATA, ACC_F | ACC_U, WIN + DATA
        set_upsw 0, 0xFFFFFFFF          ; a segment that would allow every va
        li   r3, WIN
        user_run USEG + u_ldr3
        check_trap "user ld WIN with L = 2^32 - 1", T_SEGMENT, WIN, ACC_U, USEG + u_ldr3
        li   r3, WIN + MEMSZ
        user_run USEG + u_str3
        check_trap "user st WIN + SZ with L = 2^32 - 1", T_SEGMENT, WIN + MEMSZ, ACC_W | ACC_U, USEG + u_str3
        li   r3, 0xFFFFFFFF
        user_run USEG + u_jmpr3
        check_trap "user fetch va 0xFFFFFFFF with L = 2^32 - 1", T_SEGMENT, 0xFFFFFFFF, ACC_F | ACC_U, 0xFFFFFFFF

; ---- the instructions of the other profiles are undefined under mips
        trap_clear
i_jrstu: jrstu 0(r0)
        check_trap_insn "jrstu under mips", T_ILLEGAL, i_jrstu, i_jrstu
        trap_clear
i_popf: popf r1
        check_trap_insn "popf under mips", T_ILLEGAL, i_popf, i_popf
        trap_clear
i_smsw: smsw r1, flags
        check_trap_insn "smsw under mips", T_ILLEGAL, i_smsw, i_smsw
        trap_clear
i_mrs:  mrs  r1
        check_trap_insn "mrs under mips", T_ILLEGAL, i_mrs, i_mrs

        summary

; win_fn: called at WIN + win_fn; r2 += 1, r6 <- the window address after its first word.
win_fn: jal  r6, win_fn2
win_fn2: addi r2, r2, 1
        jalr r0, lr, 0

segpsw:  .word PSW_S, SEGB, SEGL, 0
backpsw: .word PSW_S, 0, MEMSZ, s_back
upsw:    .word 0, USEG, ULEN, 0

; ---- the relocated supervisor segment's code, assembled for va 0, placed at SEGB
        .org SEGB
        .phase 0
        li   r3, WIN + DATA
        ld   r2, 0(r3)                  ; va WIN + DATA >= L: the window, not the segment
        st   r4, 2(r3)
        li   r5, WIN + backpsw
        lpsw 0(r5)                      ; back to the flat supervisor PSW
        .dephase

; ---- the user program, assembled for va 0, placed at USEG
        .org USEG
        .phase 0
u_ldr3: ld   r2, 0(r3)
        svc  1
u_str3: st   r2, 0(r3)
        svc  1
u_jmpr3: jalr r0, r3, 0
        .dephase
