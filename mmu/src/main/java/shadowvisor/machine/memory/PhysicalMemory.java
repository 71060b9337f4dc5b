package shadowvisor.machine.memory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The machine's physical memory: {@code size} words, zero at power-on (spec section 1). The
 * array is exposed to the CPU loop, which indexes it directly on the hot path.
 */
public final class PhysicalMemory implements PhysicalView {
    /** The smallest memory the machine accepts (spec section 5). */
    public static final int MIN_WORDS = 16;

    private final int[] words;

    public PhysicalMemory(int size) {
        if (size < MIN_WORDS) {
            throw new IllegalArgumentException("memory must be at least " + MIN_WORDS + " words, got " + size);
        }
        this.words = new int[size];
    }

    /** The backing array, for the CPU loop and loaders. */
    public int[] words() {
        return words;
    }

    @Override
    public int size() {
        return words.length;
    }

    @Override
    public int read(int pa) {
        return words[pa];
    }

    @Override
    public void write(int pa, int word) {
        words[pa] = word;
    }

    /** SHA-256 of words {@code [from, from + count)}, each as 4 bytes little-endian, in lower-case hex. */
    public static String sha256(PhysicalView view, int from, int count) {
        MessageDigest md = newSha256();
        byte[] buf = new byte[4096];
        int n = 0;
        for (int i = 0; i < count; i++) {
            int w = view.read(from + i);
            buf[n++] = (byte) w;
            buf[n++] = (byte) (w >>> 8);
            buf[n++] = (byte) (w >>> 16);
            buf[n++] = (byte) (w >>> 24);
            if (n == buf.length) {
                md.update(buf, 0, n);
                n = 0;
            }
        }
        md.update(buf, 0, n);
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
