package shadowvisor.run;

import shadowvisor.mode.Mode;
import shadowvisor.mode.ModeStack;

import java.io.OutputStream;
import java.util.Objects;
import shadowvisor.machine.CpuTrace;
import shadowvisor.vmm.VmmEventListener;
import shadowvisor.machine.image.Boot;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.Load;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.paging.Tlb;

/**
 * How to run guests: the mode, the profile of the machine, the memory size of each guest (SZ, or
 * memsize under a VMM), the instruction limit, console input, and where live console output and
 * traces go.
 *
 * @param mode            native, a VMM, or a stack of VMMs (spec 7.6), its levels innermost first
 * @param profile         the machine's instruction table (spec section 8): the bare machine's
 *                        natively, the host's under a VMM, and so every VM's
 * @param memWords        each guest's memory in words (under a stack, the innermost guests')
 * @param maxInstructions retired guest instructions after which a guest stops with exit kind limit
 * @param input           console input bytes of each guest
 * @param liveConsole     where console bytes go as they are produced (stdout), or null
 * @param trace           a per-instruction trace, or null
 * @param tlbEntries      hardware TLB entries
 * @param tlbWays         hardware TLB associativity
 * @param load            the program loaded beside each guest's boot image ({@code --load}, spec
 *                        section 1.2), natively and in every VM alike, or null
 */
public record RunOptions(ModeStack mode, Profile profile, int memWords, long maxInstructions, byte[] input,
                         OutputStream liveConsole, CpuTrace trace, int tlbEntries, int tlbWays, Load load,
                         VmmEventListener events) {
    /** The default memory: 4 Mi words. */
    public static final int DEFAULT_MEM = 4 * 1024 * 1024;
    /** The default instruction limit. */
    public static final long DEFAULT_LIMIT = 1_000_000_000L;

    public RunOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(profile, "profile");
        input = input == null ? new byte[0] : input.clone();
    }

    /**
     * Defaults for a mode: profile {@code pg}, 4 Mi words, the default limit, no input, nothing live,
     * nothing loaded.
     */
    public static RunOptions defaults(Mode mode) {
        return defaults(ModeStack.of(mode));
    }

    /** {@link #defaults(Mode)} for a mode that may be a stack. */
    public static RunOptions defaults(ModeStack mode) {
        return new RunOptions(mode, Profile.PG, DEFAULT_MEM, DEFAULT_LIMIT, new byte[0], null, null,
                Tlb.DEFAULT_ENTRIES, Tlb.DEFAULT_WAYS, null, null);
    }

    /** The same options with {@code m} alone. */
    public RunOptions withMode(Mode m) {
        return withMode(ModeStack.of(m));
    }

    public RunOptions withMode(ModeStack m) {
        return new RunOptions(m, profile, memWords, maxInstructions, input, liveConsole, trace,
                tlbEntries, tlbWays, load, events);
    }

    public RunOptions withProfile(Profile p) {
        return new RunOptions(mode, p, memWords, maxInstructions, input, liveConsole, trace,
                tlbEntries, tlbWays, load, events);
    }

    public RunOptions withMem(int words) {
        return new RunOptions(mode, profile, words, maxInstructions, input, liveConsole, trace,
                tlbEntries, tlbWays, load, events);
    }

    public RunOptions withLimit(long limit) {
        return new RunOptions(mode, profile, memWords, limit, input, liveConsole, trace,
                tlbEntries, tlbWays, load, events);
    }

    public RunOptions withInput(byte[] bytes) {
        return new RunOptions(mode, profile, memWords, maxInstructions, bytes, liveConsole, trace,
                tlbEntries, tlbWays, load, events);
    }

    public RunOptions withLiveConsole(OutputStream out) {
        return new RunOptions(mode, profile, memWords, maxInstructions, input, out, trace,
                tlbEntries, tlbWays, load, events);
    }

    public RunOptions withTrace(CpuTrace t) {
        return new RunOptions(mode, profile, memWords, maxInstructions, input, liveConsole, t,
                tlbEntries, tlbWays, load, events);
    }

    public RunOptions withTlb(int entries, int ways) {
        return new RunOptions(mode, profile, memWords, maxInstructions, input, liveConsole, trace,
                entries, ways, load, events);
    }

    /** The same options with {@code l} loaded beside each boot image (null for none). */
    public RunOptions withLoad(Load l) {
        return new RunOptions(mode, profile, memWords, maxInstructions, input, liveConsole, trace,
                tlbEntries, tlbWays, l, events);
    }

    /** The same options with {@code listener} hearing every VMM's decisions (null for none). */
    public RunOptions withEvents(VmmEventListener listener) {
        return new RunOptions(mode, profile, memWords, maxInstructions, input, liveConsole, trace,
                tlbEntries, tlbWays, load, listener);
    }

    /** What each guest boots from: {@code image}, and the options' load beside it. */
    public Boot boot(Image image) {
        return new Boot(image, load);
    }
}
