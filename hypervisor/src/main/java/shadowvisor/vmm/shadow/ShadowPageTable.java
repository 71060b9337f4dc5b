package shadowvisor.vmm.shadow;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.api.map.primitive.MutableIntObjectMap;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.paging.Pte;
import shadowvisor.result.VmmCounter;
import shadowvisor.result.VmmCounters;

/**
 * One VM's shadow page tables: the hardware page tables, owned by the VMM, that merge the
 * guest's tables (guest-linear to guest-physical) with the {@link GuestPhysicalMap}
 * (guest-physical to host-physical). The map of this file, in the manner of lguest's
 * page_tables.c:
 *
 * <ul>
 *   <li><b>Roots.</b> A root is a shadow page directory for one guest page directory and one
 *   role, vm-supervisor or vm-user ({@link #root}); guest pages with U = 0 are never entered
 *   in a vm-user root. A guest with P = 0 runs on the one {@linkplain #physicalRoot physical
 *   root}, which maps guest-linear = guest-physical. Roots are kept in a cache bounded by
 *   {@code maxRoots} and evicted least recently used.</li>
 *   <li><b>Fill.</b> Shadows start empty and are filled one entry at a time on hidden faults
 *   ({@link #fill}): an entry is writable only once the guest's D is set, and, when tracing,
 *   only if the frame holds no guest page table. Every shadow entry has hardware U = 1 (the
 *   guest kernel runs in hardware user mode) and A, D preset so the hardware never writes them.</li>
 *   <li><b>Drop.</b> Entries, tables and roots are dropped on guest flushes ({@link #invalidate},
 *   {@link #dropAll}), on traced guest writes ({@link #guestWrote}) and when the frame budget
 *   runs out ({@link #zapAll}); the hardware TLB is invalidated whenever a live entry goes.</li>
 *   <li><b>Trace.</b> With tracing on, every guest frame a shadow page was derived from (the
 *   guest page directory of a root, the guest page table of a shadow table) is write-protected
 *   in every shadow of the VM, so each guest write to it exits and is synced here.</li>
 * </ul>
 */
public final class ShadowPageTable {
    /** Hardware bits of a shadow PTE: present, user (the guest runs in hardware user mode), A and D preset. */
    private static final int SPTE_BASE = Pte.P | Pte.U | Pte.A;
    private static final int SPDE_BITS = Pte.P | Pte.W | Pte.U | Pte.A;

    /** A shadow page directory and the shadow page tables under it. */
    public static final class Root {
        /** Guest page-directory frame this root shadows, or -1 for the physical root. */
        final int guestPd;
        final boolean supervisor;
        /** Host frame of the shadow page directory. */
        final int frame;
        /** Host frame of the shadow page table under each directory index, 0 for none. */
        final int[] tables = new int[1024];
        /** Guest page-table frame each shadow table was derived from (-1 for the physical root). */
        final int[] tableGfn = new int[1024];
        long lastUse;
        boolean dead;

        Root(int guestPd, boolean supervisor, int frame) {
            this.guestPd = guestPd;
            this.supervisor = supervisor;
            this.frame = frame;
        }

        /** The value for the hardware {@code ptbr}. */
        public int ptbr() {
            return frame << Pte.PAGE_SHIFT;
        }
    }

    /** Hears what the shadows do, for the VMM's events; absent unless someone observes the VMM. */
    public interface Observer {
        /** Shadow entries derived from guest-physical word {@code gpa} were brought in line (dropped). */
        void synced(int gpa, boolean directory);

        /** The shadow page in host frame {@code hostFrame} went back to the pool. */
        void dropped(int hostFrame);
    }

    /** A shadow page derived from a guest frame: a root's directory (index -1) or one of its tables. */
    private record Derived(Root root, int directoryIndex) {
    }

    private final Machine hw;
    private final GuestPhysicalMap gmap;
    private final HostFramePool pool;
    private final int frameBudget;
    private final VmmCounters counters;
    private final boolean trace;
    private final int maxRoots;

    private final MutableIntObjectMap<Root> roots = new IntObjectHashMap<>();
    private Root physical;
    private int framesHeld;
    private long clock;

    /** Per guest frame: shadow pages derived from it (trace only). */
    private final MutableIntObjectMap<List<Derived>> derived = new IntObjectHashMap<>();
    /** Per guest frame: writable shadow PTEs that map it. */
    private final int[] writableMappings;
    /** Per guest frame: emulated writes since a walk last went through it (trace only). */
    private final int[] floodWrites;
    /**
     * Emulated writes into a traced frame, with no walk through it in between, after which the
     * frame is taken to be no longer a page table (a fork copying one, a kernel reusing a freed
     * one as data) and unshadowed, as KVM's write-flood detection does.
     */
    public static final int WRITE_FLOOD = 4;
    /** Per host frame: the guest frame it backs, or -1. */
    private final int[] gfnOfHostFrame;
    private Observer observer;

    /**
     * @param hw          the hardware whose memory holds the shadows
     * @param gmap        the VM's guest-physical map
     * @param pool        where shadow frames come from
     * @param frameBudget the most frames this VM's shadows may hold before they are zapped
     * @param trace       write-protect and sync guest page-table frames (shadow-trace)
     * @param maxRoots    bound of the root cache
     */
    public ShadowPageTable(Machine hw, GuestPhysicalMap gmap, HostFramePool pool, int frameBudget, boolean trace,
                           int maxRoots, VmmCounters counters) {
        this.hw = hw;
        this.gmap = gmap;
        this.pool = pool;
        this.frameBudget = Math.max(8, frameBudget);
        this.trace = trace;
        this.maxRoots = Math.max(2, maxRoots);
        this.counters = counters;
        this.writableMappings = new int[gmap.frames()];
        this.floodWrites = new int[gmap.frames()];
        this.gfnOfHostFrame = new int[hw.memorySize() >>> Pte.PAGE_SHIFT];
        java.util.Arrays.fill(gfnOfHostFrame, -1);
        for (int gfn = 0; gfn < gmap.frames(); gfn++) {
            gfnOfHostFrame[gmap.hfn(gfn)] = gfn;
        }
    }

    /** Tells {@code o} of every sync and drop from now on (null for no one). */
    public void observe(Observer o) {
        this.observer = o;
    }

    // ---------------------------------------------------------------------------------------
    // Roots.

    /**
     * The root for a guest with P = 1 running on page directory {@code guestPtbr} in the given
     * role, built empty when missing. Makes room first, so a {@link #fill} that follows never
     * runs out of frames.
     */
    public Root root(int guestPtbr, boolean supervisor) {
        reserve();
        int guestPd = guestPtbr >>> Pte.PAGE_SHIFT;
        int key = guestPd << 1 | (supervisor ? 1 : 0);
        Root r = roots.get(key);
        if (r != null) {
            if (!isActive(r)) {
                counters.count(VmmCounter.ROOT_CACHE_HITS);
            }
        } else {
            counters.count(VmmCounter.ROOT_CACHE_MISSES);
            if (roots.size() >= maxRoots) {
                evictLeastRecentlyUsed();
            }
            r = new Root(guestPd, supervisor, takeFrame());
            roots.put(key, r);
            if (trace) {
                derive(guestPd, new Derived(r, -1));
            }
        }
        r.lastUse = ++clock;
        return r;
    }

    /** The root for a guest with P = 0: guest-linear = guest-physical, the same in both roles. */
    public Root physicalRoot() {
        reserve();
        if (physical == null) {
            physical = new Root(-1, true, takeFrame());
        }
        return physical;
    }

    /** Loads {@code r} into the hardware (a {@code ptbr} change flushes the hardware TLB, so only when it differs). */
    public void activate(Root r) {
        if (hw.ptbr() != r.ptbr()) {
            hw.setPtbr(r.ptbr());
        }
    }

    private void evictLeastRecentlyUsed() {
        Root victim = null;
        int active = hw.ptbr();
        for (Root r : roots.values()) {
            if (r.ptbr() != active && (victim == null || r.lastUse < victim.lastUse)) {
                victim = r;
            }
        }
        if (victim != null) {
            dropRoot(victim);
        }
    }

    /** Guarantees frames for one root and one table, zapping every shadow when the budget is spent. */
    private void reserve() {
        if (framesHeld + 2 > frameBudget || pool.available() < 2) {
            zapAll();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Fill.

    /**
     * Enters a translation in a root after a hidden fault: linear page of {@code la} to guest
     * frame {@code gfn}.
     *
     * @param guestWritable the guest allows writes and its D is set
     * @param guestTableGfn the guest page-table frame the translation came from (-1 under P = 0)
     */
    public void fill(Root r, int la, int gfn, boolean guestWritable, int guestTableGfn) {
        if (trace) {
            resetFlood(r.guestPd);
            resetFlood(guestTableGfn);
        }
        int d = Pte.directoryIndex(la);
        int t = r.tables[d];
        if (t == 0) {
            t = takeFrame();
            r.tables[d] = t;
            r.tableGfn[d] = guestTableGfn;
            hw.writePhysical(r.ptbr() + d, t << Pte.PAGE_SHIFT | SPDE_BITS);
            if (trace && guestTableGfn >= 0) {
                derive(guestTableGfn, new Derived(r, d));
            }
        }
        boolean writable = guestWritable && !(trace && traced(gfn));
        int at = t << Pte.PAGE_SHIFT | Pte.tableIndex(la);
        int old = hw.readPhysical(at);
        forget(old);
        hw.writePhysical(at, gmap.hfn(gfn) << Pte.PAGE_SHIFT | SPTE_BASE | (writable ? Pte.W | Pte.D : 0));
        if (writable) {
            writableMappings[gfn]++;
        }
        if ((old & Pte.P) != 0 && isActive(r)) {
            hw.invalidatePage(la);
        }
    }

    /** Whether a guest frame holds a guest page table or directory that a shadow was derived from. */
    public boolean traced(int gfn) {
        List<Derived> list = derived.get(gfn);
        return list != null && !list.isEmpty();
    }

    // ---------------------------------------------------------------------------------------
    // Drop and sync.

    /** Guest {@code invlpg}: drops the translation of {@code la} from every root of a paging guest. */
    public void invalidate(int la) {
        for (Root r : roots.values()) {
            dropEntry(r, la);
        }
    }

    /** Guest {@code tlbflush} or {@code mtcr ptbr} under shadow-vtlb: drops every root of a paging guest. */
    public void dropAll() {
        for (Root r : List.copyOf(roots.values())) {
            dropRoot(r);
        }
    }

    /** Drops every shadow, the physical root included: the frame budget ran out. */
    public void zapAll() {
        counters.count(VmmCounter.SHADOW_ZAPS);
        dropAll();
        if (physical != null) {
            dropRootPages(physical);
            physical = null;
        }
    }

    /**
     * Shadow-trace: the guest wrote word {@code gpa}, which lies in a traced frame. Every shadow
     * entry derived from that word is dropped, to be refilled by the next hidden fault.
     */
    public void guestWrote(int gpa) {
        int gfn = gpa >>> Pte.PAGE_SHIFT;
        List<Derived> list = derived.get(gfn);
        if (list == null) {
            return;
        }
        if (++floodWrites[gfn] >= WRITE_FLOOD) {
            unshadow(gfn);
            return;
        }
        int index = gpa & (Pte.PAGE_WORDS - 1);
        for (Derived dv : List.copyOf(list)) {
            if (dv.root().dead) {
                continue;
            }
            counters.count(VmmCounter.SYNCS);
            if (observer != null) {
                observer.synced(gpa, dv.directoryIndex() < 0);
            }
            if (dv.directoryIndex() < 0) {
                dropTable(dv.root(), index);
            } else {
                dropEntry(dv.root(), dv.directoryIndex() << 20 | index << Pte.PAGE_SHIFT);
            }
        }
    }

    /**
     * Drops every shadow page derived from guest frame {@code gfn}, so it is traced no more and
     * the guest's further writes to it run at native speed; a later walk through it derives it
     * (and write-protects it) again.
     */
    private void unshadow(int gfn) {
        counters.count(VmmCounter.UNSHADOWED);
        floodWrites[gfn] = 0;
        for (Derived dv : List.copyOf(derived.get(gfn))) {
            if (dv.root().dead) {
                continue;
            }
            if (dv.directoryIndex() < 0) {
                dropRoot(dv.root());
            } else {
                dropTable(dv.root(), dv.directoryIndex());
            }
        }
    }

    private void resetFlood(int gfn) {
        if (gfn >= 0 && gfn < floodWrites.length) {
            floodWrites[gfn] = 0;
        }
    }

    private void dropEntry(Root r, int la) {
        int t = r.tables[Pte.directoryIndex(la)];
        if (t == 0) {
            return;
        }
        int at = t << Pte.PAGE_SHIFT | Pte.tableIndex(la);
        int old = hw.readPhysical(at);
        if ((old & Pte.P) != 0) {
            forget(old);
            hw.writePhysical(at, 0);
            if (isActive(r)) {
                hw.invalidatePage(la);
            }
        }
    }

    private void dropTable(Root r, int d) {
        int t = r.tables[d];
        if (t == 0) {
            return;
        }
        for (int j = 0; j < Pte.PAGE_WORDS; j++) {
            int at = t << Pte.PAGE_SHIFT | j;
            int old = hw.readPhysical(at);
            if (old != 0) {
                forget(old);
                hw.writePhysical(at, 0);
            }
        }
        hw.writePhysical(r.ptbr() + d, 0);
        r.tables[d] = 0;
        if (trace && r.tableGfn[d] >= 0) {
            undrive(r.tableGfn[d], r, d);
        }
        giveFrame(t);
        if (isActive(r)) {
            hw.flushTlb();
        }
    }

    private void dropRoot(Root r) {
        roots.remove(r.guestPd << 1 | (r.supervisor ? 1 : 0));
        if (trace) {
            undrive(r.guestPd, r, -1);
        }
        dropRootPages(r);
    }

    private void dropRootPages(Root r) {
        for (int d = 0; d < 1024; d++) {
            dropTable(r, d);
        }
        if (isActive(r)) {
            // Never leave the hardware on a freed frame: host frame 0 (the VMM's, all zero) maps
            // nothing until the next activate, and the ptbr write flushes the hardware TLB.
            hw.setPtbr(0);
        }
        r.dead = true;
        giveFrame(r.frame);
    }

    /** Accounts a shadow PTE that is going away. */
    private void forget(int spte) {
        if ((spte & Pte.P) != 0 && (spte & Pte.W) != 0) {
            int gfn = gfnOfHostFrame[spte >>> Pte.PAGE_SHIFT];
            if (gfn >= 0) {
                writableMappings[gfn]--;
            }
        }
    }

    private boolean isActive(Root r) {
        return hw.ptbr() == r.ptbr();
    }

    // ---------------------------------------------------------------------------------------
    // Tracing.

    private void derive(int gfn, Derived dv) {
        if (gfn < 0 || gfn >= gmap.frames()) {
            return; // a table outside guest memory: every walk through it faults, nothing to protect
        }
        List<Derived> list = derived.get(gfn);
        if (list == null) {
            list = new ArrayList<>(2);
            derived.put(gfn, list);
        }
        list.add(dv);
        if (writableMappings[gfn] > 0) {
            writeProtect(gfn);
        }
    }

    private void undrive(int gfn, Root r, int d) {
        List<Derived> list = derived.get(gfn);
        if (list != null) {
            list.removeIf(dv -> dv.root() == r && dv.directoryIndex() == d);
            if (list.isEmpty()) {
                derived.remove(gfn);
            }
        }
    }

    /** Clears W in every shadow PTE that maps guest frame {@code gfn}, so guest writes to it exit. */
    private void writeProtect(int gfn) {
        int target = gmap.hfn(gfn);
        boolean flush = false;
        List<Root> all = new ArrayList<>(roots.values());
        if (physical != null) {
            all.add(physical);
        }
        for (Root r : all) {
            for (int d = 0; d < 1024 && writableMappings[gfn] > 0; d++) {
                int t = r.tables[d];
                if (t == 0) {
                    continue;
                }
                for (int j = 0; j < Pte.PAGE_WORDS; j++) {
                    int at = t << Pte.PAGE_SHIFT | j;
                    int spte = hw.readPhysical(at);
                    if ((spte & Pte.W) != 0 && (spte & Pte.P) != 0 && spte >>> Pte.PAGE_SHIFT == target) {
                        hw.writePhysical(at, spte & ~(Pte.W | Pte.D));
                        writableMappings[gfn]--;
                        flush |= isActive(r);
                    }
                }
            }
        }
        counters.count(VmmCounter.WRITE_PROTECTS);
        if (flush) {
            hw.flushTlb();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Frames.

    private int takeFrame() {
        int f = pool.take();
        if (f < 0) {
            throw new IllegalStateException("host frame pool exhausted");
        }
        int base = f << Pte.PAGE_SHIFT;
        for (int i = 0; i < Pte.PAGE_WORDS; i++) {
            hw.writePhysical(base + i, 0);
        }
        framesHeld++;
        counters.count(VmmCounter.SHADOW_PAGES_BUILT);
        return f;
    }

    private void giveFrame(int f) {
        pool.give(f);
        framesHeld--;
        counters.count(VmmCounter.SHADOW_PAGES_DROPPED);
        if (observer != null) {
            observer.dropped(f);
        }
    }

    /**
     * The shadow entries for linear address {@code la} in {@code r}, for an observer: the shadow
     * page-directory entry and, when it is present, the shadow PTE (0 when absent).
     */
    public int[] entries(Root r, int la) {
        int spde = hw.readPhysical(r.ptbr() + Pte.directoryIndex(la));
        int t = r.tables[Pte.directoryIndex(la)];
        int spte = t == 0 ? 0 : hw.readPhysical(t << Pte.PAGE_SHIFT | Pte.tableIndex(la));
        return new int[] {spde, spte};
    }

    /**
     * The root a guest on page directory {@code guestPtbr} in the given role runs on, or null when
     * none is built: {@link #root} without its side effects (it builds a missing root, counts the
     * cache and touches the LRU clock), for an observer such as the debugger's {@code shadow VA}.
     */
    public Root find(int guestPtbr, boolean supervisor) {
        return roots.get((guestPtbr >>> Pte.PAGE_SHIFT) << 1 | (supervisor ? 1 : 0));
    }

    /** The root of a guest with P = 0 when it is built, else null: {@link #physicalRoot} without building it. */
    public Root findPhysicalRoot() {
        return physical;
    }

    /** The root the hardware runs on now, or null when it is none of these shadows. */
    public Root activeRoot() {
        if (physical != null && isActive(physical)) {
            return physical;
        }
        for (Root r : roots.values()) {
            if (isActive(r)) {
                return r;
            }
        }
        return null;
    }

    /** Frames the shadows hold now. */
    public int framesHeld() {
        return framesHeld;
    }
}
