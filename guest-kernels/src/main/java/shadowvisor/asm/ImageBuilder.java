package shadowvisor.asm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import shadowvisor.machine.image.Image;

/**
 * Places the statements' words in memory: finds overlapping emission (two words at one
 * address is an error, spec section 6) and merges the statements' words into the sorted,
 * maximal runs of an {@link Image}. Overlap is a property of the layout, so it is checked right
 * after the first pass, from addresses and sizes alone.
 */
final class ImageBuilder {
    private ImageBuilder() {
    }

    /** Statements that emit words, by address (source order among equals). */
    private static List<Statement> emitting(List<Statement> program) {
        List<Statement> placed = new ArrayList<>();
        for (Statement s : program) {
            if (s.size > 0 && !s.definitionText) {
                placed.add(s);
            }
        }
        placed.sort(Comparator.comparingLong((Statement s) -> s.address).thenComparingInt(Statement::ordinal));
        return placed;
    }

    /** Reports every statement whose words land where an earlier statement's already are. */
    static void checkOverlaps(List<Statement> program, Diagnostics diagnostics) {
        Statement widest = null;
        Set<Statement> blamed = new HashSet<>();
        for (Statement s : emitting(program)) {
            if (widest != null && s.address < widest.address + widest.size) {
                // Blame the statement that comes later in the source: it is the one that moved in.
                Statement first = widest.ordinal() < s.ordinal() ? widest : s;
                Statement second = first == s ? widest : s;
                long clash = Math.max(s.address, widest.address);
                if (blamed.add(second)) {
                    diagnostics.error(second, second.operationColumn(), String.format(
                            "overlapping emission: address 0x%08x already holds a word from %s", clash,
                            first.source().at(first.operationColumn())));
                }
            }
            if (widest == null || s.address + s.size > widest.address + widest.size) {
                widest = s;
            }
        }
    }

    /** The image of an error-free program; {@code profile} is the {@code .profile} name or null. */
    static Image build(List<Statement> program, int entry, String profile) {
        List<Image.Chunk> chunks = new ArrayList<>();
        long runStart = -1;
        long runEnd = -1;
        List<int[]> run = new ArrayList<>();
        for (Statement s : emitting(program)) {
            if (s.address != runEnd) {
                flush(chunks, runStart, runEnd, run);
                runStart = s.address;
                runEnd = s.address;
            }
            run.add(s.words);
            runEnd += s.size;
        }
        flush(chunks, runStart, runEnd, run);
        return new Image(entry, chunks, profile);
    }

    private static void flush(List<Image.Chunk> chunks, long start, long end, List<int[]> run) {
        if (run.isEmpty()) {
            return;
        }
        int[] words = new int[(int) (end - start)];
        int at = 0;
        for (int[] w : run) {
            System.arraycopy(w, 0, words, at, w.length);
            at += w.length;
        }
        chunks.add(new Image.Chunk(start, words));
        run.clear();
    }

    /** The lowest address that holds a word, or -1 for an empty program. */
    static long lowestAddress(List<Statement> program) {
        long lowest = -1;
        for (Statement s : program) {
            if (s.size > 0 && !s.definitionText && (lowest < 0 || s.address < lowest)) {
                lowest = s.address;
            }
        }
        return lowest;
    }
}
