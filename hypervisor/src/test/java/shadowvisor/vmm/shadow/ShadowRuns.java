package shadowvisor.vmm.shadow;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import shadowvisor.asm.Assembler;
import shadowvisor.asm.AssemblyResult;
import shadowvisor.machine.image.Image;
import shadowvisor.mode.Mode;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;
import shadowvisor.vmm.segment.GuestRuns;

/**
 * What the shadow VMMs' tests share: finding the project's guest programs, assembling them,
 * running one guest natively and under both shadow modes, and saying key by key how two
 * reports differ (spec 7.1: exit, console, instructions, traps, registers, psw, memory).
 */
final class ShadowRuns {
    /** The two modes of spec 7.3. */
    static final List<Mode> SHADOW_MODES = List.of(Mode.SHADOW_TRACE, Mode.SHADOW_VTLB);

    private ShadowRuns() {
    }

    /** A directory of the repository ({@code guest-kernels/...}), from the module or the repository root, or null. */
    static Path repositoryDirectory(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve(relative);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The {@code .s} files directly in {@code dir}, sorted by name (none when the directory is missing). */
    static List<Path> sources(Path dir) {
        List<Path> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".s") && Files.isRegularFile(p)).sorted().forEach(out::add);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    static Image assemble(String name, String source) {
        AssemblyResult r = Assembler.assembleString(name, source);
        if (!r.ok()) {
            fail("cannot assemble " + name + ":\n" + r.formattedDiagnostics() + "\n" + numbered(source));
        }
        return r.image();
    }

    /** The assembled file, or null when it does not assemble (yet). */
    static Image assembleOrNull(Path file) {
        AssemblyResult r = Assembler.assembleFile(file);
        return r.ok() ? r.image() : null;
    }

    static RunOptions options(int memWords, long limit, byte[] input) {
        return RunOptions.defaults(Mode.NATIVE).withMem(memWords).withLimit(limit).withInput(input);
    }

    static RunReport run(Mode mode, Image image, RunOptions o) {
        return Runner.run(List.of(image), o.withMode(mode)).get(0);
    }

    static RunReport run(Mode mode, Image image, RunOptions o, int slice) {
        return Runner.run(List.of(image), o.withMode(mode), slice).get(0);
    }

    /** Asserts that {@code virtualized} ends exactly as {@code nat} (spec 7.1), naming every differing key with both values. */
    static void assertEquivalent(String what, RunReport nat, RunReport virtualized) {
        assertEquivalent(() -> what, nat, virtualized);
    }

    static void assertEquivalent(Supplier<String> what, RunReport nat, RunReport virtualized) {
        List<String> keys = nat.differences(virtualized);
        assertTrue(keys.isEmpty(), () -> what.get() + "\n" + virtualized.mode() + " differs from " + nat.mode() + " on "
                + keys + "\n" + describe(keys, nat, virtualized));
    }

    static String describe(List<String> keys, RunReport a, RunReport b) {
        return GuestRuns.describe(keys, a, b);
    }

    /** A one-line summary of a report, for messages. */
    static String summary(RunReport r) {
        return r.mode() + ": " + r.exitKind().jsonName() + " status " + r.status()
                + (r.reason() != null ? " (" + r.reason() + ")" : "") + ", " + r.instructions() + " instructions, traps "
                + traps(r.traps());
    }

    static String traps(long[] byCode) {
        return GuestRuns.traps(byCode);
    }

    /** The source with line numbers, for a failing generated program. */
    static String numbered(String source) {
        StringBuilder s = new StringBuilder();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            s.append(String.format("%4d  %s%n", i + 1, lines[i]));
        }
        return s.toString();
    }
}
