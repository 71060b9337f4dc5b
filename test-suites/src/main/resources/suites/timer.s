; timer.s: the interval timer of spec section 5. mtcr timer sets the count (and is not itself
; counted); every other retired instruction decrements a nonzero count; reaching 0 makes a
; tick pending; with I = 0 it stays pending, and is delivered (TIMER, value 0, detail 0, saved
; PC = the next instruction to run) before the first fetch with I = 1; mtcr timer clears a
; pending tick; mfcr timer reads the remaining count. A TIMER delivery in user mode, and a
; tick delivered right after a synchronous delivery whose NEW_PSW has I = 1 (not a double
; fault). Trapping instructions are not counted in the user-mode case: none trap there.
; The suite assumes SZ = MEMSZ words (the manifest's memory size).
        .include "lib/report.s"

        .equ MEMSZ, 32768
        .equ USEG, 0x6000
        .equ ULEN, 0x100

main:
        check_mem "SZ is the manifest's memory size", sv_memsz, MEMSZ

; ---- countdown, read by mfcr; mtcr timer is not counted
        li   r1, 100
        mtcr timer, r1                  ; 100
        mfcr r2, timer                  ; reads 100, then 99
        nop                             ; 98
        nop                             ; 97
        mfcr r3, timer                  ; reads 97, then 96
        addi r4, r0, 1                  ; 95
        mtcr timer, r1                  ; 100 again
        mfcr r5, timer                  ; reads 100
        mtcr timer, r0                  ; stopped
        mfcr r6, timer
        nop
        mfcr r7, timer
        check_eqi "mfcr right after mtcr", r2, 100
        check_eqi "countdown after 3 retired", r3, 97
        check_eqi "mtcr timer resets the count", r5, 100
        check_eqi "stopped timer reads 0", r6, 0
        check_eqi "stopped timer stays 0", r7, 0
        trap_clear
        lpsw psw_i1(r0)                 ; I = 1 with nothing pending: no tick
t_i1:   lpsw psw_s1(r0)
t_s1:   check_no_trap "stopped timer never ticks"

; ---- reaching 0 with I = 0: the tick stays pending until I = 1
        trap_clear
        li   r1, 3
        mtcr timer, r1                  ; 3
        nop                             ; 2
        nop                             ; 1
        nop                             ; 0: pending
        nop
        nop
        mfcr r2, timer
        ld   r3, sv_tcount(r0)
        lpsw psw_i2(r0)                 ; I = 1: delivered before the fetch at t_i2
t_i2:   addi r5, r0, 5
        lpsw psw_s2(r0)
t_s2:   check_eqi "pending tick reads count 0", r2, 0
        check_eqi "pending tick delivered once", r3, 0
        check_trap "pending tick delivered when I set", T_TIMER, 0, 0, t_i2
        check_mem "pending tick saved flags", sv_tflags, PSW_S | PSW_I
        check_mem "pending tick handler flags", sv_hflags, PSW_S
        check_mem "one tick, one trap", sv_tcount, 1
        check_eqi "interrupted instruction then ran", r5, 5

; ---- mtcr timer clears a pending tick
        trap_clear
        li   r1, 1
        mtcr timer, r1                  ; 1
        nop                             ; 0: pending
        mtcr timer, r0                  ; cleared
        lpsw psw_i3(r0)
t_i3:   nop
        lpsw psw_s3(r0)
t_s3:   check_no_trap "mtcr timer 0 clears a pending tick"
        li   r1, 1
        mtcr timer, r1
        nop                             ; pending
        li   r1, 1000
        mtcr timer, r1                  ; cleared, counting from 1000
        lpsw psw_i4(r0)
t_i4:   mfcr r2, timer
        lpsw psw_s4(r0)
t_s4:   mtcr timer, r0
        check_no_trap "mtcr timer 1000 clears a pending tick"
        check_eqi "count after reload and lpsw", r2, 999

; ---- with I = 1 the tick strikes before the next fetch
        lpsw psw_i5(r0)
t_i5:   li   r5, 0
        trap_clear
        li   r1, 3
        mtcr timer, r1                  ; 3
        addi r5, r5, 1                  ; 2
        addi r5, r5, 1                  ; 1
        addi r5, r5, 1                  ; 0: pending, delivered before the next fetch
t_at:   addi r5, r5, 1
        lpsw psw_s5(r0)
t_s5:   check_trap "tick with I = 1", T_TIMER, 0, 0, t_at
        check_eqi "tick with I = 1 lost no instruction", r5, 4

; ---- a tick in user mode: the saved PSW is the user's
        trap_clear
        recover_at u_back
        li   r1, 5
        mtcr timer, r1                  ; 5
        lpsw upsw(r0)                   ; 4
u_back: check_trap "user-mode tick", T_TIMER, 0, 0, 4
        check_psw "user-mode tick saved psw", PSW_I, USEG, ULEN
        check_eqi "user retired four instructions before the tick", r6, 3

; ---- a delivery whose NEW_PSW has I = 1 with a tick pending: the tick is delivered before
; the handler's first instruction, and it is not a double fault
        trap_clear
        recover_at g_back
        li   r1, PSW_S | PSW_I
        st   r1, NEW_PSW(r0)
        li   r1, 1
        mtcr timer, r1                  ; 1
        nop                             ; 0: pending, I = 0
g_svc:  svc  5
g_back: li   r1, PSW_S
        st   r1, NEW_PSW(r0)
        check_trap "tick before the handler", T_TIMER, 0, 0, sv_trap
        check_mem "tick before the handler saved flags", sv_tflags, PSW_S | PSW_I
        check_mem "tick before the handler: the svc's handler never ran", sv_tcount, 4

        summary

psw_i1: .word PSW_S | PSW_I, 0, MEMSZ, t_i1
psw_s1: .word PSW_S, 0, MEMSZ, t_s1
psw_i2: .word PSW_S | PSW_I, 0, MEMSZ, t_i2
psw_s2: .word PSW_S, 0, MEMSZ, t_s2
psw_i3: .word PSW_S | PSW_I, 0, MEMSZ, t_i3
psw_s3: .word PSW_S, 0, MEMSZ, t_s3
psw_i4: .word PSW_S | PSW_I, 0, MEMSZ, t_i4
psw_s4: .word PSW_S, 0, MEMSZ, t_s4
psw_i5: .word PSW_S | PSW_I, 0, MEMSZ, t_i5
psw_s5: .word PSW_S, 0, MEMSZ, t_s5
upsw:   .word PSW_I, USEG, ULEN, 0

; ---- the user program: counts in r6 until the tick
        .org USEG
        .phase 0
        li   r6, 0                      ; 3
        addi r6, r6, 1                  ; 2
        addi r6, r6, 1                  ; 1
        addi r6, r6, 1                  ; 0: pending
        addi r6, r6, 1                  ; the tick strikes before this fetch (va 4)
        addi r6, r6, 1
        addi r6, r6, 1
u_loop: j    u_loop
        .dephase
