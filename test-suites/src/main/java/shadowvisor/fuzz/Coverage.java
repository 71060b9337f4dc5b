package shadowvisor.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import shadowvisor.machine.CpuTrace;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.isa.Opcode;

/**
 * What a campaign's guests covered, counted on their native runs: guests by kind, steps by kind
 * (what the generator wrote), instructions retired by class and by mnemonic, traps raised by
 * cause and by detail bit, and how the native runs ended. One per guest, merged in seed order,
 * so the totals do not depend on {@code --jobs}.
 */
public final class Coverage {
    /** Section name to counts by key. */
    private final Map<String, Map<String, Long>> sections = new LinkedHashMap<>();

    public Coverage() {
        for (String s : new String[] {"guests", "steps", "instruction classes", "instructions", "traps", "trap detail bits",
            "native exits"}) {
            sections.put(s, new TreeMap<>());
        }
    }

    public void count(String section, String key, long n) {
        sections.computeIfAbsent(section, k -> new TreeMap<>()).merge(key, n, Long::sum);
    }

    public void count(String section, String key) {
        count(section, key, 1);
    }

    /** The count of {@code key} in {@code section} (0 when absent). */
    public long get(String section, String key) {
        return sections.getOrDefault(section, Map.of()).getOrDefault(key, 0L);
    }

    /** The counts of a section. */
    public Map<String, Long> section(String name) {
        return java.util.Collections.unmodifiableMap(sections.getOrDefault(name, Map.of()));
    }

    public synchronized void add(Coverage other) {
        other.sections.forEach((s, m) -> m.forEach((k, v) -> count(s, k, v)));
    }

    /** A trace that counts a native run's retired instructions and raised traps into this coverage. */
    public CpuTrace trace() {
        return new CpuTrace() {
            @Override
            public void retired(long count, int pc, int word) {
                Opcode op = Opcode.byCode(word >>> 25);
                if (op != null) {
                    count("instructions", op.mnemonic());
                    count("instruction classes", classOf(op));
                }
            }

            @Override
            public void trap(int cause, int value, int detail, int savedPc, boolean delivered) {
                TrapCause c = TrapCause.of(cause);
                count("traps", c == null ? "cause " + cause : c.name());
                if (c != null && c.code() >= TrapCause.SEGMENT.code() && c.code() <= TrapCause.PAGE.code()) {
                    String[] bits = {"P", "W", "U", "F"};
                    for (int b = 0; b < 4; b++) {
                        if ((detail & 1 << b) != 0) {
                            count("trap detail bits", c.name() + " " + bits[b]);
                        }
                    }
                    if (detail == 0) {
                        count("trap detail bits", c.name() + " (none)");
                    }
                }
            }
        };
    }

    /** The class of an instruction, for the statistics: its format, with the privileged ones apart. */
    static String classOf(Opcode op) {
        if (op.instructionClass().name().equals("PRIVILEGED")) {
            return "privileged";
        }
        return switch (op.format()) {
            case R3 -> "alu";
            case RI_SIGNED, RI_UNSIGNED -> "immediate";
            case SHIFT_IMM -> "shift immediate";
            case LUI -> "lui";
            case LOAD -> "load";
            case STORE -> "store";
            case BRANCH -> "branch";
            case JAL, JALR -> "jump";
            case SVC -> "svc";
            default -> op.format().name().toLowerCase();
        };
    }

    /** The statistics as text, one section a paragraph, each count on its own line. */
    public String render() {
        StringBuilder b = new StringBuilder();
        sections.forEach((s, m) -> {
            if (m.isEmpty()) {
                return;
            }
            b.append(s).append(":\n");
            m.forEach((k, v) -> b.append(String.format("  %-28s %,12d%n", k, v)));
        });
        return b.toString();
    }
}
