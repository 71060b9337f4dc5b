; limit.s: the instruction limit (spec sections 5 and 9) stops the machine as soon as that
; many instructions have retired, before any pending tick or further trap is delivered. The
; suite never ends on its own: a loop of svc traps and timer ticks runs until the limit the
; manifest gives. Expected exit: limit (status 124), at the same point in every mode.
        .include "lib/report.s"

main:
        check_eqi "started", r0, 0
        li   r1, 0
        li   r2, 7
        mtcr timer, r2
        lpsw psw_i(r0)
loop:   addi r1, r1, 1
        st   r1, counter(r0)
        svc  3
        andi r3, r1, 15
        bnez r3, loop
        li   r2, 7
        mtcr timer, r2                  ; a tick every so often, struck in the middle of the loop
        j    loop

psw_i:  .word PSW_S | PSW_I, 0, 0x4000, loop
counter: .word 0
