package shadowvisor.debug;

import java.util.Set;
import shadowvisor.machine.TrapCause;
import shadowvisor.vmm.VmmEvent;

/**
 * What makes a running guest stop, numbered in one sequence as gdb numbers its breakpoints and
 * watchpoints ({@code info break}, {@code delete N}): an instruction address, a changing word, or
 * a kind of VMM decision.
 */
public sealed interface Breakpoint permits Breakpoint.Code, Breakpoint.Watch, Breakpoint.OnEvent {
    /** The number the user deletes it by. */
    int id();

    /**
     * Stops before the instruction at guest-virtual address {@code pc} executes: the guest's PC,
     * in whatever segment and address space it runs, equals {@code pc}.
     */
    record Code(int id, int pc) implements Breakpoint {
    }

    /** Stops after the instruction (or trap delivery) that changed the guest-physical word at {@code gpa}. */
    record Watch(int id, int gpa) implements Breakpoint {
    }

    /**
     * Stops at the VMM's next decision point after an event of one of {@code kinds}; with
     * {@code fromExit}, only an event taken while handling a hardware exit, and with a
     * {@code cause}, only one whose exit had that cause (the event line's {@code exit=}).
     *
     * @param spelled how the user asked for it ({@code hidden}, {@code exit PAGE}), for listings
     */
    record OnEvent(int id, Set<VmmEvent.Kind> kinds, boolean fromExit, TrapCause cause, String spelled)
            implements Breakpoint {
        public OnEvent {
            kinds = Set.copyOf(kinds);
        }

        /** Whether {@code e} is one this breakpoint stops at. */
        public boolean matches(VmmEvent e) {
            if (!kinds.contains(e.kind()) || (fromExit && !e.fromExit())) {
                return false;
            }
            return cause == null || e.exitCause() == cause.code();
        }
    }
}
