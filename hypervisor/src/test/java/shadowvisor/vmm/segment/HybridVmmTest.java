package shadowvisor.vmm.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.cpu.Cpu;
import shadowvisor.machine.CpuTrace;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Tlb;
import shadowvisor.mode.Mode;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;
import shadowvisor.testdata.TestData;
import shadowvisor.vmm.TrapAndEmulateVmm;

/**
 * Spec 7.5, the hybrid VMM: equivalent to native for every example, non-paging conformance
 * vector and bundled guest, at the default slice and at a slice of a few instructions; a guest
 * that pages is refused as under {@code segment}; and {@code vmm.interpreted} is exactly the
 * number of instructions the native machine retired in supervisor mode, counted from a native
 * trace. (Random guests: {@link SegmentEquivalenceProperties}; the profile guests: test-suites'
 * ProfileGuestsTest.)
 */
class HybridVmmTest {
    private static final int SHORT_SLICE = 7;

    private static RunReport hybrid(Image image, RunOptions o, int slice) {
        return Runner.run(List.of(image), o.withMode(Mode.HYBRID), slice).get(0);
    }

    /** Instructions the bare machine retires in supervisor mode: the mode before each retired instruction, from a trace. */
    static long nativeSupervisorInstructions(Image image, RunOptions o) {
        Cpu cpu = new Cpu(new PhysicalMemory(o.memWords()), new Devices(new Console(o.input(), null)), new Tlb());
        cpu.boot(image);
        long[] count = {0};
        boolean[] supervisor = {true};
        cpu.setTrace(new CpuTrace() {
            @Override
            public void retired(long n, int pc, int word) {
                if (supervisor[0]) {
                    count[0]++;
                }
                supervisor[0] = cpu.psw().supervisor();
            }

            @Override
            public void trap(int cause, int value, int detail, int savedPc, boolean delivered) {
                if (delivered) {
                    supervisor[0] = (cpu.readPhysical(4) & 1) != 0; // the PSW the delivery loads from MEM[1]
                }
            }
        });
        cpu.run(o.maxInstructions());
        return count[0];
    }

    private static DynamicTest equivalence(String name, Image image, RunOptions o) {
        return DynamicTest.dynamicTest(name, () -> {
            RunReport nat = GuestRuns.runNative(image, o);
            RunReport h = hybrid(image, o, TrapAndEmulateVmm.DEFAULT_SLICE);
            if (SegmentEquivalenceProperties.nativePages(image, o)) {
                assertEquals(ExitKind.SHUTDOWN, h.exitKind(), name + " pages and must be refused");
                assertTrue(h.reason().contains("shadow-trace") && h.reason().contains("shadow-vtlb"), h.reason());
                return;
            }
            GuestRuns.assertEquivalent(name + " (default slice)", nat, h);
            GuestRuns.assertEquivalent(name + " (slice " + SHORT_SLICE + ")", nat, hybrid(image, o, SHORT_SLICE));
            assertEquals(nativeSupervisorInstructions(image, o), h.vmm().get("interpreted"),
                    name + ": interpreted = the instructions retired in supervisor mode natively");
            assertEquals(0, h.vmm().exits[TrapCause.PRIVILEGED.code()] - userPrivilegedTraps(nat),
                    name + ": a PRIVILEGED exit only ever comes from vm-user code");
        });
    }

    /** Natively delivered PRIVILEGED traps: under hybrid only user mode can raise them, each an exit. */
    private static long userPrivilegedTraps(RunReport nat) {
        return nat.traps(TrapCause.PRIVILEGED);
    }

    @TestFactory
    Stream<DynamicTest> examplesAndBundledGuests() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : List.of(TestData.examplesDir(), GuestRuns.bundledGuests())) {
            for (Path f : GuestRuns.plainGuests(dir)) {
                tests.add(equivalence(f.getFileName().toString(), GuestRuns.assemble(f),
                        RunOptions.defaults(Mode.NATIVE)));
            }
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> conformanceVectors() throws IOException {
        List<SegmentEquivalenceTest.Vector> vectors = new ArrayList<>(SegmentEquivalenceTest.vectors(false));
        vectors.addAll(SegmentEquivalenceTest.vectors(true));
        return vectors.stream().map(v -> equivalence(v.name(), GuestRuns.assemble(v.source()), v.options()));
    }
}
