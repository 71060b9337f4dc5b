package shadowvisor.cli;

import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;

/**
 * Reads {@code --mode MODE} (and each mode of {@code --modes}) exactly as spelled in spec section
 * 9: a kind's name ({@code native}, {@code segment}, {@code hybrid}, {@code shadow-trace},
 * {@code shadow-vtlb}) or a stack of VMM kinds {@code X/Y[/Z...]}, innermost first (spec 7.6),
 * parsed by {@link ModeStack#parse}. A stack that cannot run is refused here, while the command
 * line is parsed, so nothing has run when the one-line reason appears. The completion candidates
 * are the kinds alone, from {@link Mode}: a stack is written by joining them.
 */
final class ModeName implements ITypeConverter<ModeStack>, Iterable<String> {
    @Override
    public ModeStack convert(String text) {
        try {
            return ModeStack.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** The valid names, for {@code completionCandidates}. */
    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Mode.values()).map(Mode::cliName).iterator();
    }

    static String names() {
        return ModeStack.allNames();
    }
}
