package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.testdata.TestData;

/**
 * The example and conformance guests of the repository's test data
 * ({@code test-suites/src/test/resources/examples} and {@code .../conformance}, found by
 * {@link TestData}; every {@code .s}, the profile vectors included) assemble without error,
 * quickly, and survive a disassembly round trip.
 */
class SharedProgramsTest {
    private static List<Path> sources(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(".s")).sorted().toList();
            assertTrue(!found.isEmpty(), "no .s files in " + dir);
            return found;
        }
    }

    private static Stream<DynamicTest> assembleEach(Path dir) throws IOException {
        return sources(dir).stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            AssemblyResult r = Assembler.assembleFile(p);
            assertEquals("", r.formattedDiagnostics());
            Image back = Asm.image(Disassembler.disassemble(r.image()));
            assertEquals(r.image().entry(), back.entry());
            assertEquals(Asm.memory(r.image()), Asm.memory(back));
        }));
    }

    @TestFactory
    Stream<DynamicTest> examplesAssemble() throws IOException {
        return assembleEach(TestData.examplesDir());
    }

    @TestFactory
    Stream<DynamicTest> conformanceVectorsAssemble() throws IOException {
        return assembleEach(TestData.conformanceDir());
    }

    @Test
    void theWholeConformanceSetAssemblesInAFewSeconds() throws IOException {
        List<Path> all = sources(TestData.conformanceDir());
        // CPU time of this thread, not wall time: the build machine may be busy with other builds.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        for (Path p : all) {
            assertTrue(Assembler.assembleFile(p).ok(), p.toString());
        }
        long millis = (threads.getCurrentThreadCpuTime() - start) / 1_000_000;
        assertTrue(millis < 5_000, "took " + millis + " ms of CPU");
    }

    @Test
    void helloStartsAtSixteenWithLaAsLuiOri() throws IOException {
        Path hello = TestData.examplesDir().resolve("hello.s");
        assertTrue(Files.exists(hello), "missing " + hello);
        Image image = Assembler.assembleFile(hello).image();
        assertEquals(16, image.entry());
        Image.Chunk code = image.chunks().get(0);
        assertEquals(16, code.address());
        // msg is a forward reference, so "la r2, msg" is two words: lui r2, hi; ori r2, r2, lo
        int msg = 16 + 2 + 7;
        assertArrayEquals(new int[] {Asm.ri(Opcode.LUI, 2, 0, 0), Asm.ri(Opcode.ORI, 2, 2, msg)},
                new int[] {code.words()[0], code.words()[1]});
        assertEquals('h', code.words()[msg - 16]);
    }
}
