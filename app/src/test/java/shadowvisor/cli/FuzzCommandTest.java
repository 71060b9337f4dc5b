package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shadowvisor.asm.Assembler;
import shadowvisor.fuzz.FuzzCampaign;
import shadowvisor.fuzz.GuestGenerator;
import shadowvisor.machine.CpuTrace;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.ImageFile;
import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;

/**
 * {@code shadowvisor fuzz} end to end (issue 13 points 4 and 8): a clean campaign exits 0 with
 * its statistics; a deliberately broken mode (a test double that corrupts r5 whenever the guest
 * executes {@code mtcr timer}) makes it write the guest, both reports and a minimized guest and
 * exit 1; usage errors are one line, status 2, before any work.
 */
class FuzzCommandTest {
    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        FuzzCommand.runnerForTests = null;
    }

    @Test
    void aCleanCampaignExits0WithItsStatistics() throws IOException {
        Path out = dir.resolve("out");
        Cli r = Cli.run("fuzz", "--seeds", "1..12", "--jobs", "2", "--out", out);
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("fuzz: seeds 1..12, modes native,segment,hybrid,shadow-trace,shadow-vtlb, profile pg, 2 jobs"), r.out());
        assertTrue(r.out().contains("traps:") && r.out().contains("instruction classes:"), r.out());
        assertTrue(r.out().contains("12 guests, "), r.out());
        assertTrue(r.out().contains(" guests/s"), r.out());
        assertTrue(r.out().contains("0 differences"), r.out());
        assertEquals("", r.err(), "no progress bar when stderr is not a terminal");
        assertTrue(Files.readString(out.resolve("summary.txt")).contains("0 differences"));
    }

    /** A broken mode: the real run, with r5 flipped when the guest retires {@code mtcr timer}. */
    private static FuzzCampaign.ModeRunner broken() {
        return (image, o) -> {
            RunReport r = FuzzCampaign.RUNNER.run(image, o);
            if (!mtcrTimer(image, o)) {
                return r;
            }
            int[] regs = r.registers().clone();
            regs[5] ^= 1;
            return new RunReport(r.mode(), r.profile(), r.exitKind(), r.powerValue(), r.reason(), r.console(),
                    r.instructions(), r.traps(), r.vmm(), r.tlb(), regs, r.psw(), r.memoryWords(), r.memorySha256(),
                    r.hostNanos());
        };
    }

    private static boolean mtcrTimer(Image image, RunOptions o) {
        boolean[] seen = {false};
        FuzzCampaign.RUNNER.run(image, o.withMode(ModeStack.NATIVE).withTrace(new CpuTrace() {
            @Override
            public void retired(long count, int pc, int word) {
                seen[0] |= word >>> 25 == Opcode.OP_MTCR && Encoding.imm16(word) == 1;
            }

            @Override
            public void trap(int cause, int value, int detail, int savedPc, boolean delivered) {
            }
        }));
        return seen[0];
    }

    @Test
    void aBrokenModeIsWrittenOutMinimizedAndExits1() throws IOException {
        FuzzCommand.runnerForTests = broken();
        Path out = dir.resolve("findings");
        Cli r = Cli.run("fuzz", "--seeds", "1..10", "--modes", "shadow-trace", "--jobs", "2", "--out", out);
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("shadow-trace differs from native on registers"), r.out());
        List<String> written;
        try (Stream<Path> s = Files.list(out)) {
            written = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        String seed = written.stream().filter(n -> n.endsWith(".min.s")).findFirst().orElseThrow()
                .replace(".min.s", "");
        for (String f : new String[] {".s", ".native.json", ".shadow-trace.json", ".min.s", ".min.native.json",
            ".min.shadow-trace.json"}) {
            assertTrue(written.contains(seed + f), seed + f + " in " + written);
        }
        // The guest written reassembles to the image that differed.
        long n = Long.parseLong(seed.substring("seed-".length()));
        Image again = Assembler.assembleString("x.s", Files.readString(out.resolve(seed + ".s"))).image();
        assertTrue(java.util.Arrays.equals(ImageFile.toBytes(GuestGenerator.generate(n).image()), ImageFile.toBytes(again)));
        // The minimized guest is the one step that sets the timer.
        String min = Files.readString(out.resolve(seed + ".min.s"));
        assertTrue(min.contains("; 1 step(s)") && min.contains("; step 0: timer"), min);
        assertTrue(Files.readString(out.resolve(seed + ".shadow-trace.json")).contains("\"registers\""));
        // Replaying the minimized guest with the command it names runs (natively) as the report says.
        String replay = min.lines().filter(l -> l.startsWith(";    and: ")).findFirst().orElseThrow();
        assertTrue(replay.contains("--mode native --mem "), replay);
    }

    @Test
    void usageErrorsAreOneLineBeforeAnyWork() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Object[][] cases = {
            {"--seeds", "5..2"}, {"--seeds", "x..y"}, {"--jobs", "0"}, {"--jobs", "1000"},
            {"--out", file}, {"--out", file.resolve("sub")}, {"--modes", "native"}, {"--modes", "warp"},
        };
        for (Object[] c : cases) {
            Object[] args = new Object[c.length + 1];
            args[0] = "fuzz";
            System.arraycopy(c, 0, args, 1, c.length);
            Cli r = Cli.run(args);
            assertEquals(2, r.status(), String.join(" ", List.of(args).stream().map(Object::toString).toList()) + ": " + r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().startsWith("shadowvisor: error: ") && r.err().contains("--"), r.err());
            assertEquals("", r.out(), "nothing ran: " + r.out());
        }
    }
}
