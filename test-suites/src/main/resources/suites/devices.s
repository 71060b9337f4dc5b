; devices.s: the ports of spec section 5. Console input byte by byte (the input's UTF-8 bytes;
; `in r0` still consumes one), 0xFFFFFFFF at and after the end of input; other ports read 0
; (the power port included) and ignore writes without consuming input; console output is the
; low 8 bits of rs.
; Console input (from the manifest): "Hi\n" then U+00E9, the bytes 48 69 0A C3 A9.
; The runner also expects the console line "console: AZ" followed by the byte 0xE9.
        .include "lib/report.s"

main:
        in   r1, CONSOLE
        in   r2, 2                      ; other port: 0, consumes nothing
        in   r3, CONSOLE
        in   r0, CONSOLE                ; consumes the newline
        in   r4, POWER                  ; the power port reads 0
        in   r5, CONSOLE
        in   r6, 0xFFFF
        in   r7, CONSOLE
        in   r8, CONSOLE                ; end of input
        in   r9, CONSOLE                ; still the end
        check_eqi "in console first byte", r1, 'H'
        check_eqi "in other port reads 0", r2, 0
        check_eqi "in console second byte", r3, 'i'
        check_eqi "in power port reads 0", r4, 0
        check_eqi "in console UTF-8 lead byte", r5, 0xC3
        check_eqi "in port 65535 reads 0", r6, 0
        check_eqi "in console UTF-8 trail byte", r7, 0xA9
        check_eqi "in at end of input", r8, 0xFFFFFFFF
        check_eqi "in after end of input", r9, 0xFFFFFFFF

; ---- out to other ports is ignored; the machine carries on
        li   r1, 0x41
        out  r1, 2
        out  r1, 0xFFFF
        li   r1, 1
        check_eqi "out to other ports ignored", r1, 1

; ---- console output keeps the low 8 bits
        la   r13, s_console
        call sv_puts
        li   r1, 0x141                  ; 'A'
        out  r1, CONSOLE
        li   r1, 0xFFFFFF5A             ; 'Z'
        out  r1, CONSOLE
        li   r1, 0x7E9                  ; 0xE9
        out  r1, CONSOLE
        li   r1, '\n'
        out  r1, CONSOLE

        summary

s_console: .string "console: "
