; segment.s: the segment check and physical memory bounds (spec section 3, steps 1 and 2).
; The edges va = L-1 (fine) and va = L (SEGMENT, value va), B+va overflowing 32 bits
; (SEGMENT) or just not (MEMORY, value la), B+va = SZ-1 (fine) and SZ (MEMORY), L = 0, B at
; or past SZ, B+PC overflowing on a fetch; the access bits W, U and F; a faulting store
; writes nothing; lpsw words crossing L or SZ fault before the reserved-bit check. Under the
; segment VMM several of these are faults that exist only because of virtualization and must
; come back as the native MEMORY fault.
; The suite assumes SZ = MEMSZ words (the manifest's memory size) and checks it first.
        .include "lib/report.s"

        .equ MEMSZ, 32768
        .equ USEG, 0x6000               ; the user program's segment; also the supervisor limit LIM
        .equ ULEN, 0x100
        .equ LIM, USEG

; user_run ENTRY: run the user program at ENTRY under upsw until its first trap.
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
        li   r1, 0x1A57
        li   r2, MEMSZ - 1
        st   r1, 0(r2)                  ; the last word of memory

; ---- user segment [USEG, USEG+ULEN): va = L-1 is inside, va = L is not
        set_upsw USEG, ULEN
        li   r2, 0
        user_run u_ldlast
        check_trap "user ld va L-1 ok", T_SVC, 1, 0, u_ldlast + 1
        check_eqi "user ld va L-1 value", r2, 0xE1DE
        user_run u_ldL
        check_trap "user ld va L", T_SEGMENT, ULEN, ACC_U, u_ldL
        check_psw "user ld va L saved psw", 0, USEG, ULEN
        li   r2, 0xBAD
        user_run u_stL
        check_trap "user st va L", T_SEGMENT, ULEN, ACC_W | ACC_U, u_stL
        check_mem "faulting st wrote nothing", USEG + ULEN, 0
        user_run u_ldneg
        check_trap "user ld va 0xFFFFFFFF", T_SEGMENT, 0xFFFFFFFF, ACC_U, u_ldneg
        user_run u_jmpL
        check_trap "user fetch va L", T_SEGMENT, ULEN, ACC_F | ACC_U, ULEN
        user_run u_ldr0
        check_trap "user ld r0 va L still faults", T_SEGMENT, ULEN, ACC_U, u_ldr0
        set_upsw USEG, 0
        user_run 0
        check_trap "user fetch with L 0", T_SEGMENT, 0, ACC_F | ACC_U, 0

; ---- B+va overflowing 32 bits is SEGMENT (value va); one less is MEMORY (value la)
        set_upsw USEG, 0xFFFFFFFF
        li   r3, 0x100000000 - USEG
        user_run u_ldr3
        check_trap "user ld B+va = 2^32", T_SEGMENT, 0x100000000 - USEG, ACC_U, u_ldr3
        li   r3, 0x100000000 - USEG
        user_run u_str3
        check_trap "user st B+va = 2^32", T_SEGMENT, 0x100000000 - USEG, ACC_W | ACC_U, u_str3
        li   r3, 0xFFFFFFFF
        user_run u_ldr3
        check_trap "user ld B+va far past 2^32", T_SEGMENT, 0xFFFFFFFF, ACC_U, u_ldr3
        li   r3, 0xFFFFFFFF - USEG
        user_run u_ldr3
        check_trap "user ld B+va = 2^32-1", T_MEMORY, 0xFFFFFFFF, ACC_U, u_ldr3

; ---- B+va = SZ-1 is the last word; B+va = SZ is MEMORY
        li   r3, MEMSZ - 1 - USEG
        li   r2, 0
        user_run u_ldr3
        check_trap "user ld B+va = SZ-1 ok", T_SVC, 1, 0, u_ldr3 + 1
        check_eqi "user ld B+va = SZ-1 value", r2, 0x1A57
        li   r3, MEMSZ - USEG
        user_run u_ldr3
        check_trap "user ld B+va = SZ", T_MEMORY, MEMSZ, ACC_U, u_ldr3
        li   r3, MEMSZ - USEG
        user_run u_str3
        check_trap "user st B+va = SZ", T_MEMORY, MEMSZ, ACC_W | ACC_U, u_str3
        li   r3, MEMSZ - USEG
        user_run u_jmpr3
        check_trap "user fetch B+va = SZ", T_MEMORY, MEMSZ, ACC_F | ACC_U, MEMSZ - USEG

; ---- user segments at or past the end of memory, and B+PC overflowing on a fetch
        set_upsw MEMSZ, 16
        user_run 0
        check_trap "user fetch with B = SZ", T_MEMORY, MEMSZ, ACC_F | ACC_U, 0
        set_upsw MEMSZ + 4, 16
        user_run 3
        check_trap "user fetch with B past SZ", T_MEMORY, MEMSZ + 7, ACC_F | ACC_U, 3
        set_upsw 0xFFFFFFF0, 0x100
        user_run 0x10
        check_trap "user fetch B+PC overflow", T_SEGMENT, 0x10, ACC_F | ACC_U, 0x10
        user_run 0x8
        check_trap "user fetch B+PC just below 2^32", T_MEMORY, 0xFFFFFFF8, ACC_F | ACC_U, 0x8

; ---- supervisor mode, boot segment L = SZ: va = SZ is SEGMENT, detail without U
        li   r3, MEMSZ
        trap_clear
s_ld:   ld   r2, 0(r3)
        check_trap "supervisor ld va L = SZ", T_SEGMENT, MEMSZ, 0, s_ld
        trap_clear
s_st:   st   r2, 0(r3)
        check_trap "supervisor st va L = SZ", T_SEGMENT, MEMSZ, ACC_W, s_st
        trap_clear
        recover_at s_jb
        jalr r0, r3, 0
s_jb:   check_trap "supervisor fetch va L = SZ", T_SEGMENT, MEMSZ, ACC_F, MEMSZ

; ---- supervisor mode with L past SZ: the same addresses are MEMORY faults
        lpsw kbig(r0)
k_big:  li   r3, MEMSZ
        trap_clear
b_ld:   ld   r2, 0(r3)
        check_trap "supervisor ld la = SZ", T_MEMORY, MEMSZ, 0, b_ld
        trap_clear
b_st:   st   r2, 0(r3)
        check_trap "supervisor st la = SZ", T_MEMORY, MEMSZ, ACC_W, b_st
        li   r3, 0xFFFFFFFE
        trap_clear
b_ld2:  ld   r2, 0(r3)
        check_trap "supervisor ld la = 2^32-2", T_MEMORY, 0xFFFFFFFE, 0, b_ld2
        li   r3, 0xFFFFFFFF
        trap_clear
b_ld3:  ld   r2, 0(r3)
        check_trap "supervisor ld va = L = 2^32-1", T_SEGMENT, 0xFFFFFFFF, 0, b_ld3
        li   r3, MEMSZ - 1
        trap_clear
b_lpsw: lpsw 0(r3)                      ; word 0 is SZ-1, word 1 is past SZ
        check_trap "lpsw word past SZ", T_MEMORY, MEMSZ, 0, b_lpsw
        li   r3, MEMSZ
        trap_clear
        recover_at b_jb                 ; recovery PSW is (s, 0, SZ)
        jalr r0, r3, 0
b_jb:   check_trap "supervisor fetch la = SZ", T_MEMORY, MEMSZ, ACC_F, MEMSZ
        rdpsw r1, l
        ld   r2, sv_memsz(r0)
        check_eq  "recovered with L = SZ", r1, r2

; ---- lpsw words cross the limit: SEGMENT on the third word, before the reserved-bit check
        lpsw klim(r0)
k_lim:  li   r3, LIM - 2
        trap_clear
        recover_at l_back
l_lpsw: lpsw 0(r3)
l_back: check_trap "lpsw word at va L", T_SEGMENT, LIM, 0, l_lpsw
        check_psw "lpsw word at va L saved psw", PSW_S, 0, LIM

        summary

upsw:   .word 0, USEG, ULEN, 0
kbig:   .word PSW_S, 0, 0xFFFFFFFF, k_big
klim:   .word PSW_S, 0, LIM, k_lim

        .org LIM - 2
        .word PSW_S | 0xF0, 0           ; reserved flag bits: ILLEGAL, were the words readable

; ---- the user program, assembled for va 0 and placed at USEG
        .org USEG
        .phase 0
u_ldlast: ld r2, ULEN - 1(r0)
        svc  1
u_ldL:  ld   r2, ULEN(r0)
u_stL:  st   r2, ULEN(r0)
u_ldneg: ld  r2, -1(r0)
u_jmpL: jalr r0, r0, ULEN
u_ldr0: ld   r0, ULEN(r0)
u_ldr3: ld   r2, 0(r3)
        svc  1
u_str3: st   r2, 0(r3)
        svc  1
u_jmpr3: jalr r0, r3, 0
        .space ULEN - 1 - .
        .word 0xE1DE                    ; the segment's last word
        .dephase
