package shadowvisor.run;

import shadowvisor.mode.ModeStack;
import shadowvisor.result.RunReport;
import shadowvisor.result.VmmLevel;

import java.util.ArrayList;
import java.util.List;
import shadowvisor.vmm.TrapAndEmulateVmm;
import shadowvisor.vmm.Vm;

/**
 * A run under a VMM, or a stack of them (spec 7.6), built and booted but not started
 * ({@link Runner#prepare}): the innermost VMM, whose VMs are the guests, one per program in
 * command-line order, and below it the VM that each outer level runs the level inside in. {@code
 * run} starts it with {@code vmm().run()}; a debugger drives each guest as a machine of its own
 * instead ({@link TrapAndEmulateVmm#asMachine}).
 *
 * @param stack    the mode, its levels innermost first
 * @param vmm      the innermost VMM, the one the guests meet
 * @param guests   the guests' VMs, VM 1 first
 * @param levelVms the one VM of each outer level, index {@code i} for level {@code i + 2} (the
 *                 level below the innermost first); empty for a VMM alone
 */
public record PreparedRun(ModeStack stack, TrapAndEmulateVmm vmm, List<Vm> guests, List<Vm> levelVms) {
    public PreparedRun {
        guests = List.copyOf(guests);
        levelVms = List.copyOf(levelVms);
    }

    /**
     * The counters of every level for guest {@code guest} (spec 7.6, {@code vmm.levels}),
     * innermost first: that guest's VM, then the one VM of each level below.
     */
    public List<VmmLevel> levels(Vm guest) {
        List<VmmLevel> levels = new ArrayList<>();
        levels.add(new VmmLevel(stack.innermost(), guest.counters()));
        for (int i = 0; i < levelVms.size(); i++) {
            levels.add(new VmmLevel(stack.level(i + 1), levelVms.get(i).counters()));
        }
        return levels;
    }

    /**
     * One report per guest after every guest has ended: the innermost VMM's, and under a stack
     * named by the stack and carrying every level's counters.
     */
    public List<RunReport> reports() {
        List<RunReport> reports = vmm.reports();
        if (!stack.stacked()) {
            return reports;
        }
        List<RunReport> stacked = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            stacked.add(reports.get(i).withStack(stack, levels(guests.get(i))));
        }
        return stacked;
    }
}
