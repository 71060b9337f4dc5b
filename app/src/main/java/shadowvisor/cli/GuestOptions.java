package shadowvisor.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import shadowvisor.machine.image.Image;
import shadowvisor.run.RunOptions;

/**
 * The options that say what one guest gets, shared by {@code run} and {@code compare} as a
 * picocli mixin (spec section 9): {@code --mem WORDS}, {@code --max-instructions N},
 * {@code --input TEXT}. Declared once, so both commands parse, default and document them alike.
 */
final class GuestOptions {
    @Option(names = "--mem", paramLabel = "WORDS", converter = WordCount.class, defaultValue = "4M",
            description = "Memory of each guest in words; K and M suffixes (Ki, Mi words). Default 4M.")
    private int memWords;

    @Option(names = "--max-instructions", paramLabel = "N", converter = InstructionCount.class,
            defaultValue = "1000000000",
            description = "Stop each guest after N retired instructions (exit status 124). Default 1000000000.")
    private long maxInstructions;

    @Option(names = "--input", paramLabel = "TEXT", defaultValue = "",
            description = "Console input of each guest, as UTF-8 bytes (use --input=TEXT when TEXT starts with -).")
    private String input = "";

    /** Each guest's memory in words. */
    int memWords() {
        return memWords;
    }

    /** The instruction limit of each guest. */
    long maxInstructions() {
        return maxInstructions;
    }

    /** {@code base} with this memory, limit and console input. */
    RunOptions applyTo(RunOptions base) {
        return base.withMem(memWords)
                .withLimit(maxInstructions)
                .withInput(input.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Fails with one line when an image does not fit below {@code --mem}: no mode can boot it.
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
    }
}
