package shadowvisor.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import shadowvisor.machine.TrapCause;
import shadowvisor.vmm.VmmEvent;
import shadowvisor.vmm.VmmEventListener;
import shadowvisor.machine.CpuTrace;

/**
 * {@code run --trace} and {@code --events}: one line on stderr per retired guest instruction and
 * one per trap the guest sees, so that the number of lines of a native run is its retired
 * instructions plus its traps and a VMM's trace of the same guest has the same lines; and one
 * line per VMM decision ({@link VmmEvent#line}), which begins with {@code vmm} where the others
 * have the retired count.
 *
 * <pre>
 *          1 00000010  2040001a  addi r2, r0, 26
 *       trap 00001004            PRIVILEGED value=0x90000000 detail=0x0
 * </pre>
 *
 * An instruction line gives the retired count, the PC, the word and its text; a trap line the
 * saved PC, the cause, value and detail, marked {@code (vmm exit)} when a VMM intercepted it
 * instead of the hardware delivering it. Lines are buffered (a trace is often millions of lines)
 * and written out by {@link #flush}, which the run command calls when the run ends.
 */
final class TracePrinter implements CpuTrace, VmmEventListener {
    private final PrintStream out;
    private final Set<VmmEvent.Kind> kinds;

    /** A printer of instructions and traps, and of the VMM events of {@code eventKinds} (null for none). */
    TracePrinter(OutputStream err, Set<VmmEvent.Kind> eventKinds) {
        this.out = new PrintStream(new BufferedOutputStream(err, 1 << 16), false, StandardCharsets.UTF_8);
        this.kinds = eventKinds == null ? Set.of() : Set.copyOf(eventKinds);
    }

    @Override
    public void event(VmmEvent e) {
        if (kinds.contains(e.kind())) {
            out.println(e.line());
        }
    }

    @Override
    public void retired(long count, int pc, int word) {
        out.printf("%10d %08x  %08x  %s%n", count, pc, word, TraceFormatter.format(pc, word));
    }

    @Override
    public void trap(int cause, int value, int detail, int savedPc, boolean delivered) {
        TrapCause c = TrapCause.of(cause);
        out.printf("%10s %08x  %8s  %s value=0x%08x detail=0x%x%s%n", "trap", savedPc, "",
                c == null ? "cause " + cause : c.name(), value, detail, delivered ? "" : " (vmm exit)");
    }

    /** Writes out the buffered lines. */
    void flush() {
        out.flush();
    }
}
