; doublefault.s: a synchronous trap raised by the first instruction after a delivery shuts the
; machine down (spec section 4, double fault) instead of delivering again. Here the handler's
; first instruction is an svc. Expected exit: shutdown, with a reason naming the double fault;
; the final PSW is the one the delivery loaded, and only the first trap is counted.
        .include "lib/report.s"

main:
        rdpsw r1, flags
        check_eqi "supervisor before the double fault", r1, PSW_S
        la   r1, df_handler
        st   r1, NEW_PSW+3(r0)
df_svc: svc  1                          ; delivered; then the handler's svc is the second trap
        summary                         ; not reached

df_handler:
        svc  2
