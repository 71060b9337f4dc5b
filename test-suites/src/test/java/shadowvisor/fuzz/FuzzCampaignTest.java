package shadowvisor.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.image.ImageFile;
import shadowvisor.mode.ModeStack;

/**
 * Issue 13 points 4 and 8: the fixed seed range CI runs (every guest ends exactly as natively
 * in all four VMMs), seed reproducibility, and coverage statistics that are not trivial.
 */
class FuzzCampaignTest {
    static final List<ModeStack> VMMS = List.of(ModeStack.parse("segment"), ModeStack.parse("hybrid"),
            ModeStack.parse("shadow-trace"), ModeStack.parse("shadow-vtlb"));

    /** The CI range: seeds 1..200 in every VMM, no difference; and every trap cause appears. */
    @Test
    void seeds1To200EndAsNativelyInEveryVmm() {
        List<String> lines = new ArrayList<>();
        FuzzCampaign.Summary s = FuzzCampaign.run(FuzzCampaign.Config.of(1, 200, VMMS, 2), g -> {
            for (FuzzCampaign.ModeOutcome o : g.outcomes()) {
                if (o.status() == FuzzCampaign.Status.DIFFERS) {
                    lines.add("seed " + g.guest().seed() + " " + o.mode().cliName() + " differs on " + o.keys()
                            + (o.error() == null ? "" : " " + o.error()));
                }
            }
        });
        assertEquals(List.of(), lines, "differences");
        assertEquals(200, s.guests());
        Coverage c = s.coverage();
        for (TrapCause cause : TrapCause.values()) {
            assertTrue(c.get("traps", cause.name()) > 0, "no " + cause + " trap in 200 guests:\n" + c.render());
        }
        for (String bit : new String[] {"PAGE P", "PAGE W", "PAGE U", "PAGE F", "SEGMENT U", "SEGMENT F", "MEMORY W",
            "MEMORY U", "MEMORY F"}) {
            assertTrue(c.get("trap detail bits", bit) > 0, "no " + bit + ":\n" + c.render());
        }
        for (String exit : new String[] {"poweroff", "halt", "shutdown by double fault", "limit"}) {
            assertTrue(c.get("native exits", exit) > 0, "no exit " + exit + ":\n" + c.render());
        }
        for (String cls : new String[] {"alu", "immediate", "shift immediate", "lui", "load", "store", "branch", "jump",
            "privileged"}) {
            assertTrue(c.get("instruction classes", cls) > 0, "no " + cls + ":\n" + c.render());
        }
        assertTrue(c.get("steps", "svc") > 0 && c.get("traps", "SVC") > 0, c.render());
        for (String op : new String[] {"invlpg", "tlbflush", "mtcr", "mfcr", "rdpsw", "in", "out", "lpsw", "halt"}) {
            assertTrue(c.get("instructions", op) > 0, "no " + op + ":\n" + c.render());
        }
        assertTrue(c.get("guests", "paging") > 50 && c.get("guests", "segments only") > 50, c.render());
        System.out.println(c.render());
    }

    @Test
    void aSeedGivesTheSameGuestEveryTime() {
        for (long seed : new long[] {1, 7, 123456789L, -5}) {
            FuzzGuest a = GuestGenerator.generate(seed);
            FuzzGuest b = GuestGenerator.generate(seed);
            assertEquals(a.source(), b.source());
            assertArrayEquals(ImageFile.toBytes(a.image()), ImageFile.toBytes(b.image()));
        }
        assertTrue(!GuestGenerator.generate(1).source().equals(GuestGenerator.generate(2).source()));
    }

    @Test
    void oneJobAndTwoJobsGiveTheSameResults() {
        List<String> one = new ArrayList<>();
        List<String> two = new ArrayList<>();
        FuzzCampaign.Summary a = FuzzCampaign.run(FuzzCampaign.Config.of(300, 339, VMMS, 1), g -> one.add(describe(g)));
        FuzzCampaign.Summary b = FuzzCampaign.run(FuzzCampaign.Config.of(300, 339, VMMS, 2), g -> two.add(describe(g)));
        assertEquals(one, two);
        assertEquals(a.coverage().render(), b.coverage().render());
        assertEquals(a.runs(), b.runs());
    }

    private static String describe(FuzzCampaign.GuestResult g) {
        StringBuilder b = new StringBuilder(g.guest().seed() + " " + g.nativeReport().exitKind() + " "
                + g.nativeReport().memorySha256() + " " + g.nativeReport().instructions());
        for (FuzzCampaign.ModeOutcome o : g.outcomes()) {
            b.append(' ').append(o.mode().cliName()).append('=').append(o.status());
        }
        return b.toString();
    }
}
