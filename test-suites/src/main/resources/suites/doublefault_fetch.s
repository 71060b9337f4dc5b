; doublefault_fetch.s: a double fault by a fetch fault: NEW_PSW sends the handler to the first
; address past memory (L allows it, so the fetch is a MEMORY fault). Expected exit: shutdown,
; with a reason naming the double fault.
; The suite assumes SZ = MEMSZ words (the manifest's memory size).
        .include "lib/report.s"

        .equ MEMSZ, 16384

main:
        check_mem "SZ is the manifest's memory size", sv_memsz, MEMSZ
        li   r1, 0xFFFFFFFF
        st   r1, NEW_PSW+2(r0)
        li   r1, MEMSZ
        st   r1, NEW_PSW+3(r0)
        li   r1, 0
        div  r1, r1, r0                 ; ARITH, delivered; the handler's fetch faults
        summary                         ; not reached
