package shadowvisor.result;

/**
 * The counters a mode keeps beside exits, emulations and reflections, declared once as data, as
 * KVM's stats descriptors and Xen's {@code PERFCOUNTER} list are: each names its key under
 * {@code vmm} in {@code --json} and indexes a {@code long[]} in {@link VmmCounters}, so counting
 * an event is an array increment, never a string hashed per event. docs/VMM.md maps each to its
 * nearest KVM and Xen counters.
 */
public enum VmmCounter {
    /** A hardware page fault the guest's tables allow: the shadow was filled, the guest never saw it (KVM {@code pf_fixed}). */
    HIDDEN_FAULTS("hidden_faults"),
    /** A fault the guest must see, reflected with the native value and detail (KVM {@code pf_guest}). */
    TRUE_FAULTS("true_faults"),
    /** A shadow page table built (KVM {@code mmu_cache_miss}). */
    SHADOW_PAGES_BUILT("shadow_pages_built"),
    /** A shadow page table dropped (KVM {@code mmu_shadow_zapped}). */
    SHADOW_PAGES_DROPPED("shadow_pages_dropped"),
    /** A guest store into a traced page table, carried out by the VMM (KVM {@code mmu_pte_write}). */
    PT_WRITES_EMULATED("pt_writes_emulated"),
    /** Shadow entries brought in line with the guest's (KVM {@code mmu_pte_updated}; Xen {@code shadow_resync}). */
    SYNCS("syncs"),
    /** A guest ptbr whose shadow root was cached. */
    ROOT_CACHE_HITS("root_cache_hits"),
    /** A guest ptbr whose shadow root had to be built. */
    ROOT_CACHE_MISSES("root_cache_misses"),
    /** A guest page-table frame write-protected (KVM {@code mmu_unsync} inverse; Xen {@code shadow_writeable}). */
    WRITE_PROTECTS("write_protects"),
    /** A page-table frame no longer traced after a write flood (KVM {@code mmu_flooded}). */
    UNSHADOWED("unshadowed"),
    /** Every shadow of a VM dropped at once, its budget spent (KVM {@code mmu_recycled}). */
    SHADOW_ZAPS("shadow_zaps"),
    /** An instruction the hybrid VMM interpreted in vm-supervisor and that retired (spec 7.5). */
    INTERPRETED("interpreted"),
    /** Under a stack: a trap of this level's VM handed to the VMM running inside it (Turtles' exit forwarding). */
    FORWARDED("forwarded");

    private final String jsonName;

    VmmCounter(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The key under {@code vmm} in {@code --json}. */
    public String jsonName() {
        return jsonName;
    }

    /** The counter whose key is {@code name}, or null. */
    public static VmmCounter byJsonName(String name) {
        for (VmmCounter c : values()) {
            if (c.jsonName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
