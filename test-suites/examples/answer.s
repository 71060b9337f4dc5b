; answer.s: a test of your own, run by `shadowvisor test test-suites/examples/answer.s`.
; It reads two characters from the console, checks a product and what it read, and prints a
; line the header expects. The `; test:` lines are its manifest entry (docs/CLI.md, "test").
;
; test: mem=32K modes=native,segment,hybrid,shadow-trace,shadow-vtlb
; test: input="6*" expect_output="the answer is 42"
        .include "../src/main/resources/suites/lib/report.s"

main:
        in   r1, CONSOLE                ; '6'
        in   r2, CONSOLE                ; '*'
        check_eqi "first input byte", r1, '6'
        check_eqi "second input byte", r2, '*'
        li   r3, 6
        li   r4, 7
        mul  r5, r3, r4
        check_eqi "six times seven", r5, 42
        la   r13, said
        call sv_puts
        summary
said:   .string "the answer is 42\n"
