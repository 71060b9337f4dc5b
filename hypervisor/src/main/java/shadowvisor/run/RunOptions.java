package shadowvisor.run;

import java.io.OutputStream;
import shadowvisor.machine.cpu.CpuTrace;
import shadowvisor.machine.paging.Tlb;

/**
 * How to run guests: the mode, the memory size of each guest (SZ, or memsize under a VMM), the
 * instruction limit, console input, and where live console output and traces go.
 *
 * @param mode            native or a VMM mode
 * @param memWords        each guest's memory in words
 * @param maxInstructions retired guest instructions after which a guest stops with exit kind limit
 * @param input           console input bytes of each guest
 * @param liveConsole     where console bytes go as they are produced (stdout), or null
 * @param trace           a per-instruction trace, or null
 * @param tlbEntries      hardware TLB entries
 * @param tlbWays         hardware TLB associativity
 */
public record RunOptions(Mode mode, int memWords, long maxInstructions, byte[] input, OutputStream liveConsole,
                         CpuTrace trace, int tlbEntries, int tlbWays) {
    /** The default memory: 4 Mi words. */
    public static final int DEFAULT_MEM = 4 * 1024 * 1024;
    /** The default instruction limit. */
    public static final long DEFAULT_LIMIT = 1_000_000_000L;

    public RunOptions {
        input = input == null ? new byte[0] : input.clone();
    }

    /** Defaults for a mode: 4 Mi words, the default limit, no input, nothing live. */
    public static RunOptions defaults(Mode mode) {
        return new RunOptions(mode, DEFAULT_MEM, DEFAULT_LIMIT, new byte[0], null, null, Tlb.DEFAULT_ENTRIES,
                Tlb.DEFAULT_WAYS);
    }

    public RunOptions withMode(Mode m) {
        return new RunOptions(m, memWords, maxInstructions, input, liveConsole, trace, tlbEntries, tlbWays);
    }

    public RunOptions withMem(int words) {
        return new RunOptions(mode, words, maxInstructions, input, liveConsole, trace, tlbEntries, tlbWays);
    }

    public RunOptions withLimit(long limit) {
        return new RunOptions(mode, memWords, limit, input, liveConsole, trace, tlbEntries, tlbWays);
    }

    public RunOptions withInput(byte[] bytes) {
        return new RunOptions(mode, memWords, maxInstructions, bytes, liveConsole, trace, tlbEntries, tlbWays);
    }

    public RunOptions withLiveConsole(OutputStream out) {
        return new RunOptions(mode, memWords, maxInstructions, input, out, trace, tlbEntries, tlbWays);
    }

    public RunOptions withTrace(CpuTrace t) {
        return new RunOptions(mode, memWords, maxInstructions, input, liveConsole, t, tlbEntries, tlbWays);
    }

    public RunOptions withTlb(int entries, int ways) {
        return new RunOptions(mode, memWords, maxInstructions, input, liveConsole, trace, entries, ways);
    }
}
