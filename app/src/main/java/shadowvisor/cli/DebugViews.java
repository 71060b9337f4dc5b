package shadowvisor.cli;

import java.util.ArrayList;
import java.util.List;
import shadowvisor.debug.Breakpoint;
import shadowvisor.debug.DebugTarget;
import shadowvisor.debug.GuestEnd;
import shadowvisor.debug.GuestTranslation;
import shadowvisor.debug.ShadowProbe;
import shadowvisor.debug.Stop;
import shadowvisor.debug.VmTarget;
import shadowvisor.machine.Fault;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.paging.Pte;
import shadowvisor.machine.paging.Tlb;
import shadowvisor.result.TlbStats;
import shadowvisor.result.VmmLevel;
import shadowvisor.vmm.VmmEvent;

/**
 * What {@code shadowvisor debug} prints, as lines for people: the next instruction, registers,
 * the PSW beside the hardware's, memory with disassembly and labels, a page walk, a shadow
 * entry, the TLB, counters, breakpoints, and why a run stopped. Instructions are spelled as
 * {@code run --trace} spells them ({@link TraceFormatter}), words and addresses in 8-digit hex.
 * Reading never changes the guest: memory is read through {@link GuestTranslation}, which sets
 * no A or D bit.
 */
final class DebugViews {
    private DebugViews() {
    }

    /** The instruction the guest executes next, gdb's {@code =>} line. */
    static String location(DebugTarget t, DebugSymbols symbols) {
        Psw psw = t.psw();
        int pc = psw.pc();
        String where = String.format("(%s, %s, retired %d)", t.name(), psw.supervisor() ? "supervisor" : "user",
                t.retired());
        GuestTranslation fetch = t.translate(pc, TrapCause.ACC_F | (psw.supervisor() ? 0 : TrapCause.ACC_U));
        if (!fetch.ok()) {
            return String.format("=> %s%s  (its fetch faults: %s)  %s", hex(pc), symbols.mark(pc), fault(fetch.fault()),
                    where);
        }
        int word = t.memory().read(fetch.pa());
        return String.format("=> %s%s  %s  %s", hex(pc), symbols.mark(pc), TraceFormatter.format(pc, word), where);
    }

    /** {@code r0}..{@code r15}, four to a line, r14 and r15 by the assembler's names {@code sp} and {@code lr}. */
    static List<String> registers(DebugTarget t) {
        List<String> lines = new ArrayList<>();
        for (int row = 0; row < 4; row++) {
            StringBuilder line = new StringBuilder();
            for (int col = 0; col < 4; col++) {
                int r = row * 4 + col;
                String name = r == 14 ? "sp" : r == 15 ? "lr" : "r" + r;
                line.append(col == 0 ? "" : "  ").append(String.format("%-3s %s", name, hex(t.register(r))));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /**
     * The guest's PSW, decoded, with its {@code ptbr} and timer; under a VMM the vPSW beside the
     * PSW the VMM last loaded into the machine below it (the resume formula's result, spec 7.2
     * and 7.3).
     */
    static List<String> psw(DebugTarget t) {
        if (!(t instanceof VmTarget vm)) {
            TextTable table = new TextTable(List.of("", "PSW"), List.of(TextTable.Align.LEFT, TextTable.Align.LEFT));
            pswRows(table, t.psw(), t.ptbr(), t.timer(), t.tickPending(), null, 0, 0, false);
            return table.lines();
        }
        Machine hw = vm.hardware();
        String below = vm.preparedRun().stack().stacked()
                ? "machine below (a VM of " + vm.preparedRun().stack().level(1).cliName() + ")"
                : "hardware";
        TextTable table = new TextTable(List.of("", t.name() + " (vPSW)", below),
                List.of(TextTable.Align.LEFT, TextTable.Align.LEFT, TextTable.Align.LEFT));
        pswRows(table, t.psw(), t.ptbr(), t.timer(), t.tickPending(), hw.psw(), hw.ptbr(), hw.timer(), hw.tickPending());
        return table.lines();
    }

    private static void pswRows(TextTable table, Psw guest, int ptbr, int timer, boolean pending, Psw hw, int hwPtbr,
                                int hwTimer, boolean hwPending) {
        table.row(cells("M", guest.supervisor() ? "s (supervisor)" : "u (user)",
                hw == null ? null : hw.supervisor() ? "s (supervisor)" : "u (user)"));
        table.row(cells("P", guest.paging() ? "1 (paging)" : "0", hw == null ? null : hw.paging() ? "1 (paging)" : "0"));
        table.row(cells("I", guest.interruptsEnabled() ? "1" : "0", hw == null ? null : hw.interruptsEnabled() ? "1" : "0"));
        table.row(cells("B", hex(guest.b()), hw == null ? null : hex(hw.b())));
        table.row(cells("L", hex(guest.l()), hw == null ? null : hex(hw.l())));
        table.row(cells("PC", hex(guest.pc()), hw == null ? null : hex(hw.pc())));
        table.row(cells("flags", "0x" + Integer.toHexString(guest.flags()),
                hw == null ? null : "0x" + Integer.toHexString(hw.flags())));
        table.row(cells("ptbr", hex(ptbr), hw == null ? null : hex(hwPtbr)));
        table.row(cells("timer", timer(timer, pending), hw == null ? null : timer(hwTimer, hwPending)));
    }

    private static String[] cells(String name, String guest, String hw) {
        return hw == null ? new String[] {name, guest} : new String[] {name, guest, hw};
    }

    private static String timer(int count, boolean pending) {
        return Integer.toUnsignedString(count) + (pending ? " (tick pending)" : "");
    }

    /**
     * {@code n} words from guest-virtual address {@code va}, each translated as the guest would
     * read it now (segment, then its page tables), with its physical address, word, disassembly
     * and label; the listing stops at the first address the guest could not read.
     */
    static List<String> virtualMemory(DebugTarget t, DebugSymbols symbols, int va, int n, String physical) {
        List<String> lines = new ArrayList<>();
        int width = labelWidth(symbols, va, n);
        for (int i = 0; i < n; i++) {
            int a = va + i;
            GuestTranslation tr = t.translate(a);
            if (!tr.ok()) {
                lines.add(String.format("%s%s  the guest cannot read it: %s", hex(a), pad(symbols.mark(a), width),
                        fault(tr.fault())));
                break;
            }
            int word = t.memory().read(tr.pa());
            lines.add(String.format("%s%s  %s %s  %s  %s", hex(a), pad(symbols.mark(a), width), physical, hex(tr.pa()),
                    hex(word), TraceFormatter.format(a, word)));
        }
        return lines;
    }

    /** {@code n} words from physical (guest-physical under a VMM) address {@code pa}. */
    static List<String> physicalMemory(DebugTarget t, DebugSymbols symbols, int pa, int n) {
        List<String> lines = new ArrayList<>();
        int size = t.memory().size();
        int width = labelWidth(symbols, pa, n);
        for (int i = 0; i < n; i++) {
            int a = pa + i;
            if (Integer.compareUnsigned(a, size) >= 0) {
                lines.add(String.format("%s%s  beyond the guest's memory (%d words)", hex(a), pad(symbols.mark(a), width),
                        size));
                break;
            }
            int word = t.memory().read(a);
            lines.add(String.format("%s%s  %s  %s", hex(a), pad(symbols.mark(a), width), hex(word),
                    TraceFormatter.format(a, word)));
        }
        return lines;
    }

    private static int labelWidth(DebugSymbols symbols, int from, int n) {
        int width = 0;
        for (int i = 0; i < n; i++) {
            width = Math.max(width, symbols.mark(from + i).length());
        }
        return width;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    /**
     * The guest's translation of one address step by step (spec section 3): the segment, then
     * with P = 1 the PDE and PTE read, with their bits, and the address or the fault it gives.
     */
    static List<String> walk(DebugTarget t, GuestTranslation tr, String physical) {
        List<String> lines = new ArrayList<>();
        Psw psw = t.psw();
        String mode = psw.supervisor() ? "supervisor" : "user";
        lines.add(String.format("%s in %s (%s mode, B %s, L %s, P %d, ptbr %s)", hex(tr.va()), t.name(), mode,
                hex(psw.b()), hex(psw.l()), psw.paging() ? 1 : 0, hex(t.ptbr())));
        if (tr.kseg()) {
            lines.add("  kseg     the profile's window: no segment, no paging, " + physical + " = va - 0xc0000000");
        } else if (!tr.segmentOk()) {
            lines.add("  segment  va is not below min(L, 2^32 - B): a SEGMENT fault");
        } else {
            lines.add(String.format("  segment  va < L: la = B + va = %s", hex(tr.la())));
            if (!tr.paging()) {
                lines.add("  paging   off (P = 0): " + physical + " = la");
            } else {
                lines.add(String.format("  ptbr     %s (directory index %d, table index %d, offset %d)", hex(tr.ptbr()),
                        Pte.directoryIndex(tr.la()), Pte.tableIndex(tr.la()), Pte.offset(tr.la())));
                if (tr.pdeAddress() >= 0) {
                    lines.add(String.format("  pde      [%s %s] = %s  %s", physical, hex(tr.pdeAddress()), hex(tr.pde()),
                            entry(tr.pde(), false)));
                }
                if (tr.pteAddress() >= 0) {
                    lines.add(String.format("  pte      [%s %s] = %s  %s", physical, hex(tr.pteAddress()), hex(tr.pte()),
                            entry(tr.pte(), true)));
                }
            }
        }
        String kind = (tr.access() & TrapCause.ACC_W) != 0 ? "a write" : (tr.access() & TrapCause.ACC_F) != 0
                ? "a fetch" : "a read";
        String access = kind + " in " + ((tr.access() & TrapCause.ACC_U) != 0 ? "user" : "supervisor") + " mode";
        if (tr.ok()) {
            String rights = tr.paging() && !tr.kseg() ? String.format("; effective rights %s %s",
                    (tr.rights() & Pte.U) != 0 ? "U" : "-", (tr.rights() & Pte.W) != 0 ? "W" : "-") : "";
            lines.add(String.format("  result   %s %s (%s succeeds%s)", physical, hex(tr.pa()), access, rights));
        } else {
            lines.add(String.format("  result   %s faults: %s", access, fault(tr.fault())));
        }
        return lines;
    }

    /** A PDE's or PTE's frame and bits: {@code frame 0x00006000  P W U A D}. */
    static String entry(int e, boolean pte) {
        if ((e & Pte.P) == 0) {
            return "not present";
        }
        return String.format("frame %s  %s %s %s %s%s", hex(Pte.frameAddress(e)), "P", (e & Pte.W) != 0 ? "W" : "-",
                (e & Pte.U) != 0 ? "U" : "-", (e & Pte.A) != 0 ? "A" : "-", pte ? (e & Pte.D) != 0 ? " D" : " -" : "");
    }

    /** The guest's entries for an address beside the shadow's, and the guest-physical to host-physical step. */
    static List<String> shadow(VmTarget t, ShadowProbe p) {
        List<String> lines = new ArrayList<>();
        GuestTranslation g = p.guest();
        String role = p.supervisor() ? "vm-supervisor" : "vm-user";
        lines.add(String.format("%s in %s (%s; guest %s, P %d, ptbr %s)", hex(g.va()), t.name(),
                t.preparedRun().stack().innermost().cliName(), role, g.paging() ? 1 : 0, hex(t.ptbr())));
        if (!g.segmentOk() || g.kseg()) {
            lines.add("  guest    " + (g.kseg() ? "the kseg window bypasses paging: no shadow entry"
                    : "the guest's segment refuses va: no shadow entry is ever used"));
            return lines;
        }
        if (!g.paging()) {
            lines.add(String.format("  guest    P = 0: la %s is the guest-physical address", hex(g.la())));
        } else {
            if (g.pdeAddress() >= 0) {
                lines.add(String.format("  guest    pde  [gpa %s] = %s  %s", hex(g.pdeAddress()), hex(g.pde()),
                        entry(g.pde(), false)));
            }
            if (g.pteAddress() >= 0) {
                lines.add(String.format("           pte  [gpa %s] = %s  %s", hex(g.pteAddress()), hex(g.pte()),
                        entry(g.pte(), true)));
            }
        }
        lines.add(g.ok() ? String.format("           -> gpa %s", hex(g.pa()))
                : "           -> the guest faults: " + fault(g.fault()));
        String key = p.physicalRoot() ? "the physical root (guest P = 0)"
                : String.format("root of (guest ptbr %s, %s)", hex(t.ptbr()), role);
        if (!p.rootBuilt()) {
            lines.add("  shadow   no " + key + " yet: the VM's next resume builds it");
        } else {
            lines.add(String.format("  shadow   %s at hpa %s%s", key, hex(p.rootAddress()),
                    p.active() ? ", the hardware's ptbr now" : ", not the hardware's ptbr now"));
            lines.add(String.format("           spde [hpa %s] = %s  %s", hex(p.spdeAddress()), hex(p.spde()),
                    entry(p.spde(), false)));
            if (p.spteAddress() >= 0) {
                lines.add(String.format("           spte [hpa %s] = %s  %s", hex(p.spteAddress()), hex(p.spte()),
                        entry(p.spte(), true)));
            }
            if (p.mapped()) {
                lines.add(String.format("           -> hpa %s", hex(p.shadowHpa())));
            } else {
                lines.add("           not mapped: the next access takes a " + (g.ok() ? "hidden fault, which fills it"
                        : "fault that is reflected to the guest"));
            }
        }
        if (g.ok()) {
            String agreement = !p.mapped() ? "" : p.shadowHpa() == p.hpa() ? ": the shadow PTE agrees"
                    : String.format(": the shadow PTE maps %s instead (stale until the guest flushes)", hex(p.shadowHpa()));
            lines.add(String.format("  map      gpa %s -> hpa %s (GuestPhysicalMap)%s", hex(g.pa()), hex(p.hpa()),
                    agreement));
        }
        return lines;
    }

    /** The TLB's valid entries: linear page, frame, effective rights and D. */
    static List<String> tlb(Tlb tlb, String whose) {
        List<Tlb.Entry> entries = tlb.entries();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%s: %d entries, %d-way; %d valid", whose, tlb.capacity(), tlb.ways(), entries.size()));
        for (Tlb.Entry e : entries) {
            lines.add(String.format("  la %s -> %s  %s %s %s", hex(e.linearPage() << Pte.PAGE_SHIFT),
                    hex(e.frameAddress()), e.user() ? "U" : "-", e.writable() ? "W" : "-", e.dirty() ? "D" : "-"));
        }
        return lines;
    }

    /** The counters as {@code run} prints them, for the guest so far. */
    static List<String> counters(DebugTarget t) {
        List<String> lines = new ArrayList<>();
        lines.add("   retired      " + t.retired());
        lines.add("   traps        " + orNone(RunSummary.causes(t.traps())));
        TlbStats tlb = TlbStats.of(t.hardwareTlb());
        lines.add("   tlb          hits " + tlb.hits() + ", misses " + tlb.misses() + ", flushes " + tlb.flushes()
                + ", invlpg " + tlb.invlpg() + (t instanceof VmTarget ? " (the hardware's, every VM together)" : ""));
        if (t instanceof VmTarget vm) {
            List<VmmLevel> levels = vm.levels();
            if (levels.size() == 1) {
                lines.add("   vmm          " + RunSummary.vmm(levels.get(0).counters()));
            } else {
                for (int i = 0; i < levels.size(); i++) {
                    lines.add("   vmm level " + (i + 1) + "  " + levels.get(i).mode().cliName() + ": "
                            + RunSummary.vmm(levels.get(i).counters()));
                }
            }
        }
        return lines;
    }

    /** One line per breakpoint: its number, kind and where. */
    static List<String> breakpoints(List<Breakpoint> list, DebugSymbols symbols) {
        List<String> lines = new ArrayList<>();
        for (Breakpoint b : list) {
            lines.add(String.format("%-3d %s", b.id(), describe(b, symbols)));
        }
        return lines;
    }

    static String describe(Breakpoint b, DebugSymbols symbols) {
        if (b instanceof Breakpoint.Code c) {
            return "break  pc " + hex(c.pc()) + symbols.mark(c.pc());
        }
        if (b instanceof Breakpoint.Watch w) {
            return "watch  gpa " + hex(w.gpa()) + symbols.mark(w.gpa());
        }
        return "event  " + ((Breakpoint.OnEvent) b).spelled();
    }

    /** Why the run stopped, before the location line (or, for an end, instead of it). */
    static List<String> stop(Stop stop, DebugTarget t, DebugSymbols symbols) {
        List<String> lines = new ArrayList<>();
        if (stop instanceof Stop.Stepped s) {
            if (s.delivered()) {
                lines.add(delivery(t));
            }
        } else if (stop instanceof Stop.AtBreakpoint b) {
            lines.add("breakpoint " + b.breakpoint().id() + " at " + hex(b.breakpoint().pc())
                    + symbols.mark(b.breakpoint().pc()));
        } else if (stop instanceof Stop.WatchChanged w) {
            lines.add(String.format("watch %d: gpa %s%s changed from %s (%d) to %s (%d)", w.watch().id(),
                    hex(w.watch().gpa()), symbols.mark(w.watch().gpa()), hex(w.oldValue()), w.oldValue(),
                    hex(w.newValue()), w.newValue()));
        } else if (stop instanceof Stop.AtEvent e) {
            lines.add("event breakpoint " + e.breakpoint().id() + " (" + e.breakpoint().spelled() + "):");
            lines.add(e.event().line());
        } else if (stop instanceof Stop.Ended e) {
            lines.add(ended(t.name(), e.end()));
        } else {
            lines.add("interrupted");
        }
        return lines;
    }

    /** How a guest ended, as {@code run}'s summary says it. */
    static String ended(String name, GuestEnd end) {
        return name + " ended: " + RunSummary.exit(end.kind(), end.powerValue(), end.reason());
    }

    /** The trap just delivered, as the guest's trap area holds it (spec section 1.1, words 3 and 8..10). */
    private static String delivery(DebugTarget t) {
        int cause = t.memory().read(8);
        TrapCause c = TrapCause.of(cause);
        return String.format("trap %s delivered (value %s, detail 0x%x, saved pc %s): the handler from MEM[1] runs next",
                c == null ? "cause " + cause : c.name(), hex(t.memory().read(9)), t.memory().read(10),
                hex(t.memory().read(3)));
    }

    /** A fault as the guest would see it: {@code PAGE (value 0x00120000, detail 0x4: U)} and why. */
    static String fault(Fault f) {
        TrapCause c = TrapCause.of(f.cause());
        String name = c == null ? "cause " + f.cause() : c.name();
        String why = c == TrapCause.PAGE ? (f.detail() & TrapCause.ACC_P) != 0 ? ", rights refused" : ", not present" : "";
        return String.format("%s%s (value %s, detail 0x%x%s)", name, why, hex(f.value()), f.detail(),
                accessBits(f.detail()));
    }

    private static String accessBits(int detail) {
        StringBuilder s = new StringBuilder();
        if ((detail & TrapCause.ACC_P) != 0) {
            s.append(" P");
        }
        if ((detail & TrapCause.ACC_W) != 0) {
            s.append(" W");
        }
        if ((detail & TrapCause.ACC_U) != 0) {
            s.append(" U");
        }
        if ((detail & TrapCause.ACC_F) != 0) {
            s.append(" F");
        }
        return s.length() == 0 ? "" : ":" + s;
    }

    /** The last VMM events, one line each as {@code run --events} prints them. */
    static List<String> events(List<VmmEvent> events) {
        return events.stream().map(VmmEvent::line).toList();
    }

    static String hex(int value) {
        return String.format("0x%08x", value);
    }

    private static String orNone(String s) {
        return s.isEmpty() ? "none" : s;
    }
}
