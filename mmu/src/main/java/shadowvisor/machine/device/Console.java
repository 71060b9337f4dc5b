package shadowvisor.machine.device;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The console behind port 0 (spec section 5): a fixed input byte string read one byte per
 * {@code in}, and an output byte stream that is both recorded (for the report and equivalence)
 * and, optionally, forwarded as produced to a live sink such as stdout.
 */
public final class Console {
    /** What {@code in} reads at the end of input. */
    public static final int END_OF_INPUT = 0xFFFFFFFF;

    private final byte[] input;
    private int inputPos;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final OutputStream live;

    /**
     * @param input bytes the guest reads, in order
     * @param live  where output bytes go as they are produced, or null
     */
    public Console(byte[] input, OutputStream live) {
        this.input = input.clone();
        this.live = live;
    }

    /** The next input byte (0..255), or {@link #END_OF_INPUT}. */
    public int read() {
        return inputPos < input.length ? input[inputPos++] & 0xFF : END_OF_INPUT;
    }

    /** Emits the low 8 bits of {@code value}. */
    public void write(int value) {
        output.write(value);
        if (live != null) {
            try {
                live.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Flushes the live sink. */
    public void flush() {
        if (live != null) {
            try {
                live.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Every byte written so far. */
    public byte[] output() {
        return output.toByteArray();
    }
}
