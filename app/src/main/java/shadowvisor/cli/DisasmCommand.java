package shadowvisor.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import shadowvisor.asm.Disassembler;

/**
 * {@code shadowvisor disasm IMAGE|SRC.s} (spec section 9): prints the disassembly of an image
 * written by {@code asm -o}, or of a source assembled on the fly, on stdout. The text is the
 * disassembler's, which reassembles to the same words, entry and {@code .profile}, so
 * {@code disasm} and {@code asm -o} make a round trip to an identical file.
 */
@Command(name = "disasm", description = "Disassemble an image (or a source, assembled first).")
final class DisasmCommand implements Callable<Integer> {
    @ParentCommand
    private ShadowvisorCommand top;

    @Parameters(paramLabel = "IMAGE|SRC.s", description = "An image written by 'asm -o', or an assembly source.")
    private Path program;

    @Override
    public Integer call() {
        Terminal terminal = top.terminal();
        terminal.out().print(Disassembler.disassemble(ProgramFiles.load(program)));
        terminal.out().flush();
        return 0;
    }
}
