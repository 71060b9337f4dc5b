package shadowvisor.guests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import shadowvisor.asm.Assembler;
import shadowvisor.asm.AssemblyResult;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.cpu.Cpu;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Boot;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.Load;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Tlb;
import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.NativeRunner;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;
import shadowvisor.suite.Manifest;
import shadowvisor.suite.SuiteSources;
import shadowvisor.suite.SuiteTest;

/**
 * {@code pgvmm.s}, the Popek &amp; Goldberg VMM written in the machine's own language (spec
 * section 7.7): {@code run --load ADDR=GUEST pgvmm.s} must end with the guest's native console
 * bytes, exit kind and exit status, with pgvmm on the bare machine and inside every VMM mode
 * and stack ({@link #MODES}: {@code segment/segment} puts the guest three levels of trap and
 * emulate deep, pgvmm itself being the innermost).
 *
 * <p>The guests: hello.s, user-svc.s, segkernel.s (timer-driven: its output interleaves only if
 * the virtual timer is exact), a timing torture written here (ticks at every distance from traps
 * and emulated instructions), and every suite of the manifest that runs under {@code segment} on
 * profile pg. The guest gets memsize = the words its native run has; pgvmm's machine has ADDR
 * more. The suites that turn paging on are shut down by pgvmm, as by {@code --mode segment}
 * (natively they pass: a VMM without paging cannot run them, which is the expected outcome).
 *
 * <p>Runs go through the real {@code --load} path ({@link RunOptions#withLoad}, {@link Runner}).
 * On the bare machine the test also looks inside: pgvmm keeps the VM's state at fixed
 * addresses (its header), so the guest's final memory, registers, vPSW, retired instruction
 * count and delivered traps are compared with its native run word for word.
 */
class PgVmmTest {
    /** Where the guest is loaded: its addr0. pgvmm's own words end far below. */
    private static final int ADDR = 0x1000;
    /** The modes pgvmm itself runs in. */
    private static final List<ModeStack> MODES = List.of(ModeStack.NATIVE, ModeStack.of(Mode.SEGMENT),
            ModeStack.of(Mode.HYBRID), ModeStack.of(Mode.SHADOW_TRACE), ModeStack.of(Mode.SHADOW_VTLB),
            ModeStack.parse("segment/segment"));

    // pgvmm's VM state (pgvmm.s, "data").
    private static final int VPSW = 0x10, VRETIRED = 0x18, GREG = 0x20, VTRAPS = 0x30;

    /**
     * One guest to run under pgvmm: its image, memsize, console input, instruction limit, whether
     * it turns paging on, and whether it runs until the limit stops it.
     */
    private record Guest(String name, Image image, int memsize, byte[] input, long limit, boolean pages,
                         boolean endless) {
        Guest(String name, Image image, int memsize) {
            this(name, image, memsize, new byte[0], RunOptions.DEFAULT_LIMIT, false, false);
        }
    }

    private static Image assemble(AssemblyResult result) {
        assertTrue(result.ok(), result::formattedDiagnostics);
        return result.image();
    }

    private static Image pgvmm() {
        return assemble(Assembler.assembleFile(GuestKernelsTest.guest("pgvmm.s")));
    }

    private static Image bundled(String name) {
        return assemble(Assembler.assembleFile(GuestKernelsTest.guest(name)));
    }

    /**
     * The timing torture: a kernel that alternates rounds of a user program and of supervisor
     * code with I = 1, with the timer set to 1, 2, 3, ... so that the tick falls at every
     * distance from the svc, the PRIVILEGED trap and the emulated instructions (mfcr, rdpsw,
     * mtcr from the handler), and folds what its handler saw (mfcr timer, the saved PSW, the
     * cause) into a checksum it prints. Any miscount of guest time changes the checksum.
     */
    static final String TORTURE = """
                    .equ USEG, 0x1000
                    .equ ROUNDS, 90
                    .org 16
            _start: li   r2, PSW_S
                    st   r2, NEW_PSW(r0)
                    st   r0, NEW_PSW+1(r0)
                    st   r1, NEW_PSW+2(r0)
                    la   r2, trap
                    st   r2, NEW_PSW+3(r0)
                    st   r1, spsw+2(r0)
                    la   r3, user
                    li   r4, USEG
                    li   r5, user_len
            copy:   ld   r6, 0(r3)
                    st   r6, 0(r4)
                    addi r3, r3, 1
                    addi r4, r4, 1
                    addi r5, r5, -1
                    bnez r5, copy
                    li   r8, 1                  ; this round's timer count
                    li   r11, 0                 ; checksum
                    li   r12, 0                 ; traps seen
            round:  andi r6, r8, 1
                    mtcr timer, r8
                    bnez r6, go_sup
                    lpsw upsw(r0)
            go_sup: lpsw spsw(r0)
            trap:   mfcr r3, timer
                    ld   r4, OLD_PSW+3(r0)
                    ld   r5, TRAP_CAUSE(r0)
                    li   r6, 31
                    mul  r11, r11, r6
                    add  r11, r11, r3
                    shli r6, r4, 3
                    add  r11, r11, r6
                    shli r6, r5, 20
                    xor  r11, r11, r6
                    ld   r6, OLD_PSW(r0)
                    add  r11, r11, r6
                    addi r12, r12, 1
                    li   r6, T_TIMER
                    beq  r5, r6, tick
                    addi r4, r4, 1
                    st   r4, OLD_PSW+3(r0)
                    andi r6, r12, 7
                    bnez r6, back
                    li   r6, 2                  ; now and then a short count from the handler
                    mtcr timer, r6
            back:   lpsw OLD_PSW(r0)
            tick:   addi r8, r8, 1
                    li   r6, ROUNDS
                    bltu r8, r6, round
                    li   r3, 28
            hex:    shr  r1, r11, r3
                    andi r1, r1, 15
                    addi r1, r1, '0'
                    li   r2, '9'
                    bgeu r2, r1, digit
                    addi r1, r1, 'a' - '9' - 1
            digit:  out  r1, CONSOLE
                    addi r3, r3, -4
                    bge  r3, r0, hex
                    li   r1, '\\n'
                    out  r1, CONSOLE
                    andi r12, r12, 255
                    out  r12, POWER
            sloop:  addi r7, r7, 1
                    mfcr r6, timer
                    add  r11, r11, r6
                    svc  1
                    rdpsw r6, flags
                    add  r11, r11, r6
                    nop
                    j    sloop
            upsw:   .word PSW_I, USEG, 0x100, 0
            spsw:   .word PSW_S | PSW_I, 0, 0, sloop
            user:   .phase 0
            u:      addi r1, r1, 1
                    addi r1, r1, 1
                    svc  2
                    addi r1, r1, 1
                    rdpsw r2, flags
                    j    u
                    .dephase
            user_end:
                    .equ user_len, user_end - user
            """;

    /** Every guest pgvmm must run as natively, and the paging suites it must shut down. */
    private static List<Guest> guests() {
        List<Guest> guests = new ArrayList<>();
        guests.add(new Guest("hello.s", bundled("hello.s"), 32768));
        guests.add(new Guest("user-svc.s", bundled("user-svc.s"), 32768));
        guests.add(new Guest("segkernel.s", bundled("segkernel.s"), 32768));
        guests.add(new Guest("timing torture", assemble(Assembler.assembleString("torture.s", TORTURE)), 8192));
        Manifest manifest = Manifest.load();
        SuiteSources sources = SuiteSources.fromClasspath(manifest);
        for (SuiteTest t : manifest.tests()) {
            if (!t.listedFor(Mode.SEGMENT)) {
                continue;
            }
            Image image = sources.assemble(t);
            String profile = t.profile() != null ? t.profile().name() : image.profile();
            if (profile != null && !profile.equals("pg")) {
                continue; // pgvmm runs on pg; a profile's own instructions are not its to emulate
            }
            guests.add(new Guest("suite " + t.name(), image, t.memWords(), t.inputBytes(), t.maxInstructions(),
                    t.refusedIn(Mode.SEGMENT), t.exit().kind() == ExitKind.LIMIT));
        }
        return guests;
    }

    private static RunOptions options(Guest g, Mode mode, int mem) {
        return options(g, ModeStack.of(mode), mem);
    }

    private static RunOptions options(Guest g, ModeStack mode, int mem) {
        return RunOptions.defaults(mode).withMem(mem).withInput(g.input()).withLimit(g.limit());
    }

    /** The guest under pgvmm, pgvmm in {@code mode}, through the real --load path. */
    private static RunReport underPgvmm(Image pgvmm, Guest g, Mode mode) {
        return underPgvmm(pgvmm, g, ModeStack.of(mode));
    }

    private static RunReport underPgvmm(Image pgvmm, Guest g, ModeStack mode) {
        RunOptions o = options(g, mode, ADDR + g.memsize()).withLoad(new Load(ADDR, g.image()));
        return Runner.run(List.of(pgvmm), o).get(0);
    }

    @TestFactory
    Stream<DynamicTest> everyGuestEndsAsNativelyInEveryMode() {
        Image pgvmm = pgvmm();
        List<DynamicTest> tests = new ArrayList<>();
        for (Guest g : guests()) {
            RunReport natively = NativeRunner.run(g.image(), options(g, Mode.NATIVE, g.memsize()));
            for (ModeStack mode : MODES) {
                tests.add(DynamicTest.dynamicTest(g.name() + " [pgvmm in " + mode.cliName() + "]", () -> {
                    RunReport r = underPgvmm(pgvmm, g, mode);
                    if (g.pages()) {
                        assertShutDownAsUnderSegment(g, r);
                    } else {
                        assertEndsAs(natively, r);
                    }
                }));
            }
        }
        return tests.stream();
    }

    private static void assertEndsAs(RunReport natively, RunReport r) {
        assertAll(
                () -> assertEquals(natively.consoleText(), r.consoleText(), "console"),
                () -> assertEquals(natively.exitKind(), r.exitKind(), () -> "exit kind; reason: " + r.reason()),
                () -> assertEquals(natively.status(), r.status(), "exit status"),
                () -> assertEquals(natively.powerValue(), r.powerValue(), "power-off value"));
    }

    /** A paging guest: natively it runs, under segment (and so under pgvmm) it is shut down. */
    private static void assertShutDownAsUnderSegment(Guest g, RunReport r) {
        RunReport underSegment = Runner.run(List.of(g.image()), options(g, Mode.SEGMENT, g.memsize())).get(0);
        assertEquals(ExitKind.SHUTDOWN, underSegment.exitKind(), "the segment VMM refuses " + g.name());
        assertEquals(ExitKind.SHUTDOWN, r.exitKind(), () -> "reason: " + r.reason());
        assertEquals(125, r.status());
        assertEquals(underSegment.consoleText(), r.consoleText(), "console up to the shutdown");
    }

    // ------------------------------------------------------------------ inside pgvmm

    /** A machine run to its end: the CPU, its exit code and its console. */
    private record Ran(Cpu cpu, int exit, byte[] console) {
    }

    private static Ran runCpu(Boot boot, int size, byte[] input, long limit) {
        Devices devices = new Devices(new Console(input, null));
        Cpu cpu = new Cpu(new PhysicalMemory(size), devices, new Tlb());
        cpu.boot(boot);
        int exit = cpu.run(limit);
        devices.console().flush();
        return new Ran(cpu, exit, devices.console().output());
    }

    /**
     * On the bare machine, pgvmm's VM ends in the native guest's state: the same guest-physical
     * memory word for word, registers, vPSW, retired instructions and delivered traps (spec 7.1's
     * equivalence, which 7.7 asks only for the console and the exit).
     */
    @TestFactory
    Stream<DynamicTest> theVmEndsInTheNativeState() {
        Image pgvmm = pgvmm();
        return guests().stream().filter(g -> !g.pages() && !g.endless())
                .map(g -> DynamicTest.dynamicTest(g.name(), () -> assertNativeState(pgvmm, g)));
    }

    private static void assertNativeState(Image pgvmm, Guest g) {
        Ran natively = runCpu(new Boot(g.image()), g.memsize(), g.input(), g.limit());
        Ran vm = runCpu(new Boot(pgvmm, new Load(ADDR, g.image())), ADDR + g.memsize(), g.input(), Long.MAX_VALUE);
        assertArrayEquals(natively.console(), vm.console(), "console");
        assertEquals(natively.exit(), vm.exit(), () -> "exit; " + vm.cpu().shutdownReason());

        Cpu cpu = natively.cpu();
        int[] host = vm.cpu().memory().words();
        int[] registers = new int[16];
        for (int i = 1; i < 16; i++) {
            registers[i] = cpu.register(i);
        }
        Psw psw = cpu.psw();
        long[] traps = cpu.trapCounts();
        long[] vmTraps = new long[traps.length];
        for (int c = 1; c < traps.length; c++) {
            vmTraps[c] = host[VTRAPS + c];
        }
        long vmRetired = Integer.toUnsignedLong(host[VRETIRED]) | (long) host[VRETIRED + 1] << 32;
        assertAll(
                () -> assertArrayEquals(cpu.memory().words(), Arrays.copyOfRange(host, ADDR, ADDR + g.memsize()),
                        "guest-physical memory"),
                () -> assertArrayEquals(registers, Arrays.copyOfRange(host, GREG, GREG + 16), "registers"),
                () -> assertArrayEquals(new int[] {psw.flags(), psw.b(), psw.l(), psw.pc()},
                        Arrays.copyOfRange(host, VPSW, VPSW + 4), "vPSW"),
                () -> assertEquals(cpu.retired(), vmRetired, "retired guest instructions"),
                () -> assertArrayEquals(traps, vmTraps, "traps delivered, by cause"),
                () -> assertTrue(vm.cpu().retired() > cpu.retired(), "pgvmm's own instructions are the machine's"));
    }

    // ------------------------------------------------------------------ pgvmm alone

    @Test
    void withoutAGuestItSaysHowToGiveOne() {
        RunReport r = NativeRunner.run(pgvmm(), RunOptions.defaults(Mode.NATIVE).withMem(16384));
        assertEquals("pgvmm: no guest: run pgvmm.s with --load ADDR=PROGRAM, ADDR above pgvmm's own words\n",
                r.consoleText());
        assertEquals(ExitKind.POWEROFF, r.exitKind());
        assertEquals(255, r.powerValue());
    }

    @Test
    void aGuestThatTurnsPagingOnIsShutDown() {
        Guest pagekernel = new Guest("pagekernel.s", bundled("pagekernel.s"), 0x16000);
        assertShutDownAsUnderSegment(pagekernel, underPgvmm(pgvmm(), pagekernel, Mode.NATIVE));
    }

    @Test
    void theGuestsTimeIsItsOwn() {
        // pgvmm's instructions are the machine's: many more retire than the guest's, yet the
        // guest's timer-driven output is the native one (segkernel.s ticks every 400 of its own).
        Guest segkernel = new Guest("segkernel.s", bundled("segkernel.s"), 32768);
        RunReport natively = NativeRunner.run(segkernel.image(), options(segkernel, Mode.NATIVE, 32768));
        RunReport r = underPgvmm(pgvmm(), segkernel, Mode.NATIVE);
        assertEquals(natively.consoleText(), r.consoleText());
        assertTrue(r.instructions() > 2 * natively.instructions(), "pgvmm adds its own instructions");
    }

    @Test
    void aLoadAddressInsidePgvmmIsRefused() {
        // The boot rule forbids overlapping words; a load address below pgvmm's end whose words
        // miss pgvmm's would still hand the guest pgvmm's own memory: pgvmm says so and stops.
        Image empty = new Image(0, List.of());
        Ran vm = runCpu(new Boot(pgvmm(), new Load(0x10, empty)), 16384, new byte[0], Long.MAX_VALUE);
        assertEquals(Machine.EXIT_POWEROFF, vm.exit());
        assertTrue(new String(vm.console(), StandardCharsets.ISO_8859_1).startsWith("pgvmm: no guest"));
    }
}
