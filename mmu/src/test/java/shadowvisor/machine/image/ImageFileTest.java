package shadowvisor.machine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image file format of docs/IMAGE-FORMAT.md: layout, round trip, and every rejection. */
class ImageFileTest {

    @TempDir
    Path dir;

    private static Image sample() {
        return new Image(16, List.of(new Image.Chunk(16, new int[] {1, -1, 0x12345678}),
                new Image.Chunk(0xFFFF_FFFEL, new int[] {7, 8})));
    }

    /** Builds raw file bytes: magic + version, then little-endian u32 values. */
    private static byte[] raw(int version, long... u32s) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * u32s.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'P', 'G', 'I', 'M', 'G', 0, 0, (byte) version});
        for (long v : u32s) {
            b.putInt((int) v);
        }
        return b.array();
    }

    private static void assertSameImage(Image expected, Image actual) {
        assertEquals(expected.entry(), actual.entry());
        assertEquals(expected.chunks().size(), actual.chunks().size());
        for (int i = 0; i < expected.chunks().size(); i++) {
            assertEquals(expected.chunks().get(i).address(), actual.chunks().get(i).address());
            assertArrayEquals(expected.chunks().get(i).words(), actual.chunks().get(i).words());
        }
    }

    @Test
    void layoutIsMagicEntryCountThenChunksLittleEndian() {
        byte[] bytes = ImageFile.toBytes(new Image(0x10, List.of(new Image.Chunk(0x20, new int[] {0x04030201}))));
        byte[] expected = {'P', 'G', 'I', 'M', 'G', 0, 0, 1,
            0x10, 0, 0, 0, 1, 0, 0, 0,
            0x20, 0, 0, 0, 1, 0, 0, 0,
            1, 2, 3, 4};
        assertArrayEquals(expected, bytes);
    }

    @Test
    void writeThenReadGivesTheSameImage() throws Exception {
        Path f = dir.resolve("a.img");
        ImageFile.write(sample(), f);
        assertTrue(ImageFile.looksLikeImage(f));
        assertSameImage(sample(), ImageFile.read(f));
    }

    @Test
    void emptyImageRoundTrips() throws Exception {
        Path f = dir.resolve("empty.img");
        ImageFile.write(new Image(0, List.of()), f);
        assertEquals(16, Files.size(f));
        assertSameImage(new Image(0, List.of()), ImageFile.read(f));
    }

    @Test
    void chunksMayComeInAnyOrder() throws Exception {
        Image image = ImageFile.fromBytes("x", raw(1, 5, 2, 100, 1, 9, 10, 1, 8));
        assertEquals(10, image.chunks().get(0).address());
        assertEquals(100, image.chunks().get(1).address());
    }

    private static String rejection(byte[] bytes) {
        return assertThrows(ImageFormatException.class, () -> ImageFile.fromBytes("f.img", bytes)).getMessage();
    }

    @Test
    void badMagicIsRejectedAtByteZero() {
        assertEquals("f.img: byte 0: bad magic: not a shadowvisor image (expected \"PGIMG\\0\\0\\1\")",
                rejection("; source\n".getBytes()));
        assertTrue(rejection(new byte[0]).startsWith("f.img: byte 0: bad magic"));
    }

    @Test
    void otherVersionsAreRejectedAtByteSeven() {
        assertEquals("f.img: byte 7: unsupported image version 3 (this reader knows versions 1 and 2)",
                rejection(raw(3, 0, 0)));
        assertEquals("f.img: byte 7: unsupported image version 0 (this reader knows versions 1 and 2)",
                rejection(raw(0, 0, 0)));
    }

    // ---- version 2: the profile record (spec section 8, ".profile NAME, which the image records")

    /** Builds raw version 2 bytes: header, profile record with the given name bytes (zero-padded), then u32s. */
    private static byte[] rawWithProfile(long entry, long count, byte[] name, long... rest) {
        int padded = (name.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(8 + 12 + padded + 4 * rest.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'P', 'G', 'I', 'M', 'G', 0, 0, 2});
        b.putInt((int) entry).putInt((int) count).putInt(name.length).put(name);
        b.position(20 + padded);
        for (long v : rest) {
            b.putInt((int) v);
        }
        return b.array();
    }

    @Test
    void anImageWithoutAProfileIsStillVersionOneByteForByte() {
        byte[] bytes = ImageFile.toBytes(new Image(0x10, List.of(new Image.Chunk(0x20, new int[] {0x04030201})), null));
        assertEquals(1, bytes[7]);
        assertEquals(28, bytes.length);
    }

    @Test
    void aProfileMakesVersionTwoWithTheNameAfterTheChunkCount() {
        byte[] bytes = ImageFile.toBytes(new Image(0x10, List.of(new Image.Chunk(0x20, new int[] {0x04030201})), "x86"));
        byte[] expected = {'P', 'G', 'I', 'M', 'G', 0, 0, 2,
            0x10, 0, 0, 0, 1, 0, 0, 0,
            3, 0, 0, 0, 'x', '8', '6', 0,
            0x20, 0, 0, 0, 1, 0, 0, 0,
            1, 2, 3, 4};
        assertArrayEquals(expected, bytes);
        byte[] pdp10 = ImageFile.toBytes(new Image(0, List.of(), "pdp10"));
        assertArrayEquals(new byte[] {5, 0, 0, 0, 'p', 'd', 'p', '1', '0', 0, 0, 0}, Arrays.copyOfRange(pdp10, 16, 28));
        assertEquals(28, pdp10.length);
    }

    @Test
    void everyBuiltInProfileRoundTripsThroughAFile() throws Exception {
        for (String name : List.of("pg", "pdp10", "x86", "arm", "mips")) {
            Path f = dir.resolve(name + ".img");
            Image image = sample().withProfile(name);
            ImageFile.write(image, f);
            Image back = ImageFile.read(f);
            assertEquals(name, back.profile());
            assertSameImage(image, back);
        }
        Path f = dir.resolve("none.img");
        ImageFile.write(sample(), f);
        assertNull(ImageFile.read(f).profile());
    }

    @Test
    void versionOneFilesReadWithoutAProfile() throws Exception {
        Image image = ImageFile.fromBytes("old.img", raw(1, 16, 1, 16, 2, 7, 8));
        assertNull(image.profile());
        assertEquals(16, image.entry());
        assertArrayEquals(new int[] {7, 8}, image.chunks().get(0).words());
    }

    @Test
    void anUnknownProfileNameIsRejectedAtTheName() {
        assertEquals("f.img: byte 20: unknown profile 'vax' (known: pg, pdp10, x86, arm, mips)",
                rejection(rawWithProfile(0, 0, "vax".getBytes(StandardCharsets.US_ASCII))));
        // names are exact: the writer spells them in lower case
        assertEquals("f.img: byte 20: unknown profile 'X86' (known: pg, pdp10, x86, arm, mips)",
                rejection(rawWithProfile(0, 0, "X86".getBytes(StandardCharsets.US_ASCII))));
        // bytes that would not print stay one readable line
        assertEquals("f.img: byte 20: unknown profile 'a\\x0ab\\xff' (known: pg, pdp10, x86, arm, mips)",
                rejection(rawWithProfile(0, 0, new byte[] {'a', '\n', 'b', (byte) 0xFF})));
    }

    @Test
    void aMalformedProfileRecordIsRejected() {
        assertEquals("f.img: byte 16: truncated: the file ends inside the profile name length",
                rejection(Arrays.copyOf(rawWithProfile(0, 0, "x86".getBytes(StandardCharsets.US_ASCII)), 16)));
        assertEquals("f.img: byte 22: truncated: the file ends inside the profile name",
                rejection(Arrays.copyOf(rawWithProfile(0, 0, "pdp10".getBytes(StandardCharsets.US_ASCII)), 22)));
        assertEquals("f.img: byte 16: profile name length 0 out of range 1..32", rejection(rawWithProfile(0, 0, new byte[0])));
        byte[] tooLong = rawWithProfile(0, 0, "x86".getBytes(StandardCharsets.US_ASCII));
        tooLong[16] = 33;
        assertEquals("f.img: byte 16: profile name length 33 out of range 1..32", rejection(tooLong));
        byte[] dirtyPadding = rawWithProfile(0, 0, "x86".getBytes(StandardCharsets.US_ASCII));
        dirtyPadding[23] = 1;
        assertEquals("f.img: byte 23: non-zero padding byte after the profile name", rejection(dirtyPadding));
        assertTrue(rejection(rawWithProfile(0, 1, "arm".getBytes(StandardCharsets.US_ASCII))).startsWith("f.img: byte 24: truncated"));
        byte[] trailing = rawWithProfile(0, 0, "arm".getBytes(StandardCharsets.US_ASCII), 0);
        assertEquals("f.img: byte 24: 4 trailing bytes after the last chunk", rejection(trailing));
    }

    @Test
    void chunkErrorsInVersionTwoNameTheirOwnOffsets() {
        assertEquals("f.img: byte 36: truncated: chunk 0 announces 3 words, only 1 follow",
                rejection(rawWithProfile(0, 1, "mips".getBytes(StandardCharsets.US_ASCII), 0, 3, 42)));
    }

    @Test
    void anImageRefusesAnUnknownProfile() {
        String m = assertThrows(IllegalArgumentException.class, () -> new Image(0, List.of(), "vax")).getMessage();
        assertEquals("unknown profile 'vax' (known: pg, pdp10, x86, arm, mips)", m);
        assertNull(new Image(0, List.of()).profile());
    }

    @Test
    void truncationNamesTheOffsetWhereTheFileEnds() {
        assertEquals("f.img: byte 12: truncated: the file ends inside the chunk count",
                rejection(Arrays.copyOf(raw(1, 0, 0), 12)));
        assertTrue(rejection(raw(1, 0, 1)).startsWith("f.img: byte 16: truncated"));
        assertEquals("f.img: byte 28: truncated: chunk 0 announces 3 words, only 1 follow",
                rejection(raw(1, 0, 1, 0, 3, 42)));
    }

    @Test
    void overlappingChunksAreRejectedAtTheLaterHeader() {
        String m = rejection(raw(1, 0, 2, 10, 2, 1, 2, 11, 1, 3));
        assertEquals("f.img: byte 32: chunks overlapping: chunk 1 at 0x0000000b overlaps chunk 0 (0x0000000a..0x0000000b)", m);
    }

    @Test
    void chunksPastTheAddressSpaceAreRejected() {
        String m = rejection(raw(1, 0, 1, 0xFFFF_FFFFL, 2, 1, 2));
        assertTrue(m.startsWith("f.img: byte 16: address overflow: chunk 0 at 0xffffffff with 2 words"), m);
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] ok = raw(1, 0, 0);
        byte[] longer = Arrays.copyOf(ok, ok.length + 3);
        assertEquals("f.img: byte 16: 3 trailing bytes after the last chunk", rejection(longer));
    }

    @Test
    void hugeCountsAreRejectedWithoutAllocating() {
        assertTrue(rejection(raw(1, 0, 0xFFFF_FFFFL)).contains("truncated"));
        assertTrue(rejection(raw(1, 0, 1, 0, 0x4000_0000L)).contains("truncated"));
    }

    @Test
    void missingFileIsAnImageFormatExceptionNamingTheFile() {
        Path missing = dir.resolve("nope.img");
        String m = assertThrows(ImageFormatException.class, () -> ImageFile.read(missing)).getMessage();
        assertEquals(missing + ": cannot read: no such file", m);
        assertFalse(ImageFile.looksLikeImage(missing));
    }

    @Test
    void aDeviceIsABadMagicAtOnce() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero));
        String m = assertThrows(ImageFormatException.class, () -> ImageFile.read(zero)).getMessage();
        assertTrue(m.startsWith("/dev/zero: byte 0: bad magic"), m);
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedWithoutReadingIt() throws Exception {
        Path big = dir.resolve("big.img");
        Files.write(big, raw(1, 0, 0));
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(ImageFile.MAX_FILE_BYTES + 1L); // sparse: nothing is written
        }
        String m = assertThrows(ImageFormatException.class, () -> ImageFile.read(big)).getMessage();
        assertEquals(big + ": cannot read: larger than 1073741824 bytes", m);
        Path small = dir.resolve("small.img");
        Files.write(small, raw(1, 0, 1, 0, 4, 1, 2, 3, 4));
        assertEquals(small + ": cannot read: larger than 32 bytes",
                assertThrows(ImageFormatException.class, () -> ImageFile.read(small, 32)).getMessage());
        assertEquals(4, ImageFile.read(small, 40).chunks().get(0).words().length);
    }

    /** An image header and then zeros for ever, like a device or a pipe that never ends. */
    private static InputStream endless() {
        byte[] header = raw(1, 0, 1);
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < header.length ? header[(int) position++] & 0xFF : 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = (byte) read();
                }
                return len;
            }
        };
    }

    @Test
    void anEndlessStreamIsCutAtTheLimit() {
        Path pipe = dir.resolve("not-a-regular-file");
        String m = assertThrows(ImageFormatException.class, () -> ImageFile.readBounded(pipe, endless(), 100_000)).getMessage();
        assertEquals(pipe + ": cannot read: larger than 100000 bytes", m);
    }

    @Test
    void aWriteFailureSaysWhy() throws IOException {
        Path missing = dir.resolve("no/x.img");
        String m = assertThrows(UncheckedIOException.class, () -> ImageFile.write(sample(), missing)).getMessage();
        assertEquals("cannot write " + missing + ": no such directory", m);
        Path directory = Files.createDirectory(dir.resolve("d.img"));
        m = assertThrows(UncheckedIOException.class, () -> ImageFile.write(sample(), directory)).getMessage();
        assertEquals("cannot write " + directory + ": Is a directory", m);
    }

    @Test
    void sourceTextDoesNotLookLikeAnImage() throws IOException {
        Path src = dir.resolve("a.s");
        Files.writeString(src, "        .org 16\n");
        assertFalse(ImageFile.looksLikeImage(src));
    }

    /** A built-in profile's name, or null for an image without one. */
    @Provide
    Arbitrary<String> profiles() {
        return Arbitraries.of("pg", "pdp10", "x86", "arm", "mips").injectNull(0.3);
    }

    @Property(tries = 200)
    void anyImageRoundTrips(@ForAll int entry, @ForAll @Size(max = 5) List<@Size(max = 40) List<Integer>> runs,
            @ForAll @IntRange(min = 0, max = 1000) int gap,
            @ForAll @From("profiles") String profile) throws Exception {
        List<Image.Chunk> chunks = new ArrayList<>();
        long address = 0xFFFF_0000L - 300L * runs.size();
        for (List<Integer> run : runs) {
            chunks.add(new Image.Chunk(address, run.stream().mapToInt(Integer::intValue).toArray()));
            address += run.size() + gap + 1;
        }
        Image image = new Image(entry, chunks, profile);
        Image back = ImageFile.fromBytes("p", ImageFile.toBytes(image));
        assertSameImage(image, back);
        assertEquals(profile, back.profile());
    }
}
