package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shadowvisor.asm.Assembler;
import shadowvisor.asm.AssemblyResult;
import shadowvisor.debug.Debugger;
import shadowvisor.debug.Stop;
import shadowvisor.debug.VmTarget;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.image.Boot;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.PageWalker;
import shadowvisor.machine.paging.Pte;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;
import shadowvisor.vmm.Vm;
import shadowvisor.vmm.VmmEvent;
import shadowvisor.vmm.shadow.ShadowVmm;

/**
 * {@code shadowvisor debug} end to end, in-process, driven by scripts on stdin or {@code
 * --script}: stepping across an emulated and a reflected trap, {@code pt} and {@code shadow}
 * checked against the page walker and the guest-physical map, breakpoints on labels, watches,
 * the same stops natively and under every VMM, and one-line errors that do not end the session.
 */
class DebugCommandTest {
    @TempDir
    Path dir;

    private static final Pattern LOCATION = Pattern.compile("=> (0x[0-9a-f]{8})\\S*.*\\((\\S+), (supervisor|user), retired (\\d+)\\)");

    /** One command of a transcript and what it printed. */
    private record Block(String command, List<String> lines) {
        /** The {@code =>} line's PC, or -1. */
        int pc() {
            Matcher m = location();
            return m == null ? -1 : Integer.parseUnsignedInt(m.group(1).substring(2), 16);
        }

        long retired() {
            Matcher m = location();
            return m == null ? -1 : Long.parseLong(m.group(4));
        }

        String mode() {
            Matcher m = location();
            return m == null ? null : m.group(3);
        }

        private Matcher location() {
            for (String l : lines) {
                Matcher m = LOCATION.matcher(l);
                if (m.matches()) {
                    return m;
                }
            }
            return null;
        }

        String text() {
            return String.join("\n", lines);
        }
    }

    /** The transcript cut at each echoed prompt: block 0 is the greeting. */
    private static List<Block> blocks(String out) {
        List<Block> blocks = new ArrayList<>();
        String command = "";
        List<String> lines = new ArrayList<>();
        for (String line : out.lines().toList()) {
            if (line.startsWith(DebugInput.PROMPT)) {
                blocks.add(new Block(command, lines));
                command = line.substring(DebugInput.PROMPT.length());
                lines = new ArrayList<>();
            } else {
                lines.add(line);
            }
        }
        blocks.add(new Block(command, lines));
        return blocks;
    }

    private static Cli debug(String script, Object... args) {
        Object[] argv = new Object[args.length + 1];
        argv[0] = "debug";
        System.arraycopy(args, 0, argv, 1, args.length);
        return Cli.runWithInput(script, argv);
    }

    private static Map<String, Integer> labels(Path program) {
        AssemblyResult r = Assembler.assembleFile(program);
        assertTrue(r.ok(), r::formattedDiagnostics);
        return r.labels();
    }

    private static int imageWord(Path program, int address) {
        PhysicalMemory m = new PhysicalMemory(address + 16);
        new Boot(Assembler.assembleFile(program).image()).placeInto(m);
        return m.read(address);
    }

    // ---------------------------------------------------------------------------------------
    // (a) Stepping across traps.

    @Test
    void stepsAcrossAnEmulatedLpswAndAReflectedSvcUnderSegment() {
        Path guest = Cli.bundled("user-svc.s");
        Map<String, Integer> labels = labels(guest);
        int trap = labels.get("trap");
        Cli r = debug("""
                break trap-1
                continue
                step
                events
                step
                step
                events 1
                """, "--mode", "segment", guest);
        assertEquals(0, r.status(), r.out());
        List<Block> b = blocks(r.out());
        Block atLpsw = b.get(2);
        assertEquals(trap - 1, atLpsw.pc(), atLpsw.text());
        assertTrue(atLpsw.text().contains("lpsw"), atLpsw.text());
        Block afterLpsw = b.get(3);
        assertEquals(0, afterLpsw.pc(), "the emulated lpsw moved the PC to the user program: " + afterLpsw.text());
        assertEquals("user", afterLpsw.mode());
        assertEquals(atLpsw.retired() + 1, afterLpsw.retired(), "the emulated lpsw counts as a step and retires");
        assertTrue(b.get(4).text().contains("emulated lpsw"), b.get(4).text());
        Block svc = b.get(6);
        assertTrue(svc.text().contains("trap SVC delivered"), svc.text());
        assertEquals(trap, svc.pc(), "after stepping the svc the PC is the handler MEM[1] names");
        assertEquals("supervisor", svc.mode());
        assertEquals(b.get(5).retired(), svc.retired(), "a trapping svc does not retire");
        assertTrue(b.get(7).text().contains("reflected SVC"), b.get(7).text());
    }

    // ---------------------------------------------------------------------------------------
    // (b) pt and shadow against the walker and the guest-physical map.

    @ParameterizedTest
    @ValueSource(strings = {"shadow-trace", "shadow-vtlb"})
    void ptAndShadowAgreeWithThePageWalkerAndTheGuestPhysicalMap(String mode) throws Exception {
        Path guest = Cli.bundled("pagekernel.s");
        Map<String, Integer> labels = labels(guest);
        // The same session through the engine, which is deterministic: the state it stops in is the
        // command's, and the test reads it with the walker and the map, not with the debugger's views.
        Debugger engine = Debugger.start(List.of(Assembler.assembleFile(guest).image()),
                RunOptions.defaults(ModeStack.parse(mode)).withMem(128 * 1024));
        engine.breakAt(labels.get("heap_touch"));
        assertInstanceOf(Stop.AtBreakpoint.class, engine.resume());
        engine.deleteAll();
        engine.breakOnEvent(EnumSet.of(VmmEvent.Kind.HIDDEN_FAULT), false, null, "hidden");
        Stop.AtEvent hidden = assertInstanceOf(Stop.AtEvent.class, engine.resume());
        VmTarget target = (VmTarget) engine.target();
        Vm vm = target.vm();
        assertTrue(vm.paging(), "a hidden fault under the guest's own paging");
        int la = hidden.event().exitValue();
        int va = la - vm.vpswB();
        PageWalker walker = new PageWalker();
        int access = vm.supervisor() ? 0 : TrapCause.ACC_U;
        assertTrue(walker.walk(vm.memory(), vm.ptbr(), la, access, false), "the guest's tables allow a hidden fault");
        int hpa = ((ShadowVmm) target.vmm()).physicalMapOf(vm).hpa(walker.pa);

        String v = String.format("0x%x", va);
        Cli r = debug("break heap_touch\ncontinue\ndelete\nbreak event hidden\ncontinue\npt " + v + "\nshadow " + v + "\n",
                "--mode", mode, "--mem", "128K", guest);
        assertEquals(0, r.status(), r.out());
        List<Block> b = blocks(r.out());
        assertTrue(b.get(5).text().contains("hidden fault filled: la=" + String.format("0x%08x", la)), b.get(5).text());
        String pt = b.get(6).text();
        assertTrue(pt.contains(String.format("pte      [gpa 0x%08x] = 0x%08x", walker.pteAddress, walker.pte)), pt);
        assertTrue(pt.contains(String.format("pde      [gpa 0x%08x] = 0x%08x", walker.pdeAddress, walker.pde)), pt);
        assertTrue(pt.contains(String.format("result   gpa 0x%08x", walker.pa)), pt);
        String shadow = b.get(7).text();
        assertTrue(shadow.contains(String.format("pte  [gpa 0x%08x] = 0x%08x", walker.pteAddress, walker.pte)), shadow);
        Matcher spte = Pattern.compile("spte \\[hpa 0x[0-9a-f]{8}\\] = 0x[0-9a-f]{8}  frame (0x[0-9a-f]{8})").matcher(shadow);
        assertTrue(spte.find(), shadow);
        assertEquals(hpa & ~(Pte.PAGE_WORDS - 1), Integer.parseUnsignedInt(spte.group(1).substring(2), 16),
                "the shadow PTE maps the host frame the guest-physical map gives");
        assertTrue(shadow.contains(String.format("gpa 0x%08x -> hpa 0x%08x (GuestPhysicalMap): the shadow PTE agrees",
                walker.pa, hpa)), shadow);
    }

    @Test
    void shadowOutsideTheShadowModesIsOneLineError() {
        Cli r = debug("shadow 0x10\nstep\n", "--mode", "segment", Cli.bundled("user-svc.s"));
        List<Block> b = blocks(r.out());
        assertEquals(List.of("error: shadow: mode segment has no shadow page tables: shadow works under --mode "
                + "shadow-trace and shadow-vtlb"), b.get(1).lines());
        assertEquals(1, b.get(2).retired(), "the session went on");
        Cli nat = debug("shadow 0x10\n", Cli.bundled("hello.s"));
        assertEquals(1, blocks(nat.out()).get(1).lines().size());
        assertTrue(blocks(nat.out()).get(1).lines().get(0).startsWith("error: shadow: mode native"), nat.out());
    }

    // ---------------------------------------------------------------------------------------
    // (c) Breakpoints on labels.

    @ParameterizedTest
    @ValueSource(strings = {"native", "hybrid", "shadow-vtlb", "segment/segment"})
    void aBreakpointOnALabelStopsWithThePcAtThatLabel(String mode) {
        Path guest = Cli.bundled("user-svc.s");
        int trap = labels(guest).get("trap");
        Cli r = debug("break trap\ncontinue\ncontinue\ninfo break\n", "--mode", mode, guest);
        List<Block> b = blocks(r.out());
        assertEquals(String.format("breakpoint 1 at 0x%08x <trap>", trap), b.get(1).lines().get(0));
        for (int i : new int[] {2, 3}) {
            assertEquals(trap, b.get(i).pc(), b.get(i).text());
            assertTrue(b.get(i).lines().contains(String.format("breakpoint 1 at 0x%08x <trap>", trap)), b.get(i).text());
        }
        assertTrue(b.get(3).retired() > b.get(2).retired(), "continue steps over the breakpoint it stands on");
        assertEquals(List.of(String.format("1   break  pc 0x%08x <trap>", trap)), b.get(4).lines());
    }

    @Test
    void aBreakpointOnAUserLabelOfAPagingKernelStopsInUserMode() {
        Path guest = Cli.bundled("pagekernel.s");
        int heapTouch = labels(guest).get("heap_touch");
        Cli r = debug("break heap_touch\ncontinue\n", "--mode", "shadow-trace", "--mem", "128K", guest);
        Block stop = blocks(r.out()).get(2);
        assertEquals(heapTouch, stop.pc(), stop.text());
        assertEquals("user", stop.mode());
    }

    @Test
    void anImageWithoutLabelsTakesNumbersOnly() {
        Path source = Cli.guest(dir, "user-svc.s");
        Path image = dir.resolve("user-svc.img");
        assertEquals(0, Cli.run("asm", source, "-o", image).status());
        int trap = labels(source).get("trap");
        Cli r = debug("break trap\nbreak " + trap + "\ncontinue\n", image);
        List<Block> b = blocks(r.out());
        assertEquals(1, b.get(1).lines().size());
        assertTrue(b.get(1).lines().get(0).startsWith("error: break: no label 'trap' (this program carries no labels"),
                b.get(1).text());
        assertEquals(trap, b.get(3).pc(), b.get(3).text());
        assertEquals(1, r.status(), "a scripted session with an error exits 1");
    }

    // ---------------------------------------------------------------------------------------
    // (d) Watches.

    @Test
    void aWatchStopsWhenTheWordChangesWithItsOldAndNewValues() {
        Path guest = Cli.bundled("user-svc.s");
        Map<String, Integer> labels = labels(guest);
        int svcWord = imageWord(guest, labels.get("user") + 1);
        Cli r = debug("watch 0x1001\ncontinue\ndelete 1\nwatch 8\ncontinue\n", "--mode", "segment", guest);
        List<Block> b = blocks(r.out());
        assertEquals("watch 1: gpa 0x00001001, now 0x00000000", b.get(1).lines().get(0));
        Block copied = b.get(2);
        assertEquals(String.format("watch 1: gpa 0x00001001 changed from 0x00000000 (0) to 0x%08x (%d)", svcWord, svcWord),
                copied.lines().get(0));
        assertEquals(labels.get("copy") + 2, copied.pc(), "stopped right after the copy loop's store");
        Block delivered = b.get(5);
        assertEquals("watch 2: gpa 0x00000008 changed from 0x00000000 (0) to 0x00000003 (3)", delivered.lines().get(0),
                "the SVC delivery wrote the trap cause");
        assertEquals(labels.get("trap"), delivered.pc());
    }

    @Test
    void aWatchTakesALabel() {
        Path guest = Cli.bundled("user-svc.s");
        int upsw = labels(guest).get("upsw");
        Cli r = debug("watch upsw\n", guest);
        assertTrue(blocks(r.out()).get(1).lines().get(0).startsWith(String.format("watch 1: gpa 0x%08x <upsw>", upsw)),
                r.out());
    }

    // ---------------------------------------------------------------------------------------
    // (e) The same stops natively and under every VMM.

    @Test
    void stepsEndAtTheSameRetiredCountAndPcNativelyAndUnderEveryVmm() {
        Path guest = Cli.bundled("user-svc.s");
        String script = "step\n".repeat(90) + "regs\nstep 7\nregs\ncontinue\nregs\n";
        List<String> expected = stops(debug(script, guest));
        assertTrue(expected.size() > 100);
        for (String mode : List.of("segment", "hybrid", "shadow-trace", "shadow-vtlb", "segment/segment")) {
            assertEquals(expected, stops(debug(script, "--mode", mode, guest)), mode);
        }
    }

    /** Each block's PC, retired count and mode, and every register line: what must not depend on the mode. */
    private static List<String> stops(Cli r) {
        List<String> stops = new ArrayList<>();
        for (Block b : blocks(r.out())) {
            if (b.command().equals("regs")) {
                stops.addAll(b.lines());
            } else if (b.pc() >= 0) {
                stops.add(b.pc() + " " + b.retired() + " " + b.mode());
            } else {
                stops.add(b.command() + ": " + b.text().replaceAll("native|vm1", "the guest"));
            }
        }
        return stops;
    }

    // ---------------------------------------------------------------------------------------
    // (f) Errors.

    @Test
    void badCommandsPrintOneErrorLineEachAndTheSessionGoesOn() {
        Cli r = debug("""
                bogus
                step zero
                step 0
                x
                break nosuchlabel
                pt
                delete 9
                vm 2
                break event sometimes
                break event exit NOPE
                events
                step
                quit
                step
                """, Cli.bundled("hello.s"));
        assertEquals(1, r.status());
        assertEquals("", r.err());
        List<Block> b = blocks(r.out());
        assertEquals(14, b.size(), "the line after quit is not read: " + r.out());
        for (int i = 1; i <= 11; i++) {
            assertEquals(1, b.get(i).lines().size(), b.get(i).command() + ": " + b.get(i).text());
            assertTrue(b.get(i).lines().get(0).startsWith("error: "), b.get(i).command() + ": " + b.get(i).text());
        }
        assertEquals(1, b.get(12).retired(), "step still works after the errors");
        assertFalse(r.out().contains("Exception"), r.out());
    }

    @Test
    void theEndOfTheCommandsEndsTheSessionWithStatusZero() {
        Cli r = debug("step 3\n", Cli.bundled("hello.s"));
        assertEquals(0, r.status());
        assertEquals(3, blocks(r.out()).get(1).retired());
    }

    @Test
    void aScriptFileIsEchoedLikeATypedSession() {
        Path script = Cli.file(dir, "s.gdb", "# a comment\nbreak done\ncontinue\nregs\ncontinue\n");
        Cli r = debug("this stdin is ignored\n", "--script", script, Cli.bundled("hello.s"));
        assertEquals(0, r.status(), r.out());
        List<Block> b = blocks(r.out());
        assertEquals(List.of("", "# a comment", "break done", "continue", "regs", "continue"),
                b.stream().map(Block::command).toList());
        assertTrue(b.get(3).text().startsWith("hello, pg\nbreakpoint 1 at"), b.get(3).text());
        assertTrue(b.get(4).lines().get(0).startsWith("r0  0x00000000  r1  0x00000000  r2  0x"), b.get(4).text());
        assertEquals(4, b.get(4).lines().size());
        assertEquals(List.of("native ended: poweroff, status 7"), b.get(5).lines());
    }

    @Test
    void aGuestThatEndedCannotRunOn() {
        Cli r = debug("continue\nstep\ncounters\n", "--mode", "segment", Cli.bundled("hello.s"));
        List<Block> b = blocks(r.out());
        assertEquals(List.of("hello, pg", "vm1 ended: poweroff, status 7"), b.get(1).lines());
        assertEquals(List.of("error: step: vm1 has ended (poweroff, status 7): there is nothing left to run"),
                b.get(2).lines());
        String counters = b.get(3).text();
        assertTrue(counters.contains("== vm1 (segment): poweroff, status 7"), counters);
        assertTrue(counters.contains("retired      56"), counters);
        assertTrue(counters.contains("vmm          exits PRIVILEGED 11; emulated out 11"), counters);
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        Path hello = Cli.bundled("hello.s");
        List<Object[]> cases = List.of(
                new Object[] {"debug"},
                new Object[] {"debug", dir.resolve("missing.s")},
                new Object[] {"debug", "--script", dir.resolve("missing.gdb"), hello},
                new Object[] {"debug", "--script", dir, hello},
                new Object[] {"debug", hello, hello},
                new Object[] {"debug", "--mode", "shadow-trace", "--mem", "1000", hello},
                new Object[] {"debug", "--mode", "warp", hello});
        for (Object[] args : cases) {
            Cli r = Cli.run(args);
            assertEquals(2, r.status(), java.util.Arrays.toString(args) + ": " + r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().startsWith("shadowvisor: error: "), r.err());
            assertEquals("", r.out(), java.util.Arrays.toString(args));
        }
    }

    // ---------------------------------------------------------------------------------------
    // The rest of the commands.

    @Test
    void helpNamesEveryCommand() {
        Cli r = debug("help\nhelp x\n", Cli.bundled("hello.s"));
        String help = blocks(r.out()).get(1).text();
        for (String c : List.of("step", "continue", "break", "watch", "info", "delete", "regs", "psw", "x ADDR",
                "xp GPA", "pt VA", "shadow VA", "tlb", "events", "counters", "vm", "help", "quit")) {
            assertTrue(help.contains(c), c + " in\n" + help);
        }
        assertTrue(blocks(r.out()).get(2).lines().get(0).startsWith("x ADDR [N]"), r.out());
    }

    @Test
    void severalVmsAreSelectedOneAtATime() {
        Path hello = Cli.bundled("hello.s");
        Path svc = Cli.bundled("user-svc.s");
        Cli r = debug("step 5\nvm 2\nstep 2\nvm\n", "--mode", "segment", hello, svc);
        List<Block> b = blocks(r.out());
        assertTrue(b.get(0).text().contains("2 VMs of segment"), b.get(0).text());
        assertEquals(5, b.get(1).retired());
        assertTrue(b.get(2).lines().get(0).startsWith("vm2 ("), b.get(2).text());
        assertEquals(0, b.get(2).retired());
        assertEquals(2, b.get(3).retired());
        assertTrue(b.get(4).lines().get(0).startsWith("  vm1  ") && b.get(4).lines().get(0).contains("retired 5"),
                b.get(4).text());
        assertTrue(b.get(4).lines().get(1).startsWith("* vm2  ") && b.get(4).lines().get(1).contains("retired 2"),
                b.get(4).text());
    }

    @Test
    void pswShowsTheVpswBesideTheHardwarePsw() {
        Cli r = debug("step\npsw\n", "--mode", "segment", "--mem", "64K", Cli.bundled("hello.s"));
        String psw = blocks(r.out()).get(2).text();
        assertTrue(psw.contains("vm1 (vPSW)") && psw.contains("hardware"), psw);
        assertTrue(psw.lines().anyMatch(l -> l.matches("M\\s+s \\(supervisor\\)\\s+u \\(user\\)")), psw);
        assertTrue(psw.lines().anyMatch(l -> l.matches("L\\s+0x00010000\\s+0x00010000")), psw);
    }

    @Test
    void memoryIsListedWithDisassemblyAndLabels() {
        Path guest = Cli.bundled("hello.s");
        int start = labels(guest).get("_start");
        Cli r = debug("x _start 2\nxp loop\n", guest);
        List<Block> b = blocks(r.out());
        assertEquals(2, b.get(1).lines().size());
        assertTrue(b.get(1).lines().get(0).startsWith(String.format("0x%08x <_start>  pa 0x%08x  ", start, start)),
                b.get(1).text());
        assertTrue(b.get(1).lines().get(0).contains("lui r2"), b.get(1).text());
        assertTrue(b.get(2).lines().get(0).endsWith("ld r1, 0(r2)"), b.get(2).text());
    }

    @Test
    void ptProbesTheAccessAndModeItIsAskedFor() throws Exception {
        Path guest = Cli.bundled("pagekernel.s");
        Map<String, Integer> labels = labels(guest);
        Debugger engine = Debugger.start(List.of(Assembler.assembleFile(guest).image()),
                RunOptions.defaults(ModeStack.parse("shadow-trace")).withMem(128 * 1024));
        engine.breakAt(labels.get("heap_touch") + 1);
        assertInstanceOf(Stop.AtBreakpoint.class, engine.resume());
        Vm vm = ((VmTarget) engine.target()).vm();
        int la = vm.vpswB() + 0x140011;
        Cli r = debug("break heap_touch+1\ncontinue\npt 0x140011 write\npt 0x140011 fetch supervisor\n"
                + "pt 0x140011 read user\npt 0x140011 sideways\n", "--mode", "shadow-trace", "--mem", "128K", guest);
        List<Block> b = blocks(r.out());
        int[] accesses = {TrapCause.ACC_W | TrapCause.ACC_U, TrapCause.ACC_F, TrapCause.ACC_U};
        String[] words = {"a write in user mode", "a fetch in supervisor mode", "a read in user mode"};
        for (int i = 0; i < 3; i++) {
            // The independent answer: the one walker, asked not to set A or D.
            boolean ok = new PageWalker().walk(vm.memory(), vm.ptbr(), la, accesses[i], false);
            String result = b.get(3 + i).lines().stream().filter(l -> l.startsWith("  result")).findFirst().orElseThrow();
            assertTrue(result.contains(words[i] + (ok ? " succeeds" : " faults")), words[i] + ": " + result);
        }
        assertTrue(b.get(6).text().startsWith("error: pt: 'sideways' is neither an access"), b.get(6).text());
        assertEquals(1, r.status(), "a failed command of piped input");
    }

    @Test
    void theTlbOfThePagingKernelHoldsTheWalkOfItsHeapPage() {
        Path guest = Cli.bundled("pagekernel.s");
        Cli r = debug("break heap_touch+1\ncontinue\ntlb\npt 0x140011\n", "--mem", "128K", guest);
        List<Block> b = blocks(r.out());
        Matcher pte = Pattern.compile("pte      \\[pa 0x[0-9a-f]{8}\\] = 0x[0-9a-f]{8}  frame (0x[0-9a-f]{8})")
                .matcher(b.get(4).text());
        assertTrue(pte.find(), b.get(4).text());
        assertTrue(b.get(3).text().contains("la 0x00140000 -> " + pte.group(1) + "  U W"), b.get(3).text());
    }
}
