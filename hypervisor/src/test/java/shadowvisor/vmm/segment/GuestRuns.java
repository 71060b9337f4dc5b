package shadowvisor.vmm.segment;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import shadowvisor.asm.Assembler;
import shadowvisor.asm.AssemblyResult;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.TrapCause;
import shadowvisor.mode.Mode;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;

/**
 * What the segment VMM's tests share: assembling guests (the examples and conformance vectors
 * are found by {@link shadowvisor.testdata.TestData}), running a guest natively and under {@code segment}, and saying key by
 * key how two reports differ.
 */
public final class GuestRuns {
    private GuestRuns() {
    }

    /** The guests bundled with shadowvisor: {@code guest-kernels/src/main/resources/guests} of this repository. */
    public static Path bundledGuests() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("guest-kernels/src/main/resources/guests");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find guest-kernels/src/main/resources/guests above "
                + Path.of("").toAbsolutePath());
    }

    /**
     * The {@code .s} files of {@code dir} that run alone on the base machine: no {@code .profile}
     * other than pg (the profile guests, whose differences under a VMM are the point, are checked
     * by test-suites' ProfileGuestsTest), and not {@code pgvmm.s}, which runs only with a
     * {@code --load}ed guest (PgVmmTest).
     */
    public static List<Path> plainGuests(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".s") && !p.getFileName().toString().equals("pgvmm.s"))
                    .filter(p -> {
                        String profile = assemble(p).profile();
                        return profile == null || profile.equals("pg");
                    }).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Image assemble(String name, String source) {
        return image(Assembler.assembleString(name, source), name);
    }

    public static Image assemble(Path file) {
        return image(Assembler.assembleFile(file), file.toString());
    }

    private static Image image(AssemblyResult r, String name) {
        if (!r.ok()) {
            fail("cannot assemble " + name + ":\n" + r.formattedDiagnostics());
        }
        return r.image();
    }

    public static RunOptions options(int memWords, long limit, byte[] input) {
        return RunOptions.defaults(Mode.NATIVE).withMem(memWords).withLimit(limit).withInput(input);
    }

    public static RunReport runNative(Image image, RunOptions o) {
        return Runner.run(List.of(image), o.withMode(Mode.NATIVE)).get(0);
    }

    public static RunReport runSegment(Image image, RunOptions o, int slice) {
        return Runner.run(List.of(image), o.withMode(Mode.SEGMENT), slice).get(0);
    }

    /** Asserts that {@code virtualized} ends exactly as {@code native} (spec 7.1), naming every differing key with both values. */
    public static void assertEquivalent(String what, RunReport nat, RunReport virtualized) {
        List<String> keys = nat.differences(virtualized);
        assertTrue(keys.isEmpty(), () -> what + ": " + virtualized.mode() + " differs from native on " + keys + "\n"
                + describe(keys, nat, virtualized));
    }

    public static String describe(List<String> keys, RunReport a, RunReport b) {
        StringBuilder s = new StringBuilder();
        for (String key : keys) {
            s.append("  ").append(key).append(": ").append(a.mode()).append(" ").append(value(key, a)).append("\n")
                    .append("  ").append(" ".repeat(key.length())).append("  ").append(b.mode()).append(" ")
                    .append(value(key, b)).append("\n");
        }
        return s.toString();
    }

    private static String value(String key, RunReport r) {
        return switch (key) {
            case "exit" -> r.exitKind().jsonName() + " status " + r.status() + " value " + r.powerValue() + " reason "
                    + r.reason();
            case "console" -> "\"" + r.consoleText().replace("\n", "\\n") + "\"";
            case "instructions" -> Long.toString(r.instructions());
            case "traps" -> traps(r.traps());
            case "registers" -> Arrays.toString(r.registers());
            case "psw" -> String.valueOf(r.psw());
            case "memory" -> r.memoryWords() + " words, sha256 " + r.memorySha256();
            default -> "?";
        };
    }

    public static String traps(long[] byCode) {
        StringBuilder s = new StringBuilder("{");
        for (TrapCause c : TrapCause.values()) {
            if (byCode[c.code()] != 0) {
                s.append(s.length() > 1 ? ", " : "").append(c).append("=").append(byCode[c.code()]);
            }
        }
        return s.append("}").toString();
    }
}
