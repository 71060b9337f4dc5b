package shadowvisor.debug;

import shadowvisor.vmm.VmmEvent;

/** Why {@link Debugger#step} or {@link Debugger#resume} gave control back to the user. */
public sealed interface Stop permits Stop.Stepped, Stop.AtBreakpoint, Stop.WatchChanged, Stop.AtEvent, Stop.Ended,
        Stop.Interrupted {

    /**
     * Every step asked for was taken.
     *
     * @param steps     the steps taken: instructions retired and traps delivered
     * @param delivered whether the last step was a trap delivered into the guest's handler
     */
    record Stepped(long steps, boolean delivered) implements Stop {
    }

    /** The guest's PC reached a code breakpoint; the instruction there has not executed. */
    record AtBreakpoint(Breakpoint.Code breakpoint) implements Stop {
    }

    /** A watched word changed in the last step. */
    record WatchChanged(Breakpoint.Watch watch, int oldValue, int newValue) implements Stop {
    }

    /** A VMM event the breakpoint asks for happened; the VMM finished handling its exit. */
    record AtEvent(Breakpoint.OnEvent breakpoint, VmmEvent event) implements Stop {
    }

    /** The guest ended (power-off, halt, shutdown, or the instruction limit). */
    record Ended(GuestEnd end) implements Stop {
    }

    /** The user interrupted a long run (Ctrl-C). */
    record Interrupted() implements Stop {
    }
}
