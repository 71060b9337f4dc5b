package shadowvisor.cost;

/**
 * The events a cost model prices, each counted by the machine or a VMM already: a term's name
 * is its key in a {@code --cost-model} file and in the reports' breakdowns. docs/PAPERS.md gives
 * each default constant with its source.
 */
public enum CostTerm {
    /** A guest instruction the hardware ran (retired, neither emulated nor interpreted). */
    INSTRUCTION("instruction", 1),
    /** One memory reference of a hardware page walk after a TLB miss (two per miss: PDE and PTE). */
    WALK_REFERENCE("walk_reference", 30),
    /** A trap the hardware delivered through the trap area (natively: the guest's own traps). */
    TRAP_DELIVERY("trap_delivery", 150),
    /** A VM exit and the re-entry after it: the world switch of hardware-assisted VMMs. */
    EXIT("exit", 2000),
    /** The VMM's decoding and emulation of one instruction, beyond the exit (per mnemonic in the file). */
    EMULATE("emulate", 300),
    /** A trap delivered in software into the guest's trap area. */
    REFLECT("reflect", 400),
    /** A hidden page fault: the VMM walks the guest's tables in software and fills a shadow entry. */
    HIDDEN_FAULT("hidden_fault", 1000),
    /** Bringing shadow entries in line with a guest page-table write or flush. */
    SYNC("sync", 300),
    /** A shadow page table zeroed and given back (a page of 1024 words to clear). */
    DROP("drop", 1500),
    /** The write-protect trap on a guest page-table store, beyond its exit and emulation. */
    WRITE_PROTECT("write_protect", 500),
    /** One vm-supervisor instruction interpreted by the hybrid VMM. */
    INTERPRET("interpret", 40),
    /** A trap of a level's VM handed to the VMM running inside it (a nested exit's extra world switch). */
    FORWARD("forward", 2000);

    private final String key;
    private final long defaultCycles;

    CostTerm(String key, long defaultCycles) {
        this.key = key;
        this.defaultCycles = defaultCycles;
    }

    /** The key in a cost-model file and in a report's breakdown. */
    public String key() {
        return key;
    }

    /** The default price in modeled cycles. */
    public long defaultCycles() {
        return defaultCycles;
    }

    /** The term whose key is {@code key}, or null. */
    public static CostTerm byKey(String key) {
        for (CostTerm t : values()) {
            if (t.key.equals(key)) {
                return t;
            }
        }
        return null;
    }
}
