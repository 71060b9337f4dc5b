package shadowvisor.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;
import shadowvisor.testdata.TestData;
import shadowvisor.result.VmmCounter;
import shadowvisor.result.VmmCounters;
import shadowvisor.vmm.segment.GuestRuns;

/**
 * The cost model (issue 14): modeled cycles are exactly the counters times the constants, on
 * guests whose counters are known; a changed constant changes its own term and nothing else.
 */
class ModeledCyclesTest {
    private static final Image HELLO = GuestRuns.assemble(TestData.examplesDir().resolve("hello.s"));
    private static final Image USER_SVC = GuestRuns.assemble(TestData.examplesDir().resolve("user-svc.s"));
    private static final Image PAGEKERNEL = GuestRuns.assemble(GuestRuns.bundledGuests().resolve("pagekernel.s"));

    private static RunReport run(Image image, String mode) {
        return Runner.run(List.of(image), RunOptions.defaults(ModeStack.parse(mode))).get(0);
    }

    @Test
    void helloUnderSegmentByHand() {
        // hello.s: 56 instructions natively, 11 of them `out`, each an exit and an emulation under segment.
        RunReport seg = run(HELLO, "segment");
        assertEquals(56, seg.instructions());
        assertEquals(11, seg.vmm().exits[TrapCause.PRIVILEGED.code()]);
        CostModel m = CostModel.defaults();
        ModeledCycles c = ModeledCycles.of(seg, m);
        assertEquals(45, c.count(CostTerm.INSTRUCTION));
        assertEquals(11, c.count(CostTerm.EXIT));
        assertEquals(11, c.count(CostTerm.EMULATE));
        assertEquals(45 * m.price(CostTerm.INSTRUCTION) + 11 * m.price(CostTerm.EXIT) + 11 * m.price(CostTerm.EMULATE),
                c.total());
        ModeledCycles nat = ModeledCycles.of(run(HELLO, "native"), m);
        assertEquals(56 * m.price(CostTerm.INSTRUCTION), nat.total());
        assertEquals((double) c.total() / nat.total(), c.ratioTo(nat), 1e-12);
    }

    @Test
    void userSvcNativelyPaysForItsTrapDeliveries() {
        RunReport nat = run(USER_SVC, "native");
        long traps = 0;
        for (TrapCause t : TrapCause.values()) {
            traps += nat.traps(t);
        }
        assertTrue(traps > 0);
        ModeledCycles c = ModeledCycles.of(nat, CostModel.defaults());
        assertEquals(traps, c.count(CostTerm.TRAP_DELIVERY));
        assertEquals(0, ModeledCycles.of(run(USER_SVC, "segment"), CostModel.defaults()).count(CostTerm.TRAP_DELIVERY),
                "under a VMM the guest's traps are exits and reflections");
    }

    @Test
    void theTotalIsTheCountersTimesTheConstantsInEveryMode() {
        CostModel m = CostModel.defaults().withEmulate("lpsw", 777).with(CostTerm.EXIT, 1234);
        for (String mode : List.of("native", "segment", "hybrid", "shadow-trace", "shadow-vtlb", "shadow-vtlb/shadow-trace")) {
            Image image = mode.startsWith("s") && !mode.equals("segment") ? PAGEKERNEL : USER_SVC;
            RunReport r = run(image, mode);
            ModeledCycles c = ModeledCycles.of(r, m);
            long expected = 0;
            for (CostTerm t : CostTerm.values()) {
                if (t != CostTerm.EMULATE) {
                    expected += c.count(t) * m.price(t);
                }
            }
            List<VmmCounters> levels = r.vmm() == null ? List.of()
                    : r.levels().isEmpty() ? List.of(r.vmm()) : r.levels().stream().map(l -> l.counters()).toList();
            long exits = 0;
            for (VmmCounters v : levels) {
                exits += v.totalExits() + v.sliceEnds;
                for (int op = 0; op < 128; op++) {
                    expected += v.emulated[op] * (op == Opcode.LPSW.code() ? 777 : m.price(CostTerm.EMULATE));
                }
            }
            assertEquals(expected, c.total(), mode);
            assertEquals(exits, c.count(CostTerm.EXIT), mode);
            assertEquals(2 * r.tlb().misses(), c.count(CostTerm.WALK_REFERENCE), mode);
            if (!levels.isEmpty()) {
                assertEquals(levels.get(0).get(VmmCounter.HIDDEN_FAULTS) + (levels.size() > 1
                        ? levels.get(1).get(VmmCounter.HIDDEN_FAULTS) : 0), c.count(CostTerm.HIDDEN_FAULT), mode);
            }
        }
    }

    @Test
    void aChangedConstantChangesOnlyItsOwnTerm() {
        RunReport r = run(PAGEKERNEL, "shadow-trace");
        ModeledCycles base = ModeledCycles.of(r, CostModel.defaults());
        for (CostTerm t : CostTerm.values()) {
            CostModel changed = CostModel.defaults().with(t, CostModel.defaults().price(t) + 7);
            ModeledCycles c = ModeledCycles.of(r, changed);
            for (CostTerm u : CostTerm.values()) {
                if (u != t) {
                    assertEquals(base.cycles(u), c.cycles(u), t + " changed " + u);
                }
            }
            assertEquals(base.cycles(t) + 7 * base.count(t), c.cycles(t), t.key());
            assertEquals(base.total() + 7 * base.count(t), c.total(), t.key());
        }
    }

    @Test
    void badPricesAreRefusedWithTheirKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CostModel.defaults().with(CostTerm.EXIT, -1));
        assertTrue(e.getMessage().startsWith("exit:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CostModel.defaults().withEmulate("frob", 3));
        assertTrue(e.getMessage().contains("emulate.frob"), e.getMessage());
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertEquals(2000, CostModel.defaults().price(CostTerm.EXIT));
        assertEquals(1, CostModel.defaults().price(CostTerm.INSTRUCTION));
        assertEquals(CostTerm.values().length, CostModel.defaults().prices().size());
    }
}
