package shadowvisor.guests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import shadowvisor.asm.Assembler;
import shadowvisor.asm.AssemblyResult;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.TrapCause;
import shadowvisor.mode.Mode;
import shadowvisor.run.NativeRunner;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;

/**
 * The bundled guest kernels and workloads (guest-kernels/src/main/resources/guests), each
 * assembled from the class path and run natively: the exact console text and exit, and a bound
 * on the host time. The expected texts are also the ones documented at the top of each guest.
 * The paging kernels are run with several TLB shapes (they keep the TLB discipline, so the
 * shape must not show) and, for the reclaim paths, with smaller frame pools than they ship with.
 */
class GuestKernelsTest {
    private static final Duration FEW_SECONDS = Duration.ofSeconds(5);

    /** The guest's source file: the class-path resource when it is a file, else the source tree. */
    static Path guest(String name) {
        URL url = GuestKernelsTest.class.getClassLoader().getResource("guests/" + name);
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        Path source = Path.of("..", "guest-kernels", "src", "main", "resources", "guests", name);
        assertTrue(Files.exists(source), "guest not found: " + name);
        return source;
    }

    static RunReport run(AssemblyResult assembled, String input, RunOptions options) {
        assertTrue(assembled.ok(), assembled::formattedDiagnostics);
        RunOptions o = options.withInput(input == null ? null : input.getBytes(StandardCharsets.UTF_8));
        RunReport report = NativeRunner.run(assembled.image(), o);
        assertTrue(Duration.ofNanos(report.hostNanos()).compareTo(FEW_SECONDS) < 0,
                "the run took " + report.hostNanos() / 1_000_000 + " ms");
        return report;
    }

    static RunReport run(String name, String input, RunOptions options) {
        return run(Assembler.assembleFile(guest(name)), input, options);
    }

    static RunReport run(String name, String input) {
        return run(name, input, RunOptions.defaults(Mode.NATIVE));
    }

    /** Runs a variant of a bundled guest: its text with one line replaced, assembled in its folder. */
    static RunReport runVariant(String name, String line, String replacement, RunOptions options) throws IOException {
        Path file = guest(name);
        String text = Files.readString(file);
        assertTrue(text.contains(line), name + " has no line " + line);
        return run(Assembler.assembleString(file.toString(), text.replace(line, replacement)), null, options);
    }

    static void assertPoweroff(RunReport r, int status, String console) {
        assertEquals(console, r.consoleText());
        assertEquals(ExitKind.POWEROFF, r.exitKind(), () -> "reason: " + r.reason());
        assertEquals(status, r.powerValue());
    }

    // ------------------------------------------------------------------ segkernel.s

    @Test
    void segkernelRunsSixProgramsKillsTwoAndCompacts() {
        RunReport r = run("segkernel.s", null);
        assertPoweroff(r, 4, """
            [k] segkernel: 6 programs, user pool 0x2000..0x2800
            [k] load pid 1 rogue: B=0x2000 L=0x100
            [k] load pid 2 priv: B=0x2100 L=0x100
            [k] load pid 3 adder: B=0x2200 L=0x200
            [k] load pid 4 sleeper: B=0x2400 L=0x100
            [k] load pid 5 pinger: B=0x2500 L=0x100
            rogue: yielding twice, then storing past my segment
            priv: yielding three times, then halting the machine
            sleeper: tick 3, sleeping 3 ticks
            pinger: I am pid 5
            pinger: ping 1
            [1] killed: SEGMENT (va 0x12c at pc 0x6)
            sleeper: woke at tick 10
            pinger: ping 2
            sleeper: tick 13, sleeping 3 ticks
            pinger: ping 3
            [5] exited: status 0
            [k] relocate pid 2: B=0x2100 -> 0x2000
            [k] relocate pid 3: B=0x2200 -> 0x2100
            [k] relocate pid 4: B=0x2400 -> 0x2300
            [k] load pid 6 big: B=0x2400 L=0x400
            big: loaded after compaction, pid 6
            [2] killed: PRIVILEGED (insn 0x90000000 at pc 0x6)
            sleeper: woke at tick 20
            sleeper: tick 23, sleeping 50 ticks
            adder: sum = 2646700
            adder: sum = 5293400
            big: 109 primes below 600
            [6] exited: status 0
            adder: sum = 7940100
            [3] exited: status 0
            sleeper: woke at tick 76
            [4] exited: status 0
            [k] done: 4 exited, 2 killed, 77 ticks
            """);
        assertEquals(77, r.traps(TrapCause.TIMER));
        assertEquals(1, r.traps(TrapCause.SEGMENT));
        assertEquals(1, r.traps(TrapCause.PRIVILEGED));
    }

    // ------------------------------------------------------------------ pagekernel.s

    private static final String PAGEKERNEL_CONSOLE = """
            [k] pagekernel: paging on, 64 frames, 4 swap slots
            [1] start heap
            [2] start pgswap
            [3] start twin
            [4] start twin
            [5] start scribbler
            [6] start snoop
            [7] start stray
            [1] demand-zero page 0x140000
            [1] demand-zero page 0x140400
            [1] demand-zero page 0x140800
            [1] demand-zero page 0x140c00
            [1] demand-zero page 0x1ffc00
            heap: fresh words summed to 0, written words sum to 10
            [1] exit 0
            [2] demand-zero page 0x140000
            [2] demand-zero page 0x140400
            pgswap: before A=1111 B=2222, after the swap A=2222 B=1111
            [2] exit 0
            [3] demand-zero page 0x140000
            [4] demand-zero page 0x140000
            scribbler: writing into my own code
            [5] killed: PAGE, write to a read-only page (va 0x100000 at pc 0x100005)
            snoop: reading the kernel's trap area
            [6] killed: PAGE, supervisor-only page (va 0x8 at pc 0x100003)
            stray: reading 0x120000, outside heap and stack
            [7] killed: PAGE, no page here (va 0x120000 at pc 0x100005)
            twin 3: my word at 0x140000 holds 3333
            [3] exit 0
            twin 4: my word at 0x140000 holds 4444
            [4] exit 0
            [k] done: 4 exited, 3 killed, 0 forks, 40 ticks
            [k] pages: 9 demand-zero, 0 copy-on-write, 0 swapped out, 0 swapped in, 0 discarded
            """;

    @Test
    void pagekernelRunsSevenAddressSpaces() {
        RunReport r = run("pagekernel.s", null);
        assertPoweroff(r, 3, PAGEKERNEL_CONSOLE);
        assertEquals(12, r.traps(TrapCause.PAGE));
        assertTrue(r.tlb().invlpg() >= 2, "pgswap invalidates both pages");
    }

    /** The kernel keeps the TLB discipline, so no TLB size or shape can change what it does. */
    @ParameterizedTest
    @CsvSource({"1,1", "2,2", "4,1", "16,4", "64,64", "1024,4"})
    void pagekernelIsTheSameForEveryTlb(int entries, int ways) {
        RunReport r = run("pagekernel.s", null, RunOptions.defaults(Mode.NATIVE).withTlb(entries, ways));
        assertPoweroff(r, 3, PAGEKERNEL_CONSOLE);
    }

    // ------------------------------------------------------------------ forkkernel.s

    private static final String FORKKERNEL_CONSOLE = """
            [k] forkkernel: paging on, 32 frames, 48 swap slots
            [1] start init
            init: running 3 programs, one after the other
            [2] exec cow
            cow child: X was 100, now 200
            [3] exit 0
            cow parent: X is still 100, child exited with 0
            cow parent: Y is now 301
            [2] exit 0
            init: pid 2 exited with status 0
            [4] exec hog
            hog: dirtying 40 pages, then reading 32 clean pages twice
            hog: 0 wrong words, checksum 5500 (expect 5500), 0 non-zero words in clean pages
            [4] exit 0
            init: pid 4 exited with status 0
            [5] exec crasher
            crasher: dividing by zero
            [5] killed: ARITH (insn 0x14440000 at pc 0x100004)
            init: pid 5 exited with status 135
            init: done (wait says 4294967295)
            [1] exit 0
            [k] done: 4 exited, 1 killed, 4 forks, 2 ticks
            [k] pages: 106 demand-zero, 1 copy-on-write, 81 swapped out, 41 swapped in, 37 discarded
            """;

    @ParameterizedTest
    @CsvSource({"1,1", "4,2", "256,4"})
    void forkkernelForksCopiesOnWriteAndReclaims(int entries, int ways) {
        RunReport r = run("forkkernel.s", null, RunOptions.defaults(Mode.NATIVE).withTlb(entries, ways));
        assertPoweroff(r, 1, FORKKERNEL_CONSOLE);
        assertEquals(1, r.traps(TrapCause.ARITH));
    }

    /**
     * With fewer frames the reclaim paths work harder (and fork or exec may find no memory), but
     * the kernel always ends, and whatever hog reads back is what it wrote.
     */
    @ParameterizedTest
    @ValueSource(ints = {6, 8, 10, 12, 16, 20, 24, 40, 64})
    void forkkernelSurvivesAnyPoolSize(int frames) throws IOException {
        RunReport r = runVariant("forkkernel.s", "        .equ POOL_FRAMES, 32",
                "        .equ POOL_FRAMES, " + frames, RunOptions.defaults(Mode.NATIVE).withTlb(4, 2));
        assertEquals(ExitKind.POWEROFF, r.exitKind(), () -> "reason: " + r.reason() + "\n" + r.consoleText());
        String console = r.consoleText();
        for (String line : console.split("\n")) {
            if (line.startsWith("hog: ") && line.contains("wrong words")) {
                assertEquals("hog: 0 wrong words, checksum 5500 (expect 5500), 0 non-zero words in clean pages", line);
            }
        }
        if (frames >= 12) {
            assertPoweroff(r, 1, console);
            assertTrue(console.contains("init: pid 4 exited with status 0\n"), console);
            assertTrue(console.contains("cow parent: X is still 100, child exited with 0\n"), console);
        }
    }

    /** A test guest for the paths of forkkernel.s that its demo does not reach. */
    private static final String FORKSTRESS = """
            ; forkstress (a test guest): fork over swapped-out pages. The parent dirties more pages than
            ; the pool holds and forks; the child checks and rewrites every page; the parent waits, then
            ; checks its own values.
                    .equ QUANTUM, 300
                    .equ NPROC, 4
                    .equ POOL_FRAMES, 20
                    .equ SWAP_SLOTS, 64
                    .equ KLOG, 1
                    .include "lib/pagecore.s"
            kernel_banner: .string "forkstress"
            boot_list: .word 0
                    .equ NBOOT, 1
            programs: .word name_fs, fs, fs_end - fs
                    .equ NPROGS, 1
            name_fs: .string "fs"
                    .equ PAGES, 24
            fs:     .phase USER_TEXT
                    la   r8, USER_HEAP + 3
                    li   r9, 0
            fs_fill:
                    addi r2, r9, 1000
                    st   r2, 0(r8)
                    addi r8, r8, PAGE_SIZE
                    addi r9, r9, 1
                    li   r3, PAGES
                    bne  r9, r3, fs_fill
                    svc  SYS_FORK
                    beqz r1, fs_child
                    svc  SYS_WAIT
                    mov  r11, r2                    ; child's status: its wrong words
                    li   r10, 0                     ; parent's wrong words
                    la   r8, USER_HEAP + 3
                    li   r9, 0
            fs_pcheck:
                    ld   r2, 0(r8)
                    addi r3, r9, 1000
                    beq  r2, r3, fs_pok
                    addi r10, r10, 1
            fs_pok: addi r8, r8, PAGE_SIZE
                    addi r9, r9, 1
                    li   r3, PAGES
                    bne  r9, r3, fs_pcheck
                    mov  r2, r10
                    mov  r3, r11
                    la   r1, fs_msg
                    svc  SYS_PUTS
                    add  r1, r10, r11
                    svc  SYS_EXIT
            fs_child:
                    li   r10, 0
                    la   r8, USER_HEAP + 3
                    li   r9, 0
            fs_ccheck:
                    ld   r2, 0(r8)
                    addi r3, r9, 1000
                    beq  r2, r3, fs_cok
                    addi r10, r10, 1
            fs_cok: addi r2, r9, 5000
                    st   r2, 0(r8)                  ; COW (or a swapped-in private copy)
                    ld   r3, 0(r8)
                    beq  r2, r3, fs_cok2
                    addi r10, r10, 1
            fs_cok2:
                    addi r8, r8, PAGE_SIZE
                    addi r9, r9, 1
                    li   r3, PAGES
                    bne  r9, r3, fs_ccheck
                    mov  r1, r10
                    svc  SYS_EXIT
            fs_msg: .string "forkstress: parent % wrong, child % wrong\\n"
                    .dephase
            fs_end:
            image_end:
            """;

    /**
     * Fork of a process whose pages are swapped out or, once forked, shared: swap slots shared by
     * two page tables, shared frames evicted from both spaces at once, copy-on-write of swapped
     * pages. Every word must read back right on both sides, whatever the pool and the TLB.
     */
    @ParameterizedTest
    @CsvSource({"6,1", "8,4", "10,256", "16,1", "20,256", "40,4"})
    void forkOverSwappedAndSharedPages(int frames, int tlbEntries) throws IOException {
        Path here = guest("forkkernel.s").resolveSibling("forkstress-test.s");
        String text = FORKSTRESS.replace("        .equ POOL_FRAMES, 20", "        .equ POOL_FRAMES, " + frames);
        RunReport r = run(Assembler.assembleString(here.toString(), text), null,
                RunOptions.defaults(Mode.NATIVE).withTlb(tlbEntries, Math.min(tlbEntries, 4)));
        assertEquals(ExitKind.POWEROFF, r.exitKind(), () -> "reason: " + r.reason());
        assertTrue(r.consoleText().contains("forkstress: parent 0 wrong, child 0 wrong\n"), r.consoleText());
        assertEquals(0, r.powerValue(), r.consoleText());
    }

    // ------------------------------------------------------------------ workloads

    @Test
    void computeRunsNatively() {
        RunReport r = run("compute.s", null);
        assertPoweroff(r, 0, "compute: N=400000 checksum=0xb2dcda98\n");
        assertTrue(r.instructions() >= 5_000_000 && r.instructions() <= 20_000_000, "instructions: " + r.instructions());
        assertEquals(0, java.util.Arrays.stream(r.traps()).sum(), "compute.s takes no trap");
    }

    @Test
    void computePagedIsTheSameLoopWithPagingOn() {
        RunReport r = run("compute-paged.s", null, RunOptions.defaults(Mode.NATIVE).withTlb(4, 4));
        assertPoweroff(r, 0, "compute-paged: N=400000 checksum=0xb2dcda98\n");
        assertEquals(0, java.util.Arrays.stream(r.traps()).sum(), "compute-paged.s takes no trap");
        assertTrue(r.tlb().misses() <= 4, "the working set fits a 4-entry TLB: " + r.tlb());
        RunReport unpaged = run("compute.s", null);
        assertTrue(Math.abs(r.instructions() - unpaged.instructions()) < 100, "the same loop");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "compute.s       | 1000      | compute: N=1000 checksum=0xcf69186e",
        "compute.s       | n=10;     | compute: N=10 checksum=0x98cd5cdf",
        "compute.s       | none      | compute: N=400000 checksum=0xb2dcda98",
        "compute-paged.s | 1000      | compute-paged: N=1000 checksum=0xcf69186e",
        "forkwait.s      | 25        | forkwait: 25 rounds, 0 wrong",
        "pagefault.s     | 100       | pagefault: 100 faults, checksum 4950, 0 fresh words not zero",
        "syscall.s       | 1234      | syscall: 1234 calls, pid sum 1234",
        "syscall-seg.s   | 1234      | syscall-seg: 1234 calls, pid sum 1234",
    })
    void workloadSizeComesFromTheConsoleInput(String name, String input, String line) {
        RunReport r = run(name, input);
        assertPoweroff(r, 0, line + "\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "forkwait.s  | forkwait: 300 rounds, 0 wrong",
        "pagefault.s | pagefault: 4000 faults, checksum 7998000, 0 fresh words not zero",
        "syscall.s   | syscall: 70000 calls, pid sum 70000",
        "syscall-seg.s | syscall-seg: 70000 calls, pid sum 70000",
    })
    void pagingWorkloadsAtTheirDefaultSize(String name, String line) {
        RunReport r = run(name, null);
        assertPoweroff(r, 0, line + "\n");
        assertTrue(r.instructions() >= 5_000_000 && r.instructions() <= 20_000_000, "instructions: " + r.instructions());
    }

    @Test
    void pagefaultFaultsOncePerRound() {
        RunReport r = run("pagefault.s", "500");
        assertEquals(500, r.traps(TrapCause.PAGE));
        assertEquals(500, r.tlb().invlpg(), "every unmap invalidates its page");
    }

    @Test
    void syscallTrapsOncePerCall() {
        RunReport r = run("syscall.s", "500");
        assertEquals(500 + 4 + 2, r.traps(TrapCause.SVC), "the calls, 4 getc for \"500\" and its end, puts, exit");
    }

    @Test
    void syscallSegRunsTheSameUserProgramOnASegmentKernel() {
        RunReport r = run("syscall-seg.s", "500");
        assertEquals(500 + 4 + 2, r.traps(TrapCause.SVC), "the calls, 4 getc for \"500\" and its end, puts, exit");
        assertEquals(0, r.psw().flags() & shadowvisor.machine.Psw.P, "P = 0: the segment VMM can run it");
    }
    // ------------------------------------------------------------------ memory sizes

    /** One word less than a guest needs (its documented minimum): a message and status 255. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "segkernel.s     | 0x2800  | [k] memory too small",
        "pagekernel.s    | 0x15800 | [k] memory too small",
        "forkkernel.s    | 0x18800 | [k] memory too small",
        "forkwait.s      | 0xD800  | [k] memory too small",
        "pagefault.s     | 0xD800  | [k] memory too small",
        "syscall.s       | 0xD800  | [k] memory too small",
        "syscall-seg.s   | 0x1400  | syscall-seg: memory too small",
        "compute.s       | 0x1000  | compute: memory too small",
        "compute-paged.s | 0x1400  | compute-paged: memory too small",
    })
    void guestsRefuseTooSmallAMemory(String name, String minimum, String message) {
        int words = Integer.decode(minimum);
        RunReport small = run(name, "5", RunOptions.defaults(Mode.NATIVE).withMem(words - 1));
        assertPoweroff(small, 255, message + "\n");
        RunReport enough = run(name, "5", RunOptions.defaults(Mode.NATIVE).withMem(words));
        assertEquals(ExitKind.POWEROFF, enough.exitKind());
        assertTrue(enough.powerValue() != 255, () -> name + " runs in " + minimum + " words: " + enough.consoleText());
    }
}
