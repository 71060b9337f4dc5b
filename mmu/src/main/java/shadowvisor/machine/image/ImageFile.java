package shadowvisor.machine.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import shadowvisor.machine.isa.Profile;

/**
 * The binary file format of a boot {@link Image}, as written by {@code asm -o} and accepted
 * wherever a program is expected (spec section 9; docs/IMAGE-FORMAT.md is the reference). All
 * integers are unsigned 32-bit little-endian, the byte order of the memory digest:
 *
 * <pre>
 * offset  size  field
 *      0     8  magic "PGIMG\0\0" followed by the version byte, 1 or 2
 *      8     4  entry address
 *     12     4  chunk count N
 *  version 2 only:
 *     16     4  profile name length P (1..32)
 *     20     P  the profile name (ASCII), then zero bytes up to a multiple of 4
 *  then:
 *               N chunks, each: u32 address, u32 word count W, then W words
 * </pre>
 *
 * An image without a profile is written as version 1, byte for byte what writers before the
 * profile record wrote, so that such files stay readable by older readers too; only an image
 * that carries a profile needs version 2. The reader accepts both.
 *
 * <p>The reader trusts nothing: every problem becomes an {@link ImageFormatException} naming the
 * byte offset, and no allocation is made before the file is known to hold the bytes it claims.
 */
public final class ImageFile {
    /** The first seven bytes of every image; the eighth is the version. */
    private static final byte[] MAGIC_PREFIX = {'P', 'G', 'I', 'M', 'G', 0, 0};
    /** The version of an image without a profile: the original layout. */
    public static final int VERSION = 1;
    /** The version of an image that carries a profile name after the chunk count. */
    public static final int VERSION_WITH_PROFILE = 2;
    /** The longest profile name the format carries, in bytes (built-in names are far shorter). */
    public static final int MAX_PROFILE_BYTES = 32;
    private static final int HEADER_BYTES = 16;
    private static final int CHUNK_HEADER_BYTES = 8;
    private static final long ADDRESS_SPACE = 1L << 32;
    /**
     * The largest image file read: 1 GiB, 256 Mi words, far beyond the 4 Mi words the assembler
     * emits (an image is read into memory whole). The read stops there whatever the file claims
     * to be, so a device or an endless pipe is an error rather than an exhausted heap.
     */
    public static final int MAX_FILE_BYTES = 1 << 30;

    private ImageFile() {
    }

    /**
     * Writes the image to {@code path}, replacing any existing file.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Image image, Path path) {
        try {
            Files.write(path, toBytes(image));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + reason(path, e), e);
        }
    }

    /**
     * Why a file operation failed, in words: a {@link NoSuchFileException}'s message is only the
     * path, and other file-system exceptions repeat it before their reason.
     */
    static String reason(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            Path parent = path.toAbsolutePath().getParent();
            return parent != null && !Files.isDirectory(parent) ? "no such directory" : "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The image in this format, as {@link #write} stores it. */
    public static byte[] toBytes(Image image) {
        byte[] profile = image.profile() == null ? null : image.profile().getBytes(StandardCharsets.US_ASCII);
        long size = HEADER_BYTES + (profile == null ? 0 : 4 + padded(profile.length));
        for (Image.Chunk c : image.chunks()) {
            size += CHUNK_HEADER_BYTES + 4L * c.words().length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image too large for one file: " + size + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC_PREFIX).put((byte) (profile == null ? VERSION : VERSION_WITH_PROFILE));
        out.putInt(image.entry()).putInt(image.chunks().size());
        if (profile != null) {
            // The padding is the buffer's zeros: the chunks stay on 4-byte boundaries.
            out.putInt(profile.length).put(profile).position(out.position() + padded(profile.length) - profile.length);
        }
        for (Image.Chunk c : image.chunks()) {
            out.putInt((int) c.address()).putInt(c.words().length);
            for (int w : c.words()) {
                out.putInt(w);
            }
        }
        return out.array();
    }

    /** {@code n} rounded up to a multiple of 4. */
    private static int padded(int n) {
        return (n + 3) & ~3;
    }

    /**
     * Reads an image written by {@link #write}.
     *
     * @throws ImageFormatException when the file cannot be read or is not a valid image; the
     *                              message names the file and the byte offset of the problem
     */
    public static Image read(Path path) throws ImageFormatException {
        return read(path, MAX_FILE_BYTES);
    }

    /** {@link #read(Path)} with a smaller bound on the file's size, for tests. */
    static Image read(Path path, int maxBytes) throws ImageFormatException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = readBounded(path, in, maxBytes);
        } catch (NoSuchFileException e) {
            throw new ImageFormatException(path + ": cannot read: no such file");
        } catch (IOException e) {
            throw new ImageFormatException(path + ": cannot read: " + reason(path, e));
        } catch (OutOfMemoryError e) {
            throw new ImageFormatException(path + ": cannot read: not enough memory to hold the file");
        }
        return fromBytes(path.toString(), bytes);
    }

    /**
     * The bytes of a file, read only as far as needed: a file that does not start with the magic
     * is refused after its first bytes (so {@code /dev/zero} is a bad magic at once), and one
     * longer than {@code maxBytes} is refused before more than that is held, whatever size the
     * file system reports (a device reports 0).
     */
    static byte[] readBounded(Path path, InputStream in, int maxBytes) throws IOException, ImageFormatException {
        byte[] head = in.readNBytes(MAGIC_PREFIX.length);
        if (!Arrays.equals(head, MAGIC_PREFIX)) {
            return head; // fromBytes reports the bad magic, as for the whole file
        }
        // The size of a regular file is only a hint for the buffer: it is not trusted as a bound.
        long hint = Files.isRegularFile(path) ? Files.size(path) : 0;
        if (hint > maxBytes) {
            throw tooLarge(path, maxBytes);
        }
        byte[] buffer = Arrays.copyOf(head, (int) Math.max(head.length, Math.max(hint, Math.min(maxBytes, 1 << 16))));
        int n = head.length;
        for (;;) {
            if (n == buffer.length) {
                int next = in.read();
                if (next < 0) {
                    return buffer;
                }
                if (n >= maxBytes) {
                    throw tooLarge(path, maxBytes);
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes, 2L * n));
                buffer[n++] = (byte) next;
            }
            int r = in.read(buffer, n, buffer.length - n);
            if (r < 0) {
                return Arrays.copyOf(buffer, n);
            }
            n += r;
        }
    }

    private static ImageFormatException tooLarge(Path path, int maxBytes) {
        return new ImageFormatException(path + ": cannot read: larger than " + maxBytes + " bytes");
    }

    /**
     * Parses an image from the bytes of a file.
     *
     * @param fileName named in error messages
     */
    public static Image fromBytes(String fileName, byte[] bytes) throws ImageFormatException {
        Reader in = new Reader(fileName, bytes);
        for (int i = 0; i < MAGIC_PREFIX.length; i++) {
            if (i >= bytes.length || bytes[i] != MAGIC_PREFIX[i]) {
                throw in.problem(0, "bad magic: not a shadowvisor image (expected \"PGIMG\\0\\0\\1\")");
            }
        }
        if (bytes.length < 8) {
            throw in.problem(bytes.length, "truncated: the header needs 16 bytes, the file has " + bytes.length);
        }
        int version = bytes[7] & 0xFF;
        if (version != VERSION && version != VERSION_WITH_PROFILE) {
            throw in.problem(7, "unsupported image version " + version + " (this reader knows versions "
                    + VERSION + " and " + VERSION_WITH_PROFILE + ")");
        }
        in.position = 8;
        int entry = (int) in.u32("the entry address");
        long count = in.u32("the chunk count");
        String profile = version == VERSION_WITH_PROFILE ? profile(in) : null;
        // Each chunk needs at least its 8-byte header: a count the file cannot hold is truncation,
        // caught before any list is sized from it.
        if (count > (long) (bytes.length - in.position) / CHUNK_HEADER_BYTES) {
            throw in.problem(bytes.length, "truncated: " + count + " chunks announced, the file ends first");
        }
        List<Image.Chunk> chunks = new ArrayList<>((int) count);
        List<Integer> headerOffsets = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            int headerOffset = in.position;
            long address = in.u32("the address of chunk " + i);
            long words = in.u32("the word count of chunk " + i);
            if (address + words > ADDRESS_SPACE) {
                throw in.problem(headerOffset, String.format(
                        "address overflow: chunk %d at 0x%08x with %d words passes the end of the 32-bit address space",
                        i, address, words));
            }
            if (words > (long) (bytes.length - in.position) / 4) {
                throw in.problem(bytes.length, "truncated: chunk " + i + " announces " + words + " words, only "
                        + (bytes.length - in.position) / 4 + " follow");
            }
            int[] data = new int[(int) words];
            for (int w = 0; w < data.length; w++) {
                data[w] = (int) in.u32("a word");
            }
            chunks.add(new Image.Chunk(address, data));
            headerOffsets.add(headerOffset);
        }
        if (in.position != bytes.length) {
            throw in.problem(in.position, (bytes.length - in.position) + " trailing bytes after the last chunk");
        }
        checkOverlaps(in, chunks, headerOffsets);
        return new Image(entry, chunks, profile);
    }

    /** The profile record of a version 2 image: a length, the name, zero padding; the name must be built in. */
    private static String profile(Reader in) throws ImageFormatException {
        int lengthOffset = in.position;
        long length = in.u32("the profile name length");
        if (length < 1 || length > MAX_PROFILE_BYTES) {
            throw in.problem(lengthOffset, "profile name length " + length + " out of range 1.." + MAX_PROFILE_BYTES);
        }
        int nameOffset = in.position;
        int n = (int) length;
        if (in.bytes.length - nameOffset < padded(n)) {
            throw in.problem(in.bytes.length, "truncated: the file ends inside the profile name");
        }
        for (int i = nameOffset + n; i < nameOffset + padded(n); i++) {
            if (in.bytes[i] != 0) {
                throw in.problem(i, "non-zero padding byte after the profile name");
            }
        }
        in.position = nameOffset + padded(n);
        String name = new String(in.bytes, nameOffset, n, StandardCharsets.ISO_8859_1);
        if (Profile.builtIn(name) == null) {
            throw in.problem(nameOffset, "unknown profile '" + printable(name) + "' (known: " + Image.knownProfiles() + ")");
        }
        return name;
    }

    /** A name from the file made safe for a one-line message: bytes outside printable ASCII as {@code \xHH}. */
    private static String printable(String name) {
        StringBuilder s = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '\\' && c != '\'') {
                s.append(c);
            } else {
                s.append(String.format("\\x%02x", (int) c));
            }
        }
        return s.toString();
    }

    /** Chunks may come in any order; two of them must not claim the same address. */
    private static void checkOverlaps(Reader in, List<Image.Chunk> chunks, List<Integer> headerOffsets)
            throws ImageFormatException {
        Integer[] order = new Integer[chunks.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> chunks.get(i).address()).thenComparing(i -> i));
        int widest = -1;
        for (int i : order) {
            Image.Chunk c = chunks.get(i);
            if (c.words().length == 0) {
                continue;
            }
            if (widest >= 0 && c.address() < chunks.get(widest).end()) {
                int later = Math.max(i, widest);
                int earlier = Math.min(i, widest);
                Image.Chunk e = chunks.get(earlier);
                throw in.problem(headerOffsets.get(later), String.format(
                        "chunks overlapping: chunk %d at 0x%08x overlaps chunk %d (0x%08x..0x%08x)",
                        later, chunks.get(later).address(), earlier, e.address(), e.end() - 1));
            }
            if (widest < 0 || c.end() > chunks.get(widest).end()) {
                widest = i;
            }
        }
    }

    /**
     * True when the file starts with the image magic (any version, so that a newer image is
     * reported as an unsupported version rather than assembled as source). False for a file that
     * cannot be read.
     */
    public static boolean looksLikeImage(Path path) {
        try (InputStream s = Files.newInputStream(path)) {
            byte[] head = s.readNBytes(MAGIC_PREFIX.length);
            return Arrays.equals(head, MAGIC_PREFIX);
        } catch (IOException e) {
            return false;
        }
    }

    /** A cursor over the file's bytes that knows how to word its complaints. */
    private static final class Reader {
        private final String fileName;
        private final byte[] bytes;
        private int position;

        Reader(String fileName, byte[] bytes) {
            this.fileName = fileName;
            this.bytes = bytes;
        }

        long u32(String what) throws ImageFormatException {
            if (bytes.length - position < 4) {
                throw problem(bytes.length, "truncated: the file ends inside " + what);
            }
            long v = (bytes[position] & 0xFFL) | (bytes[position + 1] & 0xFFL) << 8
                    | (bytes[position + 2] & 0xFFL) << 16 | (bytes[position + 3] & 0xFFL) << 24;
            position += 4;
            return v;
        }

        ImageFormatException problem(int offset, String message) {
            return new ImageFormatException(fileName + ": byte " + offset + ": " + message);
        }
    }
}
