package shadowvisor.debug;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.image.Image;
import shadowvisor.run.NativeRunner;
import shadowvisor.run.PreparedRun;
import shadowvisor.run.RunOptions;
import shadowvisor.run.Runner;
import shadowvisor.vmm.TrapAndEmulateVmm;
import shadowvisor.vmm.Vm;
import shadowvisor.vmm.VmmEvent;

/**
 * One debugging session (the engine of {@code shadowvisor debug}): the guests of a run, booted
 * and stopped before their first instruction, one of them selected; its breakpoints; and the log
 * of every VMM event. It runs the selected guest only (the others wait, as with gdb's scheduler
 * locking), in one of two ways:
 *
 * <ul>
 *   <li><b>Stepping</b> ({@link #step}): a step is one guest instruction retired (emulated and
 *   interpreted ones too) or one trap delivered into the guest's handler, whichever comes first,
 *   so that stepping a trapping instruction stops at its handler's first instruction, natively
 *   and under every VMM alike.</li>
 *   <li><b>Continuing</b> ({@link #resume}): until a breakpoint, a watch, an event breakpoint or
 *   the guest's end. With no code breakpoint and no watch the guest runs in large pieces, as fast
 *   as {@code run}; with one, it runs step by step and the PC and the watched words are checked
 *   between steps (which is also why a breakpoint on a handler's first instruction is hit).</li>
 * </ul>
 *
 * An event breakpoint needs no stepping: the VMM tells the session of each decision, and the
 * session asks it to stop at its next decision point.
 */
public final class Debugger {
    /** Guest instructions per run while nothing needs checking between steps. */
    static final long PIECE = 1L << 20;
    /** VMM events kept for {@code events N}. */
    public static final int EVENT_LOG_CAPACITY = 10_000;

    private final List<DebugTarget> targets = new ArrayList<>();
    private final EventLog events = new EventLog(EVENT_LOG_CAPACITY);
    private final List<Breakpoint> breakpoints = new ArrayList<>();
    private PreparedRun prepared;
    private int selected;
    private int nextId = 1;

    /** The guest running now, which hears the VMM's events; null between runs. */
    private DebugTarget running;
    /** The first event breakpoint hit during the current run, and its event. */
    private Breakpoint.OnEvent eventHit;
    private VmmEvent hitEvent;
    private volatile boolean interrupted;

    private Debugger() {
    }

    /**
     * Boots {@code images} as {@code run} would in the options' mode (natively exactly one; under
     * a VMM or a stack, one VM each) and stops before the first instruction.
     *
     * @throws IllegalArgumentException for a usage error, with a one-line reason
     */
    public static Debugger start(List<Image> images, RunOptions options) {
        Debugger d = new Debugger();
        if (!options.mode().virtualized()) {
            if (images.size() != 1) {
                throw new IllegalArgumentException("mode native runs exactly one program, got " + images.size()
                        + "; debug several as VMs with --mode segment");
            }
            d.targets.add(new NativeTarget(NativeRunner.boot(images.get(0), options), options.maxInstructions()));
        } else {
            d.prepared = Runner.prepare(images, options.withEvents(d::heard), TrapAndEmulateVmm.DEFAULT_SLICE);
            for (Vm vm : d.prepared.guests()) {
                d.targets.add(new VmTarget(d.prepared, vm));
            }
        }
        return d;
    }

    // ---------------------------------------------------------------------------------------
    // The guests.

    /** Every guest, VM 1 first (one natively). */
    public List<DebugTarget> targets() {
        return List.copyOf(targets);
    }

    /** The guest that runs and is looked at. */
    public DebugTarget target() {
        return targets.get(selected);
    }

    /** Whether the guests run under a VMM (then they have events, counters and a hardware below them). */
    public boolean virtualized() {
        return prepared != null;
    }

    /** The VMMs and VMs of the run, or null natively. */
    public PreparedRun preparedRun() {
        return prepared;
    }

    /**
     * Selects VM {@code number} (1 for the first program).
     *
     * @throws IllegalArgumentException when there is no such VM
     */
    public DebugTarget select(int number) {
        if (number < 1 || number > targets.size()) {
            throw new IllegalArgumentException(targets.size() == 1 ? "there is only one guest, "
                    + targets.get(0).name() : "no vm" + number + ": the VMs are vm1 to vm" + targets.size());
        }
        selected = number - 1;
        return target();
    }

    // ---------------------------------------------------------------------------------------
    // Breakpoints.

    /** Every breakpoint, in the order they were set. */
    public List<Breakpoint> breakpoints() {
        return List.copyOf(breakpoints);
    }

    /** Stops before the instruction at guest-virtual address {@code pc}. */
    public Breakpoint.Code breakAt(int pc) {
        return add(new Breakpoint.Code(nextId++, pc));
    }

    /**
     * Stops when the guest-physical word {@code gpa} changes.
     *
     * @throws IllegalArgumentException when {@code gpa} lies beyond the guest's memory
     */
    public Breakpoint.Watch watch(int gpa) {
        int size = target().memory().size();
        if (Integer.compareUnsigned(gpa, size) >= 0) {
            throw new IllegalArgumentException(String.format("0x%08x lies beyond the guest's %d words of memory",
                    gpa, size));
        }
        return add(new Breakpoint.Watch(nextId++, gpa));
    }

    /**
     * Stops at the VMM's next decision point after an event of one of {@code kinds}, taken while
     * handling an exit when {@code fromExit}, of exit cause {@code cause} when not null.
     *
     * @throws IllegalArgumentException natively, where there is no VMM and so no event
     */
    public Breakpoint.OnEvent breakOnEvent(Set<VmmEvent.Kind> kinds, boolean fromExit, TrapCause cause,
                                           String spelled) {
        if (!virtualized()) {
            throw new IllegalArgumentException("mode native has no VMM, so no VMM events to break on");
        }
        return add(new Breakpoint.OnEvent(nextId++, kinds, fromExit, cause, spelled));
    }

    private <B extends Breakpoint> B add(B b) {
        breakpoints.add(b);
        return b;
    }

    /** Deletes breakpoint {@code id}; false when there is none. */
    public boolean delete(int id) {
        return breakpoints.removeIf(b -> b.id() == id);
    }

    /** Deletes every breakpoint. */
    public void deleteAll() {
        breakpoints.clear();
    }

    // ---------------------------------------------------------------------------------------
    // Running.

    /**
     * Takes up to {@code n} steps of the selected guest (see the class comment), stopping early
     * at a code breakpoint reached after the first step, a watched word that changed, an event
     * breakpoint, the guest's end, or {@link #interrupt}.
     *
     * @throws IllegalStateException when the guest has already ended
     */
    public Stop step(long n) {
        DebugTarget t = runnable();
        Map<Breakpoint.Watch, Integer> watched = watchedValues(t);
        boolean checkEachStep = !watched.isEmpty() || hasCodeBreakpoints();
        long done = 0;
        boolean delivered = false;
        while (done < n) {
            if (done > 0) {
                Breakpoint.Code b = codeBreakpointAt(t.psw().pc());
                if (b != null) {
                    return new Stop.AtBreakpoint(b);
                }
            }
            long before = t.retired();
            RunOutcome outcome = runPiece(t, checkEachStep ? 1 : Math.min(n - done, PIECE), true);
            delivered = outcome == RunOutcome.DELIVERED;
            done += t.retired() - before + (delivered ? 1 : 0);
            Stop stop = stopAfter(t, watched);
            if (stop != null) {
                return stop;
            }
        }
        return new Stop.Stepped(done, delivered);
    }

    /**
     * Runs the selected guest until a code breakpoint (not the one it stands on), a watched word
     * changes, an event breakpoint, the guest's end, or {@link #interrupt}.
     *
     * @throws IllegalStateException when the guest has already ended
     */
    public Stop resume() {
        DebugTarget t = runnable();
        Map<Breakpoint.Watch, Integer> watched = watchedValues(t);
        boolean checkEachStep = !watched.isEmpty() || hasCodeBreakpoints();
        for (boolean first = true;; first = false) {
            if (!first) {
                Breakpoint.Code b = codeBreakpointAt(t.psw().pc());
                if (b != null) {
                    return new Stop.AtBreakpoint(b);
                }
            }
            // Step by step, a delivery is a step of its own: a breakpoint on a handler's first
            // instruction is then seen before that instruction runs.
            runPiece(t, checkEachStep ? 1 : PIECE, checkEachStep);
            Stop stop = stopAfter(t, watched);
            if (stop != null) {
                return stop;
            }
        }
    }

    /**
     * Asks a {@link #resume} or {@link #step} in progress to stop after its current piece (from
     * another thread: a terminal's Ctrl-C).
     */
    public void interrupt() {
        interrupted = true;
    }

    private DebugTarget runnable() {
        DebugTarget t = target();
        GuestEnd end = t.end();
        if (end != null) {
            throw new IllegalStateException(t.name() + " has ended (" + end.kind().jsonName() + ", status "
                    + end.status() + "): there is nothing left to run");
        }
        interrupted = false;
        return t;
    }

    private RunOutcome runPiece(DebugTarget t, long budget, boolean stopAtDelivery) {
        eventHit = null;
        hitEvent = null;
        running = t;
        try {
            return t.run(budget, stopAtDelivery);
        } finally {
            running = null;
            t.console().flush();
        }
    }

    /** Why the last piece must be the last, or null: a watch, an event breakpoint, the end, an interrupt. */
    private Stop stopAfter(DebugTarget t, Map<Breakpoint.Watch, Integer> watched) {
        for (Map.Entry<Breakpoint.Watch, Integer> w : watched.entrySet()) {
            int now = t.memory().read(w.getKey().gpa());
            int before = w.getValue();
            if (now != before) {
                w.setValue(now);
                return new Stop.WatchChanged(w.getKey(), before, now);
            }
        }
        if (eventHit != null) {
            return new Stop.AtEvent(eventHit, hitEvent);
        }
        GuestEnd end = t.end();
        if (end != null) {
            return new Stop.Ended(end);
        }
        return interrupted ? new Stop.Interrupted() : null;
    }

    private Map<Breakpoint.Watch, Integer> watchedValues(DebugTarget t) {
        Map<Breakpoint.Watch, Integer> values = new LinkedHashMap<>();
        for (Breakpoint b : breakpoints) {
            if (b instanceof Breakpoint.Watch w) {
                values.put(w, t.memory().read(w.gpa()));
            }
        }
        return values;
    }

    private boolean hasCodeBreakpoints() {
        return breakpoints.stream().anyMatch(b -> b instanceof Breakpoint.Code);
    }

    private Breakpoint.Code codeBreakpointAt(int pc) {
        for (Breakpoint b : breakpoints) {
            if (b instanceof Breakpoint.Code c && c.pc() == pc) {
                return c;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // Events.

    /** The VMM events of the session (all levels, all VMs), the last {@link #EVENT_LOG_CAPACITY} kept. */
    public EventLog events() {
        return events;
    }

    /** Every decision of every level's VMM comes here while a guest runs. */
    private void heard(VmmEvent e) {
        events.record(e);
        DebugTarget t = running;
        if (t == null) {
            return;
        }
        if (t instanceof VmTarget vm) {
            vm.heard(e);
        }
        if (eventHit == null) {
            for (Breakpoint b : breakpoints) {
                if (b instanceof Breakpoint.OnEvent on && on.matches(e)) {
                    eventHit = on;
                    hitEvent = e;
                    t.requestStop();
                    break;
                }
            }
        }
    }
}
