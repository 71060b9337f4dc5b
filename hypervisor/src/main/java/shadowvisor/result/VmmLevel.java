package shadowvisor.result;

import shadowvisor.mode.Mode;

import shadowvisor.result.VmmCounters;

/**
 * One level of a stacked run (spec 7.6) as {@code vmm.levels} reports it: the level's VMM kind
 * and that VMM's counters for the VM it ran. Level 0 is the innermost, whose counters are the
 * report's {@code vmm}; every outer level ran one VM, the machine of the level inside.
 *
 * @param mode     the level's VMM kind
 * @param counters what that VMM did: its exits, emulations, reflections and own figures
 */
public record VmmLevel(Mode mode, VmmCounters counters) {
}
