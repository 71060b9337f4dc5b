; doublefault_page.s: a double fault under paging: NEW_PSW turns paging on and points the
; handler at a linear address whose PDE is not present. Expected exit: shutdown, with a reason
; naming the double fault (under the segment VMM: refused when paging is first turned on).
; SZ = PG_MEM words (the manifest's memory size).
        .include "lib/report.s"
        .include "lib/paging.s"

main:
        call pg_setup
        rdpsw r1, flags
        check_eqi "paging on before the double fault", r1, PSW_S | PSW_P
        li   r1, PSW_S | PSW_P
        st   r1, NEW_PSW(r0)
        li   r1, KLIM
        st   r1, NEW_PSW+2(r0)
        li   r1, 0x200000               ; PD[2] is not present
        st   r1, NEW_PSW+3(r0)
        svc  1                          ; delivered; the handler's fetch is a PAGE fault
        summary                         ; not reached

        pg_frames
