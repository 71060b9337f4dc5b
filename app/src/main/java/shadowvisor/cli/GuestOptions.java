package shadowvisor.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.Load;
import shadowvisor.run.RunOptions;

/**
 * The options that say what one guest gets, shared by {@code run} and {@code compare} as a
 * picocli mixin (spec section 9): {@code --mem WORDS}, {@code --max-instructions N},
 * {@code --input TEXT}, {@code --load ADDR=PROGRAM}. Declared once, so both commands parse,
 * default and document them alike.
 */
final class GuestOptions {
    @Option(names = "--mem", paramLabel = "WORDS", converter = WordCount.class, defaultValue = "4M",
            description = "Memory of each guest in words; K and M suffixes (Ki, Mi words), 0x hex. Default 4M.")
    private int memWords;

    @Option(names = "--max-instructions", paramLabel = "N", converter = InstructionCount.class,
            defaultValue = "1000000000",
            description = "Stop each guest after N retired instructions (exit status 124). Default 1000000000.")
    private long maxInstructions;

    @Option(names = "--input", paramLabel = "TEXT", defaultValue = "",
            description = "Console input of each guest, as UTF-8 bytes (use --input=TEXT when TEXT starts with -).")
    private String input = "";

    @Option(names = "--load", paramLabel = "ADDR=PROGRAM", converter = LoadOption.Converter.class,
            description = "Load a second program beside each guest's boot image: its word a at ADDR + a; at boot "
                    + "r2 = ADDR and r3 = its entry, not relocated (both 0 without --load). ADDR is a word "
                    + "address written as WORDS is; PROGRAM a .s source or an 'asm -o' image, its .profile ignored.")
    private LoadOption load;

    /** The program of {@code --load}, once read; null until then or without the option. */
    private Load loaded;

    /** Each guest's memory in words. */
    int memWords() {
        return memWords;
    }

    /** The instruction limit of each guest. */
    long maxInstructions() {
        return maxInstructions;
    }

    /** {@code base} with this memory, limit, console input and {@code --load} (read if it was not yet). */
    RunOptions applyTo(RunOptions base) {
        return base.withMem(memWords)
                .withLimit(maxInstructions)
                .withInput(input.getBytes(StandardCharsets.UTF_8))
                .withLoad(load());
    }

    /**
     * The program of {@code --load}, read on first use ({@link LoadOption#read}), or null without
     * the option.
     */
    Load load() {
        if (load != null && loaded == null) {
            loaded = load.read();
        }
        return loaded;
    }

    /**
     * Fails with one line when an image does not fit below {@code --mem}, or the program of
     * {@code --load} does not fit beside one ({@link LoadOption#checkFits}): no mode can boot it.
     *
     * @param programs the files the images came from, in the same order, to name the culprit
     */
    void checkImagesFit(List<Path> programs, List<Image> images) {
        for (int i = 0; i < images.size(); i++) {
            long extent = images.get(i).extent();
            if (extent > memWords) {
                throw new UsageException(programs.get(i) + ": the image needs " + extent + " words of memory, --mem is "
                        + memWords);
            }
        }
        if (load != null) {
            load.checkFits(load(), programs, images, memWords);
        }
    }
}
