package shadowvisor.guests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import shadowvisor.asm.Assembler;
import shadowvisor.asm.AssemblyResult;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.Mode;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;

/**
 * The four bundled guests that break the theorem (guest-kernels/README.md, "Guests that break
 * the theorem"), each on the profile its {@code .profile} names: the exact native console and
 * exit, as their headers document them; then, in every VMM mode, what spec section 8 promises.
 * {@code pdp10-jrstu.s}, {@code x86-popf-smsw.s} and {@code arm-mrs.s} are not equivalent under
 * segment and the shadow modes (a silent Theorem 1 violation) and differ on the keys that show
 * it; {@code mips-kseg.s} is equivalent in every mode, and pays one SEGMENT exit for each of the
 * window accesses its kernel counts. Under {@code hybrid} (spec 7.5, Theorem 3) pdp10-jrstu.s
 * and mips-kseg.s are equivalent with no exit for a window access (their kernels are
 * interpreted), while x86-popf-smsw.s and arm-mrs.s keep the difference their user-sensitive
 * {@code smsw} and {@code mrs} make.
 */
class ProfileGuestsTest {

    /** The guest assembled from the class path, with the profile its source names. */
    private static Image image(String name) {
        AssemblyResult assembled = Assembler.assembleFile(GuestKernelsTest.guest(name));
        assertTrue(assembled.ok(), assembled::formattedDiagnostics);
        assertNotNull(assembled.image().profile(), name + " names its profile");
        return assembled.image();
    }

    private static RunReport run(String name, Mode mode) {
        Image image = image(name);
        RunOptions options = RunOptions.defaults(mode).withProfile(Profile.builtIn(image.profile()));
        return Runner.run(List.of(image), options).get(0);
    }

    private static void assertPoweroff(RunReport r, int status, String console) {
        assertEquals(console, r.consoleText());
        assertEquals(ExitKind.POWEROFF, r.exitKind(), () -> "reason: " + r.reason());
        assertEquals(status, r.powerValue());
    }

    // ------------------------------------------------------------------ pdp10-jrstu.s

    @Test
    void pdp10NativelyTheUserProgramsRdpswTraps() {
        RunReport r = run("pdp10-jrstu.s", Mode.NATIVE);
        assertPoweroff(r, 10, """
                [k] pdp10-jrstu: entering the user program with jrstu (JRST 1)
                user: hello from the user program
                user: 1 + 2 + ... + 100 = 5050
                user: now trying rdpsw, a privileged instruction
                [k] PRIVILEGED trap from user mode: insn 0x82400000 at pc 0x1cb; program stopped
                [k] 3 system calls, 0 of them made in supervisor mode
                """);
        assertEquals("pdp10", r.profile());
        assertEquals(1, r.traps(TrapCause.PRIVILEGED));
        assertEquals(3, r.traps(TrapCause.SVC));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SEGMENT", "SHADOW_TRACE", "SHADOW_VTLB"})
    void pdp10UnderAVmmTheUserProgramRunsAsSupervisor(Mode mode) {
        RunReport nativeRun = run("pdp10-jrstu.s", Mode.NATIVE);
        RunReport r = run("pdp10-jrstu.s", mode);
        assertPoweroff(r, 66, """
                [k] pdp10-jrstu: entering the user program with jrstu (JRST 1)
                user: hello from the user program
                user: 1 + 2 + ... + 100 = 5050
                user: now trying rdpsw, a privileged instruction
                user: rdpsw read flags = 1: I am running in supervisor mode!
                [k] program exited with status 66
                [k] 5 system calls, 5 of them made in supervisor mode
                """);
        assertDiffers(nativeRun, r, "exit", "console", "instructions", "traps", "registers");
        assertEquals(0, r.traps(TrapCause.PRIVILEGED), "the VMM emulated the rdpsw instead");
        assertEquals(1L, r.vmm().emulatedByMnemonic().get("rdpsw"));
    }

    // ------------------------------------------------------------------ x86-popf-smsw.s

    @Test
    void x86NativelyPopfProtectsTheSectionsAndSmswReadsTheSegment() {
        RunReport r = run("x86-popf-smsw.s", Mode.NATIVE);
        assertPoweroff(r, 86, """
                [k] x86-popf-smsw: 400 transfers, each between popf I=0 and popf I=1, a tick every 37 instructions
                [k] 400 transfers, 199 ticks, 0 caught a transfer half done
                user: smsw reads flags 4, B 4096, L 1024
                [k] the program's smsw read its own PSW
                """);
        assertEquals(200, r.traps(TrapCause.TIMER));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SEGMENT", "SHADOW_TRACE", "SHADOW_VTLB"})
    void x86UnderAVmmPopfFailsSilentlyAndSmswReadsTheHardware(Mode mode) {
        RunReport nativeRun = run("x86-popf-smsw.s", Mode.NATIVE);
        RunReport r = run("x86-popf-smsw.s", mode);
        assertEquals(ExitKind.POWEROFF, r.exitKind());
        assertEquals(86 + 1 + 2, r.powerValue(), r.consoleText());
        Matcher torn = Pattern.compile("\\[k\\] 400 transfers, \\d+ ticks, (\\d+) caught a transfer half done")
                .matcher(r.consoleText());
        assertTrue(torn.find(), r.consoleText());
        assertTrue(Integer.parseInt(torn.group(1)) > 0, "ticks struck inside popf's critical sections");
        String smsw = mode == Mode.SEGMENT
                ? "user: smsw reads flags 4, B 5120, L 1024"       // B = addr0 + USEG
                : "user: smsw reads flags 6, B 4096, L 1024";      // P = 1: the shadow page tables
        assertTrue(r.consoleText().contains(smsw + "\n"), r.consoleText());
        assertTrue(r.consoleText().endsWith("[k] the program's smsw read another PSW: not the one the kernel gave it\n"));
        assertDiffers(nativeRun, r, "exit", "console", "instructions", "traps", "registers");
    }

    // ------------------------------------------------------------------ arm-mrs.s

    @Test
    void armNativelyTheKernelsSayWritesDirectly() {
        RunReport r = run("arm-mrs.s", Mode.NATIVE);
        assertPoweroff(r, 32, """
                [k] arm-mrs: mrs reads flags 1: supervisor mode, so say() writes to the console itself
                [k] starting the program in user mode, with I = 0
                user: hello; say() chose for me
                user: mrs reads flags 0
                [k] program exited with status 0
                [k] say() in the kernel: 3 calls, 3 written directly, 0 by a system call to the kernel
                """);
        assertEquals(3, r.traps(TrapCause.SVC));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SEGMENT", "SHADOW_TRACE", "SHADOW_VTLB"})
    void armUnderAVmmTheKernelBelievesItIsInUserMode(Mode mode) {
        RunReport nativeRun = run("arm-mrs.s", Mode.NATIVE);
        RunReport r = run("arm-mrs.s", mode);
        int flags = mode == Mode.SEGMENT ? 4 : 6;   // u, I = 1, and P = 1 under the shadow modes
        assertPoweroff(r, 33, """
                [k] arm-mrs: mrs reads flags %d: user mode, so say() makes system calls
                [k] starting the program in user mode, with I = 0
                user: hello; say() chose for me
                user: mrs reads flags %d
                [k] program exited with status 0
                [k] say() in the kernel: 3 calls, 0 written directly, 3 by a system call to the kernel
                """.formatted(flags, flags));
        assertEquals(6, r.traps(TrapCause.SVC), "three more: the kernel's say called the kernel");
        assertDiffers(nativeRun, r, "exit", "console", "instructions", "traps");
    }

    // ------------------------------------------------------------------ mips-kseg.s

    private static final String MIPS_CONSOLE = """
            [k] mips-kseg: kernel segment [0, 0x1000); its data, and the program at 0x2000, through kseg
            [k] program copied through kseg: 125 words
            user: 46 primes below 200, the largest 199
            user: now reading the kernel's data at kseg 0xc0001000
            [k] program stopped: SEGMENT, va 0xc0001000, detail 0x4, pc 0x19
            [k] system calls: 2 puts, 0 exit; 912 loads and stores through kseg
            """;

    @Test
    void mipsNativelyTheWindowIsTheHardwares() {
        RunReport r = run("mips-kseg.s", Mode.NATIVE);
        assertPoweroff(r, 4, MIPS_CONSOLE);
        assertEquals(Map.of(TrapCause.SVC, 2L, TrapCause.SEGMENT, 1L), traps(r));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SEGMENT", "SHADOW_TRACE", "SHADOW_VTLB"})
    void mipsUnderAVmmIsEquivalentAtTheCostOfAnExitPerWindowAccess(Mode mode) {
        RunReport nativeRun = run("mips-kseg.s", Mode.NATIVE);
        RunReport r = run("mips-kseg.s", mode);
        assertEquals(List.of(), r.differences(nativeRun), "equivalent to native (spec 7.1, 8)");
        assertPoweroff(r, 4, MIPS_CONSOLE);
        Matcher m = Pattern.compile("(\\d+) loads and stores through kseg").matcher(r.consoleText());
        assertTrue(m.find());
        long windowAccesses = Long.parseLong(m.group(1));
        Map<String, Long> emulated = r.vmm().emulatedByMnemonic();
        long emulatedLoadsAndStores = emulated.getOrDefault("ld", 0L) + emulated.getOrDefault("st", 0L);
        assertAll(
                () -> assertEquals(windowAccesses, emulatedLoadsAndStores, "one emulated ld or st per window access"),
                // ... and one more SEGMENT exit: the program's own access, reflected as natively
                () -> assertEquals(windowAccesses + 1, r.vmm().exits[TrapCause.SEGMENT.code()]),
                () -> assertEquals(1, r.traps(TrapCause.SEGMENT)));
    }

    // ------------------------------------------------------------------

    /** Asserts the run is not equivalent to native and differs on at least {@code keys}. */
    // ------------------------------------------------------------------ hybrid (Theorem 3)

    @org.junit.jupiter.params.ParameterizedTest(name = "hybrid runs {0} exactly as natively: Theorem 3 holds for its profile")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pdp10-jrstu.s", "mips-kseg.s"})
    void hybridIsEquivalentWhereTheorem3Holds(String guest) {
        RunReport nat = run(guest, Mode.NATIVE);
        RunReport hybrid = run(guest, Mode.HYBRID);
        assertEquals(List.of(), nat.differences(hybrid), guest + " under hybrid");
        assertTrue(hybrid.vmm().get("interpreted") > 0, "the kernel was interpreted");
        assertEquals(nat.traps(shadowvisor.machine.TrapCause.PRIVILEGED),
                hybrid.vmm().exits[shadowvisor.machine.TrapCause.PRIVILEGED.code()],
                "vm-supervisor never ran on the hardware: the only PRIVILEGED exits are the user program's own traps");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "hybrid still differs on {0}: its user-sensitive instruction is not privileged")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"x86-popf-smsw.s", "arm-mrs.s"})
    void hybridShowsTheTheorem3Violation(String guest) {
        RunReport nat = run(guest, Mode.NATIVE);
        RunReport hybrid = run(guest, Mode.HYBRID);
        assertTrue(nat.differences(hybrid).contains("console"), () -> guest + " under hybrid: "
                + nat.differences(hybrid));
    }

    private static void assertDiffers(RunReport nativeRun, RunReport r, String... keys) {
        List<String> differences = r.differences(nativeRun);
        assertFalse(differences.isEmpty(), "a silent Theorem 1 violation must show");
        for (String key : keys) {
            assertTrue(differences.contains(key), () -> key + " not among " + differences);
        }
    }

    private static Map<TrapCause, Long> traps(RunReport r) {
        java.util.EnumMap<TrapCause, Long> m = new java.util.EnumMap<>(TrapCause.class);
        for (TrapCause c : TrapCause.values()) {
            if (r.traps(c) != 0) {
                m.put(c, r.traps(c));
            }
        }
        return m;
    }
}
