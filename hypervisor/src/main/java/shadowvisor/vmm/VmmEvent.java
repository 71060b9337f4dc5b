package shadowvisor.vmm;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import shadowvisor.machine.TrapCause;

/**
 * One decision of a VMM, as KVM's tracepoints record them ({@code kvm_exit}, {@code
 * kvm_page_fault}, {@code kvm_inj_exception}, {@code kvm_mmu_sync_page}...): when it happened in
 * guest time (the VM's retired guest instructions), in which VM and at which guest PC, the exit
 * that led to it when one did (cause, value and detail as the hardware reported them), and what
 * the VMM did. Every event of a kind is also counted by one counter of the report, so a trace of
 * events adds up to the counters ({@link Kind#counter}).
 *
 * @param retired   the VM's retired guest instructions when the VMM decided
 * @param vm        the VM's number
 * @param level     the VMM's level in a stack, 1 for the innermost (the only one without a stack)
 * @param pc        vPSW.PC when the VMM decided
 * @param kind      what was decided
 * @param exitCause the cause code of the hardware exit being handled, or -1 for none
 * @param exitValue the exit's value (meaningful only with a cause)
 * @param exitDetail the exit's detail (meaningful only with a cause)
 * @param decision  the decision in words, with its figures: {@code emulated lpsw}, {@code reflected PAGE value=... detail=...}
 */
public record VmmEvent(long retired, int vm, int level, int pc, Kind kind, int exitCause, int exitValue,
                       int exitDetail, String decision) {

    /** What a VMM decides, each with the name {@code --events} and the debugger's {@code break event} use. */
    public enum Kind {
        /** A privileged instruction (or a kseg access, or a traced page-table store) carried out for the guest: {@code emulated}. */
        EMULATE("emulate", "emulated"),
        /** A trap delivered into the guest's own trap area, with what the guest saw: {@code reflected}. */
        REFLECT("reflect", "reflected"),
        /** A page fault the guest's tables allow: the shadow entry was filled and the guest never saw it: {@code hidden_faults}. */
        HIDDEN_FAULT("hidden", "hidden_faults"),
        /** A fault the guest must see (reflected next): {@code true_faults}. */
        TRUE_FAULT("true", "true_faults"),
        /** A guest store into a write-protected page table, trapped and emulated: {@code pt_writes_emulated}. */
        WRITE_PROTECT("wp", "pt_writes_emulated"),
        /** Shadow entries brought in line with the guest's after a page-table write or flush: {@code syncs}. */
        SHADOW_SYNC("sync", "syncs"),
        /** A shadow page table given back to the frame pool: {@code shadow_pages_dropped}. */
        SHADOW_DROP("drop", "shadow_pages_dropped"),
        /**
         * Under a stack: a trap of the VM handed to the VMM that runs inside it (which decides
         * for its own guest), as KVM's L0 hands a nested guest's exit to L1.
         */
        FORWARD("forward", "forwarded"),
        /** The guest's own timer ran out: its tick is reflected at the next instruction boundary (exits.TIMER). */
        TICK("tick", null),
        /** The VMM's time slice ended: the VMM's exit, never the guest's. */
        SLICE_END("slice", null),
        /** The VMM shut the VM down, with the reason. */
        SHUTDOWN("shutdown", null);

        private final String cliName;
        private final String counter;

        Kind(String cliName, String counter) {
            this.cliName = cliName;
            this.counter = counter;
        }

        /** The name on the command line ({@code --events=emulate,reflect}) and in the debugger. */
        public String cliName() {
            return cliName;
        }

        /** The key under {@code vmm} in {@code --json} that counts events of this kind, or null. */
        public String counter() {
            return counter;
        }

        /** The kind named {@code name}, or null. */
        public static Kind byCliName(String name) {
            for (Kind k : values()) {
                if (k.cliName.equals(name)) {
                    return k;
                }
            }
            return null;
        }

        /** Every name {@link #parse} accepts, kinds then groups. */
        public static String names() {
            StringBuilder s = new StringBuilder();
            for (Kind k : values()) {
                s.append(k.cliName).append(", ");
            }
            return s + "fault (hidden,true), shadow (wp,sync,drop), all";
        }

        /**
         * The kinds a comma-separated list names: kind names, the groups {@code fault} and
         * {@code shadow}, or {@code all}; empty or null is all.
         *
         * @throws IllegalArgumentException naming the first unknown name
         */
        public static Set<Kind> parse(String list) {
            EnumSet<Kind> kinds = EnumSet.noneOf(Kind.class);
            if (list == null || list.isBlank()) {
                return EnumSet.allOf(Kind.class);
            }
            for (String raw : list.split(",")) {
                String name = raw.trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "all" -> kinds.addAll(EnumSet.allOf(Kind.class));
                    case "fault" -> kinds.addAll(EnumSet.of(HIDDEN_FAULT, TRUE_FAULT));
                    case "shadow" -> kinds.addAll(EnumSet.of(WRITE_PROTECT, SHADOW_SYNC, SHADOW_DROP));
                    default -> {
                        Kind k = byCliName(name);
                        if (k == null) {
                            throw new IllegalArgumentException("unknown event kind '" + raw.trim() + "' (expected "
                                    + names() + ")");
                        }
                        kinds.add(k);
                    }
                }
            }
            return kinds;
        }
    }

    /** Whether the VMM decided this while handling a hardware exit. */
    public boolean fromExit() {
        return exitCause >= 0;
    }

    /** The exit's cause name, or null. */
    public String exitCauseName() {
        if (exitCause < 0) {
            return null;
        }
        TrapCause c = TrapCause.of(exitCause);
        return c == null ? "cause" + exitCause : c.name();
    }

    /**
     * The trace line: {@code vmm}, the retired count and the VM in the columns where an
     * instruction line has its count and PC, so that a {@code diff} against a native trace shows
     * these lines alone.
     *
     * <pre>
     *        vmm         42 vm1 pc=00000010 exit=PRIVILEGED value=0x3a000000 detail=0x0: emulated lpsw
     *        vmm       1000 vm1 pc=00000230 slice end
     * </pre>
     */
    public String line() {
        String where = level > 1 ? "L" + level + ".vm" + vm : "vm" + vm;
        String exit = fromExit() ? String.format("exit=%s value=0x%08x detail=0x%x: ", exitCauseName(), exitValue,
                exitDetail) : "";
        return String.format("%10s %10d %s pc=%08x %s%s", "vmm", retired, where, pc, exit, decision);
    }
}
