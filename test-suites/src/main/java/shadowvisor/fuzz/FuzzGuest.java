package shadowvisor.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import shadowvisor.asm.Assembler;
import shadowvisor.asm.AssemblyResult;
import shadowvisor.machine.image.Image;

/**
 * One generated guest of {@code shadowvisor fuzz}: assembly source made of a fixed part (the
 * trap area, the boot code, the trap handler, the kernel data and page tables) and a list of
 * <em>steps</em>, each a few generated instructions that stand alone (their labels are their
 * own, every page-table write in a step is followed by its flush in the same step), so that any
 * subset of the steps is still a guest that keeps the TLB discipline of spec 3.3. That is what
 * the minimizer ({@link Ddmin}) removes.
 *
 * @param seed      the seed it was generated from ({@link GuestGenerator#generate})
 * @param memWords  the guest's memory (whole pages, so that the shadow modes run it)
 * @param input     its console input (ASCII, so that {@code run --input TEXT} gives the same bytes)
 * @param limit     its instruction limit
 * @param paging    whether it turns paging on (then {@code segment} and {@code hybrid} refuse it)
 * @param head      the source before the steps
 * @param steps     the steps, in order, each one or more lines
 * @param kinds     the kind of each step (statistics)
 * @param tail      the source after the steps
 */
public record FuzzGuest(long seed, int memWords, String input, long limit, boolean paging, String head,
                        List<String> steps, List<String> kinds, String tail) {

    public FuzzGuest {
        steps = List.copyOf(steps);
        kinds = List.copyOf(kinds);
        if (steps.size() != kinds.size()) {
            throw new IllegalArgumentException("one kind per step");
        }
    }

    /** The same guest with only the steps at {@code indices} (in order), for the minimizer. */
    public FuzzGuest withSteps(List<Integer> indices) {
        List<String> s = new ArrayList<>();
        List<String> k = new ArrayList<>();
        for (int i : indices) {
            s.add(steps.get(i));
            k.add(kinds.get(i));
        }
        return new FuzzGuest(seed, memWords, input, limit, paging, head, s, k, tail);
    }

    /** The console input bytes. */
    public byte[] inputBytes() {
        return input.getBytes(StandardCharsets.UTF_8);
    }

    /** The whole program text: the head, the steps, the tail. Assembling it gives {@link #image()}. */
    public String source() {
        StringBuilder b = new StringBuilder(head);
        for (int i = 0; i < steps.size(); i++) {
            b.append("; step ").append(i).append(": ").append(kinds.get(i)).append('\n');
            b.append(steps.get(i));
        }
        return b.append(tail).toString();
    }

    /** The options {@code shadowvisor run} needs to replay it in {@code mode}. */
    public String runCommand(String file, String mode) {
        StringBuilder b = new StringBuilder("shadowvisor run ").append(file).append(" --mode ").append(mode)
                .append(" --mem ").append(memWords).append(" --max-instructions ").append(limit);
        if (!input.isEmpty()) {
            b.append(" --input=").append(input);
        }
        return b.toString();
    }

    /** The assembled image. */
    public Image image() {
        AssemblyResult r = Assembler.assembleString("seed-" + seed + ".s", source());
        if (!r.ok()) {
            throw new IllegalStateException("generated guest of seed " + seed + " does not assemble:\n"
                    + r.formattedDiagnostics());
        }
        return r.image();
    }
}
