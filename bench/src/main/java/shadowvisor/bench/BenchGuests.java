package shadowvisor.bench;

import shadowvisor.asm.AssemblyResult;
import shadowvisor.asm.Assembler;
import shadowvisor.machine.image.Image;

/**
 * The guests the benchmarks run, as assembly source kept here so that a benchmark's workload
 * is read next to the benchmark. Each compute loop never ends by itself: the run's instruction
 * limit stops it after exactly the number of instructions a benchmark invocation counts.
 */
final class BenchGuests {
    private BenchGuests() {
    }

    /** The compute-bound loop: ALU work, a load and a store per iteration, no traps. */
    static final String COMPUTE_LOOP = """
            main:   li   r2, 0
                    li   r3, 12345
                    la   r9, data
                    mov  r7, r9
            loop:   add  r3, r3, r2
                    xor  r4, r3, r2
                    shli r5, r4, 3
                    ld   r6, 0(r7)
                    add  r6, r6, r5
                    st   r6, 0(r7)
                    addi r2, r2, 1
                    andi r8, r2, 255
                    add  r7, r9, r8
                    j    loop
                    .align 1024
            data:   .space 256
            """;

    /**
     * The compute loop with its data spread over 512 pages, one page per iteration: with a
     * 256-entry 4-way TLB every load misses (eight pages compete for each set), so the
     * difference to {@link #COMPUTE_PAGED} per iteration is the cost of a TLB miss and walk.
     */
    static final String WIDE_LOOP = """
            main:   li   r2, 0
                    li   r3, 12345
                    li   r9, 0x10000
                    mov  r7, r9
            loop:   add  r3, r3, r2
                    xor  r4, r3, r2
                    shli r5, r4, 3
                    ld   r6, 0(r7)
                    add  r6, r6, r5
                    st   r6, 0(r7)
                    addi r2, r2, 1
                    andi r8, r2, 511
                    shli r8, r8, 10
                    add  r7, r9, r8
                    j    loop
            """;

    /** The compute loop with paging off (P = 0). */
    static final String COMPUTE = """
                    .org 16
            _start: j    main
            """ + COMPUTE_LOOP;

    /**
     * The compute loop with paging on: 64 identity-mapped supervisor pages, a working set of two
     * pages (code and data) that fits any TLB.
     */
    static final String COMPUTE_PAGED = """
                    .equ PD, 0x4000
                    .equ PT, 0x4400
                    .org 16
            _start: li   r2, PT | PTE_P | PTE_W
                    st   r2, PD(r0)
                    li   r3, 0
                    li   r4, 64
                    li   r5, PT
            fill:   shli r6, r3, 10
                    ori  r6, r6, PTE_P | PTE_W
                    st   r6, 0(r5)
                    addi r5, r5, 1
                    addi r3, r3, 1
                    bne  r3, r4, fill
                    li   r2, PD
                    mtcr ptbr, r2
                    lpsw paged(r0)
            paged:  .word PSW_S | PSW_P, 0, 0x40000000, main
            """ + COMPUTE_LOOP;

    /** Paging on, 1024 identity-mapped pages (1 Mi words), the wide loop: a TLB miss per iteration. */
    static final String COMPUTE_PAGED_WIDE = COMPUTE_PAGED.substring(0, COMPUTE_PAGED.indexOf("main:"))
            .replace("li   r4, 64", "li   r4, 1024") + WIDE_LOOP;

    /**
     * A trap-heavy multiprogramming loop: a kernel runs a user program in its own segment that
     * makes a system call every few instructions; the kernel counts it and returns with
     * {@code lpsw}. Under a VMM every {@code svc} is reflected and every {@code lpsw} emulated:
     * the worst case for trap-and-emulate. It powers off after {@code CALLS} calls.
     */
    static final String TRAP_LOOP = """
                    .equ CALLS, 20000
                    .equ USEG, 0x1000
                    .org 16
            _start: li   r2, PSW_S
                    st   r2, NEW_PSW(r0)
                    st   r0, NEW_PSW+1(r0)
                    st   r1, NEW_PSW+2(r0)
                    la   r2, trap
                    st   r2, NEW_PSW+3(r0)
                    la   r3, user
                    li   r4, USEG
                    li   r5, user_len
            copy:   ld   r6, 0(r3)
                    st   r6, 0(r4)
                    addi r3, r3, 1
                    addi r4, r4, 1
                    addi r5, r5, -1
                    bnez r5, copy
                    li   r9, CALLS
                    lpsw upsw(r0)
            trap:   addi r9, r9, -1
                    beqz r9, done
                    ld   r12, OLD_PSW+3(r0)
                    addi r12, r12, 1
                    st   r12, OLD_PSW+3(r0)
                    lpsw OLD_PSW(r0)
            done:   out  r0, POWER
            upsw:   .word 0, USEG, 0x100, 0
            user:   .phase 0
            uloop:  addi r1, r1, 1
                    xor  r2, r2, r1
                    svc  1
                    j    uloop
                    .dephase
            user_end:
                    .equ user_len, user_end - user
            """;

    /** A benchmark guest by name: the inline ones above, else a bundled guest kernel. */
    static Image load(String name) {
        return switch (name) {
            case "compute" -> assemble("compute.s", COMPUTE);
            case "compute-paged" -> assemble("compute-paged.s", COMPUTE_PAGED);
            case "compute-paged-wide" -> assemble("compute-paged-wide.s", COMPUTE_PAGED_WIDE);
            case "traploop" -> assemble("traploop.s", TRAP_LOOP);
            default -> bundled(name);
        };
    }

    /**
     * A bundled guest kernel or workload, assembled from the source tree (benchmarks run from
     * the repository root), its {@code .include}s resolved beside it.
     */
    static Image bundled(String name) {
        java.nio.file.Path file = java.nio.file.Path.of("guest-kernels/src/main/resources/guests", name + ".s");
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no benchmark guest named " + name + " (looked for " + file.toAbsolutePath()
                    + "; run the benchmarks from the repository root)");
        }
        AssemblyResult r = Assembler.assembleFile(file);
        if (!r.ok()) {
            throw new IllegalStateException(name + " does not assemble:\n" + r.formattedDiagnostics());
        }
        return r.image();
    }

    /** The memory a benchmark guest runs with, in words (whole pages, for the shadow modes). */
    static int memoryOf(String name) {
        return switch (name) {
            case "compute", "compute-paged", "traploop" -> 64 * 1024;
            default -> 1024 * 1024;
        };
    }

    static Image assemble(String name, String source) {
        AssemblyResult r = Assembler.assembleString(name, source);
        if (!r.ok()) {
            StringBuilder sb = new StringBuilder("benchmark guest does not assemble:");
            r.diagnostics().forEach(d -> sb.append('\n').append(d.format()));
            throw new IllegalStateException(sb.toString());
        }
        return r.image();
    }
}
