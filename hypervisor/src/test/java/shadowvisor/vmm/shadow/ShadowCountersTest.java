package shadowvisor.vmm.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.image.Image;
import shadowvisor.mode.Mode;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;

/**
 * Spec 7.1 (efficiency is measured, not assumed) for the shadow modes: everything the VMM
 * carries out for the guest is in {@code vmm.emulated}. Under {@code shadow-vtlb} that is only
 * privileged instructions; under {@code shadow-trace} also the guest's stores into its own
 * write-protected page tables, each counted once as {@code st} and once as
 * {@code pt_writes_emulated}.
 */
class ShadowCountersTest {
    private static final Set<String> PRIVILEGED = Set.of("lpsw", "rdpsw", "mtcr", "mfcr", "invlpg", "tlbflush", "out",
            "in", "halt");

    private static RunReport pagekernel(Mode mode) {
        Path guests = ShadowRuns.repositoryDirectory("guest-kernels/src/main/resources/guests");
        assumeTrue(guests != null, "guest-kernels/ not found");
        Image image = ShadowRuns.assembleOrNull(guests.resolve("pagekernel.s"));
        assumeTrue(image != null, "pagekernel.s does not assemble");
        return ShadowRuns.run(mode, image, ShadowRuns.options(RunOptions.DEFAULT_MEM, 20_000_000L, null));
    }

    @Test
    void shadowTraceCountsEveryEmulatedPageTableStore() {
        RunReport r = pagekernel(Mode.SHADOW_TRACE);
        Map<String, Long> emulated = r.vmm().emulatedByMnemonic();
        long stores = r.vmm().get("pt_writes_emulated");
        assertTrue(stores > 0, "pagekernel writes its page tables while they are shadowed");
        assertEquals(stores, emulated.getOrDefault("st", 0L), "each emulated page-table store is an emulated st");
        emulated.keySet().forEach(m -> assertTrue(m.equals("st") || PRIVILEGED.contains(m), m));
    }

    @Test
    void shadowVtlbEmulatesOnlyPrivilegedInstructions() {
        RunReport r = pagekernel(Mode.SHADOW_VTLB);
        Map<String, Long> emulated = r.vmm().emulatedByMnemonic();
        assertTrue(!emulated.isEmpty());
        emulated.keySet().forEach(m -> assertTrue(PRIVILEGED.contains(m), m));
        assertEquals(0, r.vmm().get("pt_writes_emulated"));
    }
}
