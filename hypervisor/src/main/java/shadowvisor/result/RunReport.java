package shadowvisor.result;

import shadowvisor.mode.ModeStack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.result.VmmCounters;

/**
 * The outcome of one guest run, in any mode: everything {@code --json} reports (spec section 9)
 * and everything equivalence compares (section 7.1). {@link #differences} names the keys on
 * which two runs differ, which is how every equivalence test and {@code compare} decide.
 *
 * @param mode         the mode's command-line name (a stack's, {@code segment/segment}, under a stack)
 * @param profile      the name of the profile the machine ran (spec section 8)
 * @param exitKind     how the run ended
 * @param powerValue   the full 32-bit power-off value (meaningful only for POWEROFF)
 * @param reason       why a shutdown happened, or null
 * @param console      console output bytes
 * @param instructions retired guest instructions
 * @param traps        traps delivered to the guest's own handler, indexed by cause code
 * @param vmm          the VMM's counters, or null for native (under a stack, the innermost VMM's)
 * @param tlb          hardware TLB counters while the guest ran
 * @param registers    the 16 final registers
 * @param psw          the final PSW (the vPSW under a VMM)
 * @param memoryWords  guest-physical memory size
 * @param memorySha256 SHA-256 of the final guest-physical memory, words little-endian
 * @param hostNanos    host time the run took (not compared)
 * @param levels       under a stack of VMMs (spec 7.6), every level from the innermost (whose
 *                     counters are {@code vmm}) to the outermost; empty for native and a VMM alone
 * @param timeline     the run's costs sampled over guest time (not compared; empty when not sampled)
 */
public record RunReport(String mode, String profile, ExitKind exitKind, int powerValue, String reason,
                        byte[] console, long instructions, long[] traps, VmmCounters vmm, TlbStats tlb,
                        int[] registers, Psw psw, int memoryWords, String memorySha256, long hostNanos,
                        List<VmmLevel> levels, Timeline timeline) {

    public RunReport {
        levels = List.copyOf(levels);
    }

    /** A report of a run on the bare machine or under one VMM: no levels. */
    public RunReport(String mode, String profile, ExitKind exitKind, int powerValue, String reason, byte[] console,
                     long instructions, long[] traps, VmmCounters vmm, TlbStats tlb, int[] registers, Psw psw,
                     int memoryWords, String memorySha256, long hostNanos) {
        this(mode, profile, exitKind, powerValue, reason, console, instructions, traps, vmm, tlb, registers, psw,
                memoryWords, memorySha256, hostNanos, List.of(), new Timeline());
    }

    /** This report with {@code samples} as its timeline. */
    public RunReport withTimeline(Timeline samples) {
        return new RunReport(mode, profile, exitKind, powerValue, reason, console, instructions, traps, vmm, tlb,
                registers, psw, memoryWords, memorySha256, hostNanos, levels, samples);
    }

    /**
     * This report, which its innermost VMM made, as the report of the stack {@code stack} whose
     * levels, innermost first, are {@code stackLevels}.
     */
    public RunReport withStack(ModeStack stack, List<VmmLevel> stackLevels) {
        return new RunReport(stack.cliName(), profile, exitKind, powerValue, reason, console, instructions, traps, vmm,
                tlb, registers, psw, memoryWords, memorySha256, hostNanos, stackLevels, timeline);
    }

    /** The process exit status of this run (spec section 9). */
    public int status() {
        return exitKind.status(powerValue);
    }

    /** The console bytes as text, one character per byte (Latin-1), as {@code --json} writes it. */
    public String consoleText() {
        return new String(console, StandardCharsets.ISO_8859_1);
    }

    /** Traps delivered for a cause. */
    public long traps(TrapCause cause) {
        return traps[cause.code()];
    }

    /**
     * The keys of spec section 7.1 on which this run and {@code other} differ: exit (kind,
     * status, value, and the reason's presence), console, instructions, traps, registers, psw,
     * memory. Empty when the runs are equivalent. The profile is not one of them: it is what a
     * comparison holds fixed, not what it observes.
     */
    public List<String> differences(RunReport other) {
        List<String> d = new ArrayList<>();
        if (exitKind != other.exitKind || status() != other.status()
                || (exitKind == ExitKind.POWEROFF && powerValue != other.powerValue)) {
            d.add("exit");
        }
        if (!Arrays.equals(console, other.console)) {
            d.add("console");
        }
        if (instructions != other.instructions) {
            d.add("instructions");
        }
        if (!Arrays.equals(traps, other.traps)) {
            d.add("traps");
        }
        if (!Arrays.equals(registers, other.registers)) {
            d.add("registers");
        }
        if (!Objects.equals(psw, other.psw)) {
            d.add("psw");
        }
        if (memoryWords != other.memoryWords || !Objects.equals(memorySha256, other.memorySha256)) {
            d.add("memory");
        }
        return d;
    }
}
