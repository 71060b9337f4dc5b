; halt.s: halt retires and stops the machine with exit kind halt (status 0); the final PC is
; the halt's address + 1. The summary line is printed, then the suite halts instead of
; powering off (it powers off with the failure count when a check failed).
        .include "lib/report.s"

main:
        li   r1, 3
        addi r1, r1, 4
        check_eqi "before halt", r1, 7
        la   r11, sv_summary_halt
        jalr r0, r11, 0
