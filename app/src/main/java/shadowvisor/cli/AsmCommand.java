package shadowvisor.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import shadowvisor.asm.Assembler;
import shadowvisor.asm.AssemblyResult;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.ImageFile;

/**
 * {@code shadowvisor asm SRC.s [-o OUT] [--listing]} (spec section 9): assembles a source file.
 * With {@code -o} it writes the boot image in the format of {@link ImageFile} (the source's
 * {@code .profile} included); with {@code --listing} it prints the listing on stdout (even when
 * there are errors, since the listing helps find them); with neither it prints one line on
 * stderr, the number of words, the entry and the profile if the source names one, so that a
 * bare {@code asm} is a syntax check. Errors are the assembler's diagnostics on stderr, every
 * one of them (spec section 6), and exit status 2.
 */
@Command(name = "asm", description = "Assemble a source file into an image, a listing, or a check.")
final class AsmCommand implements Callable<Integer> {
    @ParentCommand
    private ShadowvisorCommand top;

    @Parameters(paramLabel = "SRC.s", description = "The assembly source.")
    private Path source;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write the image to OUT.")
    private Path output;

    @Option(names = "--listing", description = "Print the listing (address, word, source line) on stdout.")
    private boolean listing;

    @Override
    public Integer call() {
        Terminal terminal = top.terminal();
        ProgramFiles.checkReadable(source);
        AssemblyResult result = Assembler.assembleFile(source);
        if (listing) {
            terminal.out().print(result.listing());
            terminal.out().flush();
        }
        if (!result.ok()) {
            throw new AssemblyException(result.formattedDiagnostics().lines().toList());
        }
        Image image = result.image();
        if (output != null) {
            try {
                ImageFile.write(image, output);
            } catch (UncheckedIOException e) {
                throw new UsageException(e.getMessage());
            }
        } else if (!listing) {
            terminal.err().printf("%s: %d words, entry 0x%08x%s%n", source, image.wordCount(), image.entry(),
                    image.profile() == null ? "" : ", profile " + image.profile());
            terminal.err().flush();
        }
        return 0;
    }
}
