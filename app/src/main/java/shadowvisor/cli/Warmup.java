package shadowvisor.cli;

import java.util.List;
import shadowvisor.asm.Assembler;
import shadowvisor.asm.AssemblyResult;
import shadowvisor.machine.image.Image;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;
import shadowvisor.run.Runner;

/**
 * A small guest run once in each mode before anything is timed. The first run of a mode in a
 * JVM pays for loading its classes and compiling its hot paths, tens of milliseconds that belong
 * to the JVM, not to the mode: without this, a short program's ratio to native would mostly
 * measure which mode happened to run first.
 */
final class Warmup {
    /** A counted loop, a console write and a power-off: the CPU loop, an exit and its emulation. */
    private static final String SOURCE = """
                    .org 16
            _start: li   r2, 20000
            loop:   addi r2, r2, -1
                    bnez r2, loop
                    li   r3, 10
                    out  r3, CONSOLE
                    out  r0, POWER
            """;

    private Warmup() {
    }

    /** Runs the warm-up guest in each of {@code modes} (stacks too); nothing is reported. */
    static void run(List<ModeStack> modes) {
        AssemblyResult assembled = Assembler.assembleString("warmup.s", SOURCE);
        if (!assembled.ok()) {
            throw new IllegalStateException("the warm-up guest does not assemble:\n" + assembled.formattedDiagnostics());
        }
        Image image = assembled.image();
        for (ModeStack mode : modes) {
            Runner.run(List.of(image), RunOptions.defaults(mode).withMem(64 * 1024));
        }
    }
}
