package shadowvisor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.CpuTrace;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;

/**
 * Issue 13 point 8: the minimizer on planted differences. A fake comparison that "differs"
 * whenever a guest holds a particular instruction (or pair of instructions) must be reduced from
 * 200 instructions to exactly that one (or two); and a deliberately broken mode, a runner that
 * corrupts a register when the guest executes {@code mtcr timer}, must be found by the campaign
 * and its guest minimized to the one step that sets the timer.
 */
class DdminTest {
    private static List<String> randomInstructions(long seed, int n) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        String[] ops = {"add r1, r2, r3", "addi r4, r4, 1", "ld r5, 3(r0)", "st r6, 9(r0)", "svc 3", "nop", "xor r7, r7, r1"};
        for (int i = 0; i < n; i++) {
            out.add(ops[r.nextInt(ops.length)] + " ; " + i);
        }
        return out;
    }

    @Test
    void aPlantedInstructionIsFoundAlone() {
        List<String> guest = randomInstructions(1, 200);
        guest.set(137, "mtcr timer, r9 ; planted");
        AtomicInteger tests = new AtomicInteger();
        Predicate<List<String>> differs = l -> {
            tests.incrementAndGet();
            return l.stream().anyMatch(s -> s.startsWith("mtcr timer"));
        };
        List<String> min = Ddmin.minimize(guest, differs);
        assertEquals(List.of("mtcr timer, r9 ; planted"), min);
        assertTrue(tests.get() < 100, "ddmin took " + tests.get() + " tests");
    }

    @Test
    void aPlantedPairIsFoundAsThePair() {
        List<String> guest = randomInstructions(2, 200);
        guest.set(20, "tlbflush ; first");
        guest.set(171, "invlpg r3 ; second");
        // Differs only when a tlbflush comes before an invlpg.
        Predicate<List<String>> differs = l -> {
            int f = -1;
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i).startsWith("tlbflush")) {
                    f = i;
                } else if (f >= 0 && l.get(i).startsWith("invlpg")) {
                    return true;
                }
            }
            return false;
        };
        assertEquals(List.of("tlbflush ; first", "invlpg r3 ; second"), Ddmin.minimize(guest, differs));
    }

    @Test
    void theResultIsOneMinimal() {
        // Differs when at least three of the "svc" lines remain: any three of them are a 1-minimal answer.
        List<String> guest = randomInstructions(3, 200);
        Predicate<List<String>> differs = l -> l.stream().filter(s -> s.startsWith("svc")).count() >= 3;
        List<String> min = Ddmin.minimize(guest, differs);
        assertEquals(3, min.size());
        for (int i = 0; i < min.size(); i++) {
            List<String> less = new ArrayList<>(min);
            less.remove(i);
            assertTrue(!differs.test(less));
        }
    }

    @Test
    void aDifferenceWithoutAnyInstructionMinimizesToNothing() {
        assertEquals(List.of(), Ddmin.minimize(randomInstructions(4, 50), l -> true));
    }

    /** A broken "VMM": runs the mode, then flips r5 of its report if the guest ever retires {@code mtcr timer}. */
    static FuzzCampaign.ModeRunner brokenOnMtcrTimer() {
        return (image, o) -> {
            RunReport r = FuzzCampaign.RUNNER.run(image, o);
            if (!executesMtcrTimer(image, o)) {
                return r;
            }
            int[] regs = r.registers().clone();
            regs[5] ^= 0x40;
            return new RunReport(r.mode(), r.profile(), r.exitKind(), r.powerValue(), r.reason(), r.console(),
                    r.instructions(), r.traps(), r.vmm(), r.tlb(), regs, r.psw(), r.memoryWords(), r.memorySha256(),
                    r.hostNanos());
        };
    }

    static boolean executesMtcrTimer(Image image, RunOptions o) {
        boolean[] seen = {false};
        FuzzCampaign.RUNNER.run(image, o.withMode(ModeStack.NATIVE).withTrace(new CpuTrace() {
            @Override
            public void retired(long count, int pc, int word) {
                if (word >>> 25 == Opcode.OP_MTCR && (Encoding.imm16(word) & 0xFFFF) == 1) {
                    seen[0] = true;
                }
            }

            @Override
            public void trap(int cause, int value, int detail, int savedPc, boolean delivered) {
            }
        }));
        return seen[0];
    }

    @Test
    void theCampaignFindsABrokenModeAndMinimizesItsGuest() {
        FuzzCampaign.Config c = FuzzCampaign.Config.of(1, 30, List.of(ModeStack.parse("shadow-vtlb")), 2)
                .withRunner(brokenOnMtcrTimer());
        FuzzCampaign.Summary s = FuzzCampaign.run(c, g -> { });
        assertTrue(s.differing() > 0, "the broken mode went unnoticed");
        List<FuzzCampaign.Finding> findings = FuzzCampaign.minimizeAll(s.differingGuests(), c);
        assertEquals(Math.min(s.differing(), FuzzCampaign.MAX_WRITTEN), findings.size());
        for (FuzzCampaign.Finding f : findings) {
            assertEquals(List.of("registers"), f.outcome().keys());
            FuzzGuest min = f.minimized();
            assertEquals(1, min.steps().size(), "seed " + f.result().guest().seed() + " minimized to\n" + min.source());
            assertEquals("timer", min.kinds().get(0));
            assertTrue(min.steps().get(0).contains("mtcr timer"));
            // The minimized guest still differs, in the same way.
            assertEquals(List.of("registers"), f.minimizedNative().differences(f.minimizedMode()));
        }
    }
}
