package shadowvisor.machine.paging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.memory.PhysicalMemory;

/**
 * Spec section 3.1: {@link PageWalker} against a reference walk written here from the spec
 * text, over random page tables (entries pointing inside and outside memory, any low bits,
 * tables aliasing each other and the directory) and random accesses (mode, write, fetch).
 */
class PageWalkerPropertiesTest {
    /** The result of a walk: a fault (cause, detail) or a pa. */
    record Outcome(boolean ok, int pa, int cause, int detail) {
    }

    /** The spec's walk, line by line: section 3.1 "Walk:" and "Effective rights:" and the A/D rule. */
    static Outcome reference(int[] mem, int ptbr, int la, int access) {
        boolean user = (access & TrapCause.ACC_U) != 0, write = (access & TrapCause.ACC_W) != 0;
        if (Long.compareUnsigned(Integer.toUnsignedLong(la), 1L << 30) >= 0) return new Outcome(false, 0, 6, access);
        long pdeAt = (ptbr & 0xFFFFFC00L) + ((la >>> 20) & 0x3FF);
        if (pdeAt >= mem.length) return new Outcome(false, 0, 5, access);
        int pde = mem[(int) pdeAt];
        if ((pde & 1) == 0) return new Outcome(false, 0, 6, access);
        long pteAt = (pde & 0xFFFFFC00L) + ((la >>> 10) & 0x3FF);
        if (pteAt >= mem.length) return new Outcome(false, 0, 5, access);
        int pte = mem[(int) pteAt];
        if ((pte & 1) == 0) return new Outcome(false, 0, 6, access);
        boolean u = (pde & pte & 4) != 0, w = (pde & pte & 2) != 0;
        if ((user && !u) || (write && !w)) return new Outcome(false, 0, 6, access | 1);
        mem[(int) pdeAt] |= 8;
        mem[(int) pteAt] |= 8 | (write ? 16 : 0);
        return new Outcome(true, (pte & 0xFFFFFC00) | (la & 0x3FF), 0, 0);
    }

    static final int FRAMES = 6;

    /** Entry-like words: a frame among the first FRAMES + 2 (some beyond memory), any low 10 bits. */
    @Provide
    Arbitrary<Integer> entries() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, FRAMES + 1)
                        .flatMap(f -> Arbitraries.integers().between(0, 0x3FF).map(low -> f << 10 | low))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers()),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0)));
    }

    /** Linear addresses: directory and table indices 0..3 mostly, sometimes anything (la >= 2^30 included). */
    @Provide
    Arbitrary<Integer> linearAddresses() {
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 3).flatMap(dir -> Arbitraries.integers().between(0, 3)
                .flatMap(tbl -> Arbitraries.integers().between(0, 0x3FF).map(off -> dir << 20 | tbl << 10 | off)));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, small), net.jqwik.api.Tuple.of(1, Arbitraries.integers()));
    }

    /**
     * @param table   words 0..3 of each frame (the only entries small addresses reach)
     * @param sizeCut how many words of the last frame exist (so a frame may be partly in memory)
     */
    @Property(tries = 2000)
    void walkerMatchesTheSpec(@ForAll @Size(FRAMES * 4) List<@net.jqwik.api.From("entries") Integer> table,
            @ForAll @IntRange(min = 0, max = FRAMES - 1) int ptbrFrame, @ForAll @IntRange(min = 0, max = 0x3FF) int ptbrLow,
            @ForAll @IntRange(min = 1, max = 1024) int sizeCut, @ForAll("linearAddresses") int la,
            @ForAll boolean user, @ForAll boolean write, @ForAll boolean fetch, @ForAll boolean twice) {
        int size = (FRAMES - 1) * 1024 + sizeCut;
        PhysicalMemory memory = new PhysicalMemory(size);
        int[] expected = new int[size];
        for (int i = 0; i < table.size(); i++) {
            int at = (i / 4) * 1024 + i % 4;
            if (at < size) {
                memory.words()[at] = table.get(i);
                expected[at] = table.get(i);
            }
        }
        int ptbr = ptbrFrame << 10 | ptbrLow;
        int access = (write ? TrapCause.ACC_W : 0) | (user ? TrapCause.ACC_U : 0) | (fetch && !write ? TrapCause.ACC_F : 0);
        PageWalker walker = new PageWalker();
        for (int round = 0; round < (twice ? 2 : 1); round++) {
            Outcome want = reference(expected, ptbr, la, access);
            boolean ok = walker.walk(memory, ptbr, la, access, true);
            assertEquals(want.ok(), ok, "success");
            if (ok) {
                assertEquals(want.pa(), walker.pa, "pa");
            } else {
                assertEquals(want.cause(), walker.faultCause, "cause");
                assertEquals(want.detail(), walker.faultDetail, "detail");
            }
            assertArrayEquals(expected, memory.words(), "memory after the walk (A/D bits)");
        }
    }

    @Property(tries = 500)
    void probeNeverWrites(@ForAll @Size(FRAMES * 4) List<@net.jqwik.api.From("entries") Integer> table,
            @ForAll @IntRange(min = 0, max = FRAMES - 1) int ptbrFrame, @ForAll("linearAddresses") int la,
            @ForAll boolean user, @ForAll boolean write) {
        PhysicalMemory memory = new PhysicalMemory(FRAMES * 1024);
        for (int i = 0; i < table.size(); i++) {
            memory.words()[(i / 4) * 1024 + i % 4] = table.get(i);
        }
        int[] before = memory.words().clone();
        new PageWalker().walk(memory, ptbrFrame << 10, la, (write ? 2 : 0) | (user ? 4 : 0), false);
        assertArrayEquals(before, memory.words());
    }
}
