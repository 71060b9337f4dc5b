package shadowvisor.debug;

import shadowvisor.machine.ExitKind;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.cpu.Cpu;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.memory.PhysicalView;
import shadowvisor.machine.paging.Tlb;

/**
 * The guest on the bare machine ({@code --mode native}): a booted {@link Cpu} that the debugger
 * runs in pieces. Cutting a run is invisible to the guest ({@link Cpu#run} stops before any
 * pending tick, and the next run delivers it first), so a guest stepped here ends exactly as
 * {@code run} would end it. The instruction limit ends the guest when a run is asked for beyond
 * it, as it ends a VM at the dispatcher's next decision, so that both stop at the same point.
 */
public final class NativeTarget implements DebugTarget {
    private final Cpu cpu;
    private final long limit;
    private GuestEnd end;

    /**
     * @param cpu   the machine, booted ({@code NativeRunner.boot})
     * @param limit retired instructions after which the guest ends with exit kind limit
     */
    public NativeTarget(Cpu cpu, long limit) {
        this.cpu = cpu;
        this.limit = limit;
    }

    /** The machine itself. */
    public Cpu cpu() {
        return cpu;
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public long retired() {
        return cpu.retired();
    }

    @Override
    public RunOutcome run(long budget, boolean stopAtDelivery) {
        if (end != null) {
            return RunOutcome.ENDED;
        }
        long left = limit - cpu.retired();
        if (left <= 0) {
            end = new GuestEnd(ExitKind.LIMIT, 0, null);
            return RunOutcome.ENDED;
        }
        cpu.setStopAfterDelivery(stopAtDelivery);
        int exit = cpu.run(Math.min(budget, left));
        cpu.setStopAfterDelivery(false);
        switch (exit) {
            case Machine.EXIT_BUDGET -> {
                return RunOutcome.BUDGET;
            }
            case Machine.EXIT_DELIVERED -> {
                return RunOutcome.DELIVERED;
            }
            case Machine.EXIT_HALT -> end = new GuestEnd(ExitKind.HALT, 0, null);
            case Machine.EXIT_POWEROFF -> end = new GuestEnd(ExitKind.POWEROFF, cpu.devices().powerValue(), null);
            case Machine.EXIT_SHUTDOWN -> end = new GuestEnd(ExitKind.SHUTDOWN, 0, cpu.shutdownReason());
            default -> throw new IllegalStateException("the bare machine exited with code " + exit);
        }
        cpu.devices().console().flush();
        return RunOutcome.ENDED;
    }

    @Override
    public void requestStop() {
        // No VMM, no decision points: natively nothing but the budget and a delivery stops a run.
    }

    @Override
    public GuestEnd end() {
        return end;
    }

    @Override
    public int register(int index) {
        return cpu.register(index);
    }

    @Override
    public Psw psw() {
        return cpu.psw();
    }

    @Override
    public int ptbr() {
        return cpu.ptbr();
    }

    @Override
    public int timer() {
        return cpu.timer();
    }

    @Override
    public boolean tickPending() {
        return cpu.tickPending();
    }

    @Override
    public PhysicalView memory() {
        return cpu.memory();
    }

    @Override
    public Profile profile() {
        return cpu.profile();
    }

    @Override
    public long[] traps() {
        return cpu.trapCounts();
    }

    @Override
    public Console console() {
        return cpu.devices().console();
    }

    @Override
    public Tlb hardwareTlb() {
        return cpu.tlb();
    }
}
