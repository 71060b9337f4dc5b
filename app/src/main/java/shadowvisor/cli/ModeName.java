package shadowvisor.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import shadowvisor.run.Mode;

/**
 * Reads {@code --mode MODE} by the mode's command-line name ({@code native}, {@code segment},
 * {@code shadow-trace}, {@code shadow-vtlb}), exactly as spelled in spec section 9, and lists
 * the candidates for help and for the error line. The names come from {@link Mode}, so a mode
 * added there is accepted here without a change.
 */
final class ModeName implements ITypeConverter<Mode>, Iterable<String> {
    @Override
    public Mode convert(String text) {
        Mode mode = Mode.byName(text);
        if (mode == null) {
            throw new TypeConversionException("unknown mode '" + text + "' (expected one of " + names() + ")");
        }
        return mode;
    }

    /** The valid names, for {@code completionCandidates}. */
    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Mode.values()).map(Mode::cliName).iterator();
    }

    static String names() {
        return Arrays.stream(Mode.values()).map(Mode::cliName).collect(Collectors.joining(", "));
    }
}
