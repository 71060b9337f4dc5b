package shadowvisor.vmm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The live console of one VM among several (spec section 9): the VM's bytes go to the shared
 * sink a whole line at a time, each line prefixed {@code [vmN] }, so that lines of VMs
 * interleaved by time slices never mix. {@link #flush} ends a last line that has no newline
 * with one (the VMM flushes a VM's console when the VM ends). Only this live copy is prefixed:
 * the console the VM's report records holds the guest's exact bytes.
 */
public final class PrefixedLineStream extends OutputStream {
    private final OutputStream sink;
    private final byte[] prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    /**
     * @param sink where whole prefixed lines go (shared by every VM of the run)
     * @param prefix the prefix, e.g. {@code "[vm1] "} (Latin-1)
     */
    public PrefixedLineStream(OutputStream sink, String prefix) {
        this.sink = sink;
        this.prefix = prefix.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public void write(int b) throws IOException {
        line.write(b);
        if ((b & 0xFF) == '\n') {
            emitLine();
        }
    }

    /** Ends a pending partial line with a newline, then flushes the sink. */
    @Override
    public void flush() throws IOException {
        if (line.size() > 0) {
            line.write('\n');
            emitLine();
        }
        sink.flush();
    }

    private void emitLine() throws IOException {
        // One write per line: the sink is shared, and a line must reach it in one piece.
        byte[] out = new byte[prefix.length + line.size()];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(line.toByteArray(), 0, out, prefix.length, line.size());
        line.reset();
        synchronized (sink) {
            sink.write(out);
        }
    }
}
