package shadowvisor.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrefixedLineStreamTest {
    @Test
    void wholeLinesReachTheSinkPrefixedAndInterleavedVmsNeverSplitALine() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrefixedLineStream vm1 = new PrefixedLineStream(sink, "[vm1] ");
        PrefixedLineStream vm2 = new PrefixedLineStream(sink, "[vm2] ");
        vm1.write("hel".getBytes(StandardCharsets.ISO_8859_1));
        vm2.write("abc\nd".getBytes(StandardCharsets.ISO_8859_1));
        vm1.write("lo\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("[vm2] abc\n[vm1] hello\n", sink.toString(StandardCharsets.ISO_8859_1));
        vm2.flush();
        assertEquals("[vm2] abc\n[vm1] hello\n[vm2] d\n", sink.toString(StandardCharsets.ISO_8859_1),
                "flush ends a partial last line");
        vm2.flush();
        assertEquals("[vm2] abc\n[vm1] hello\n[vm2] d\n", sink.toString(StandardCharsets.ISO_8859_1),
                "and adds nothing when there is none");
    }
}
