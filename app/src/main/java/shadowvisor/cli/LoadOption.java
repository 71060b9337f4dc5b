package shadowvisor.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import shadowvisor.machine.image.Boot;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.Load;

/**
 * The value of {@code --load ADDR=PROGRAM} (spec sections 1.2 and 9): a second program placed
 * beside each guest's boot image, its word {@code a} at {@code ADDR + a}, with {@code r2} = ADDR
 * and {@code r3} = its own entry at boot. ADDR is a word address written as {@code --mem} is
 * ({@link WordCount#number}: decimal or {@code 0x} hex, {@code K} and {@code M} suffixes); PROGRAM
 * is read as the main PROGRAM is ({@link ProgramFiles}), and its {@code .profile} is ignored.
 *
 * <p>Every problem is one line naming the option's value: a malformed value when the command line
 * is parsed, an unreadable or failing PROGRAM, an ADDR or word past the memory and an overlap with
 * a boot image once the programs are read. The rule itself is {@link Boot}'s, which the runner
 * applies again; checking it here first only puts the option's value in front of its reason.
 *
 * @param text    the value as given, for messages
 * @param address ADDR, a word address (unsigned)
 * @param program the PROGRAM file
 */
record LoadOption(String text, int address, Path program) {

    /** Parses {@code ADDR=PROGRAM}. */
    static final class Converter implements ITypeConverter<LoadOption> {
        @Override
        public LoadOption convert(String text) {
            return parse(text);
        }
    }

    /**
     * The load {@code text} names.
     *
     * @throws TypeConversionException with a one-line reason when it is malformed
     */
    static LoadOption parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new TypeConversionException("'" + text + "' is not ADDR=PROGRAM (e.g. 0x10000=guest.s)");
        }
        String addr = text.substring(0, eq);
        String file = text.substring(eq + 1);
        if (addr.isBlank()) {
            throw new TypeConversionException("'" + text + "' has no ADDR before '=' (e.g. 0x10000=guest.s)");
        }
        if (file.isEmpty()) {
            throw new TypeConversionException("'" + text + "' has no PROGRAM after '=' (e.g. 0x10000=guest.s)");
        }
        long address = WordCount.number(addr);
        if (address < 0 || address > 0xFFFF_FFFFL) {
            throw new TypeConversionException("'" + text + "': '" + addr + "' is not a word address (a number of "
                    + "words, decimal or 0x hex, optionally followed by K or M, e.g. 65536, 64K, 0x10000)");
        }
        try {
            return new LoadOption(text, (int) address, Path.of(file));
        } catch (InvalidPathException e) {
            throw new TypeConversionException("'" + text + "': '" + file + "' is not a file name");
        }
    }

    /**
     * Reads PROGRAM as the main PROGRAMs are read.
     *
     * @throws UsageException with one line naming this value when the file is missing, unreadable,
     *                        damaged, or does not assemble (the first diagnostic, and how many more)
     */
    Load read() {
        Image image;
        try {
            image = ProgramFiles.load(program);
        } catch (UsageException e) {
            String reason = e.getMessage();
            String named = program + ": ";
            throw new UsageException(prefix() + (reason.startsWith(named) ? reason.substring(named.length()) : reason));
        } catch (AssemblyException e) {
            List<String> errors = e.lines().stream().filter(line -> !line.startsWith(" ")).toList();
            String first = errors.isEmpty() ? "assembly failed" : errors.get(0);
            int more = errors.size() - 1;
            throw new UsageException(prefix() + first + (more == 0 ? ""
                    : " (and " + more + " more error" + (more == 1 ? "" : "s") + ": 'shadowvisor asm " + program
                    + "' lists them)"));
        }
        return new Load(address, image);
    }

    /**
     * Fails with one line naming this value unless {@code load} fits beside every boot image in
     * {@code memWords} words ({@link Boot#check}).
     *
     * @param programs the files the images came from, in the same order, to name the culprit
     */
    void checkFits(Load load, List<Path> programs, List<Image> images, int memWords) {
        for (int i = 0; i < images.size(); i++) {
            try {
                new Boot(images.get(i), load).check(memWords);
            } catch (IllegalArgumentException e) {
                String which = images.size() > 1 ? " (" + programs.get(i) + ")" : "";
                throw new UsageException(prefix() + e.getMessage() + which);
            }
        }
    }

    private String prefix() {
        return "--load " + text + ": ";
    }
}
