package shadowvisor.vmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.cpu.Cpu;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Tlb;
import shadowvisor.mode.Mode;
import shadowvisor.run.RunOptions;
import shadowvisor.run.Runner;
import shadowvisor.testdata.TestData;
import shadowvisor.vmm.segment.GuestRuns;
import shadowvisor.vmm.segment.ProgramBuilder;
import shadowvisor.vmm.segment.SegmentVmm;

/**
 * The {@link Machine} contract of a {@link VmMachine}, with a bare {@link Cpu} of memsize words
 * as the oracle: the same image, the same calls, and after every {@code run} the same exit, the
 * same trap cause, value and detail, and the same registers, PSW, timer, retired count and
 * memory, word for word. With interception on, each trap the segment VMM would reflect comes back
 * to the caller with the native values and nothing in the guest's trap area (an SVC, a PRIVILEGED
 * from vm-user, a MEMORY fault that the hardware raised as SEGMENT because of the resume
 * formula's min, the guest's own TIMER), while what vm-supervisor executes is still emulated;
 * with it off, the VM delivers into its own trap area as the CPU does. The budget of {@code run}
 * counts emulated instructions as retired ones.
 */
class VmMachineContractTest {
    private static final int MEM = 1024;
    private static final String PRELUDE = "        .equ MEM, " + MEM + "\n        .org 16\n";

    /** The oracle: a bare CPU of {@code memsize} words with the image booted. */
    private static Cpu bare(Image image, int memsize, boolean intercept) {
        Cpu cpu = new Cpu(new PhysicalMemory(memsize), new Devices(new Console(new byte[0], null)), new Tlb());
        cpu.boot(image);
        cpu.setTrapIntercept(intercept);
        return cpu;
    }

    /** The same image in the one VM of a segment VMM on a CPU, as a machine. */
    private static VmMachine virtual(Image image, int memsize, boolean intercept) {
        SegmentVmm vmm = new SegmentVmm(Runner.hostCpu(SegmentVmm.hostWords(memsize), RunOptions.defaults(Mode.SEGMENT)));
        VmMachine machine = vmm.asMachine(vmm.createVm(image, new VmConfig(memsize, null, null, Long.MAX_VALUE)));
        machine.setTrapIntercept(intercept);
        return machine;
    }

    /** Runs both machines with {@code budget}; asserts the same exit and the same state after it. */
    private static int runBoth(Machine bare, Machine vm, long budget) {
        int exit = bare.run(budget);
        assertEquals(exit, vm.run(budget), "exit");
        if (exit == Machine.EXIT_TRAP) {
            assertEquals(TrapCause.of(bare.trapCause()), TrapCause.of(vm.trapCause()), "trap cause");
            assertEquals(bare.trapValue(), vm.trapValue(), "trap value");
            assertEquals(bare.trapDetail(), vm.trapDetail(), "trap detail");
        }
        assertSameState(bare, vm);
        return exit;
    }

    private static void assertSameState(Machine bare, Machine vm) {
        assertEquals(bare.retired(), vm.retired(), "retired");
        assertEquals(bare.psw(), vm.psw(), "psw");
        assertEquals(bare.pc(), vm.pc(), "pc");
        for (int r = 0; r < 16; r++) {
            assertEquals(bare.register(r), vm.register(r), "r" + r);
        }
        assertEquals(bare.timer(), vm.timer(), "timer");
        assertEquals(bare.tickPending(), vm.tickPending(), "tick pending");
        assertEquals(bare.ptbr(), vm.ptbr(), "ptbr");
        assertEquals(bare.memorySize(), vm.memorySize(), "memory size");
        for (int pa = 0; pa < bare.memorySize(); pa++) {
            if (bare.readPhysical(pa) != vm.readPhysical(pa)) {
                assertEquals(bare.readPhysical(pa), vm.readPhysical(pa), "memory word " + pa);
            }
        }
        assertArrayEquals(bare.devices().console().output(), vm.devices().console().output(), "console");
    }

    /** Runs the guest until its first exit on both machines, intercepting; returns the VM's machine after it. */
    private static VmMachine firstTrap(String source, TrapCause expected) {
        Image image = GuestRuns.assemble("guest.s", PRELUDE + source);
        Cpu cpu = bare(image, MEM, true);
        VmMachine vm = virtual(image, MEM, true);
        assertEquals(Machine.EXIT_TRAP, runBoth(cpu, vm, 10_000));
        assertEquals(expected, TrapCause.of(vm.trapCause()));
        for (int word = 0; word <= 10; word++) {
            assertEquals(0, vm.readPhysical(word), "the guest's trap area, word " + word);
        }
        assertEquals(0, vm.vm().counters().reflected);
        assertArrayEquals(new long[TrapCause.CODES], vm.vm().traps(), "an intercepted trap is not delivered");
        return vm;
    }

    // ---------------------------------------------------------------------------------------
    // Interception on: the caller sees what a delivery would have written.

    @Test
    void anSvcComesBackWithItsImmediateAtTheSvc() {
        VmMachine vm = firstTrap("""
                _start: lpsw upsw(r0)
                upsw:   .word 0, 0, MEM, user
                user:   li   r2, 5
                        svc  42
                """, TrapCause.SVC);
        assertEquals(42, vm.trapValue());
        assertEquals(0, vm.trapDetail());
        assertEquals(Opcode.SVC.code(), vm.readPhysical(vm.pc()) >>> 25, "the saved PC is the svc's");
    }

    @ParameterizedTest
    @ValueSource(strings = {"halt", "out r2, CONSOLE", "in r3, CONSOLE", "mtcr timer, r2", "mfcr r3, ptbr",
        "lpsw 0(r0)", "rdpsw r3, flags", "invlpg r2", "tlbflush"})
    void aPrivilegedInstructionInVmUserComesBackNotEmulated(String instruction) {
        VmMachine vm = firstTrap("""
                _start: lpsw upsw(r0)
                upsw:   .word 0, 0, MEM, user
                user:   li   r2, 7
                """ + "        " + instruction + "\n", TrapCause.PRIVILEGED);
        assertEquals(vm.readPhysical(vm.pc()), vm.trapValue(), "the value is the instruction word");
        assertEquals(1, vm.vm().counters().totalEmulated(), "only the lpsw into vm-user");
    }

    /**
     * The guest's segment reaches past memsize, so natively the access is a MEMORY fault; the
     * VMM's hardware segment stops at memsize (the resume formula's min) and raises SEGMENT, which
     * the caller must never see. The detail's U is the guest's mode, not the hardware's.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "supervisor load  | PSW_S | 0   | MEM+64 | ld r2, 0(r3)    | MEM+4 | 0",
        "user store       | 0     | 0   | MEM+64 | st r2, 0(r3)    | MEM+4 | 6",
        "supervisor fetch | PSW_S | 0   | MEM+64 | jalr r0, r3, 0  | MEM+8 | 8",
        "based user load  | 0     | 512 | MEM    | ld r2, 0(r3)    | 600   | 4"})
    void aMemoryFaultThatTheMinMadeASegmentFaultComesBackAsMemory(String what, String flags, int b, String l,
                                                                  String access, String va, int detail) {
        VmMachine vm = firstTrap("""
                _start: lpsw wide(r0)
                wide:   .word %s, %d, %s, go - %d
                        .org %d + 32
                go:     li   r3, %s
                        %s
                """.formatted(flags, b, l, b, b, va, access), TrapCause.MEMORY);
        assertEquals(detail, vm.trapDetail());
        assertTrue(Integer.compareUnsigned(vm.trapValue(), MEM) >= 0, "the value is la, past memsize");
        assertEquals(1, vm.vm().counters().exits[TrapCause.SEGMENT.code()], "the hardware raised SEGMENT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PSW_S | PSW_I", "PSW_I"})
    void theGuestsOwnTimerTickComesBackAtTheNextInstruction(String flags) {
        String source = """
                _start: li   r2, 5
                        mtcr timer, r2
                        lpsw on(r0)
                on:     .word %s, 0, MEM, loop
                loop:   addi r3, r3, 1
                        j    loop
                """.formatted(flags);
        VmMachine vm = firstTrap(source, TrapCause.TIMER);
        assertEquals(0, vm.trapValue());
        assertEquals(0, vm.trapDetail());
        assertEquals(7, vm.retired(), "li and mtcr, then lpsw and four loop instructions count the timer's 5 down");
    }

    @Test
    void aCallerThatHandlesTrapsRunsTheGuestOnAsTheCpusCallerDoes() {
        // A user program making system calls, its "kernel" the caller: skip each svc, count them in r9.
        Image image = GuestRuns.assemble("calls.s", PRELUDE + """
                _start: lpsw upsw(r0)
                upsw:   .word PSW_I, 0, MEM, user
                user:   li   r2, 20
                again:  svc  1
                        addi r2, r2, -1
                        bnez r2, again
                        halt
                """);
        Cpu cpu = bare(image, MEM, true);
        VmMachine vm = virtual(image, MEM, true);
        List<Machine> both = List.of(cpu, vm);
        both.forEach(m -> m.setTimer(7));
        int calls = 0;
        int ticks = 0;
        while (runBoth(cpu, vm, 1_000) == Machine.EXIT_TRAP) {
            TrapCause cause = TrapCause.of(cpu.trapCause());
            if (cause == TrapCause.SVC) {
                calls++;
                both.forEach(m -> {
                    m.setRegister(9, m.register(9) + 1);
                    m.setPc(m.pc() + 1);
                });
            } else if (cause == TrapCause.TIMER) {
                ticks++;
                both.forEach(m -> m.setTimer(7));
            } else {
                break;
            }
        }
        assertEquals(20, calls);
        assertEquals(20, vm.register(9));
        assertTrue(ticks > 0, "the guest's timer ticked between its calls");
        assertEquals(TrapCause.PRIVILEGED, TrapCause.of(vm.trapCause()), "the user-mode halt");
    }

    @Test
    void whatVmSupervisorExecutesIsStillEmulated() {
        Image image = GuestRuns.assemble("sup.s", PRELUDE + """
                _start: li   r2, 'A'
                        out  r2, CONSOLE
                        mfcr r3, timer
                        rdpsw r4, flags
                        li   r5, 0x4400
                        mtcr ptbr, r5
                        mfcr r6, ptbr
                        tlbflush
                        halt
                """);
        Cpu cpu = bare(image, MEM, true);
        VmMachine vm = virtual(image, MEM, true);
        assertEquals(Machine.EXIT_HALT, runBoth(cpu, vm, 1_000));
        assertEquals(7, vm.vm().counters().totalEmulated());
        assertEquals("A", new String(vm.devices().console().output(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    // ---------------------------------------------------------------------------------------
    // Interception off: the VM is the bare machine.

    @ParameterizedTest
    @ValueSource(strings = {"hello.s", "user-svc.s", "segkernel.s"})
    void withInterceptionOffTheVmDeliversIntoItsOwnTrapAreaAsTheCpu(String name) {
        java.nio.file.Path file = name.equals("segkernel.s") ? GuestRuns.bundledGuests().resolve(name)
                : TestData.examplesDir().resolve(name);
        Image image = GuestRuns.assemble(file);
        int memsize = 64 * 1024;
        Cpu cpu = bare(image, memsize, false);
        VmMachine vm = virtual(image, memsize, false);
        int exit = runBoth(cpu, vm, RunOptions.DEFAULT_LIMIT);
        assertEquals(Machine.EXIT_POWEROFF, exit);
        assertEquals(cpu.devices().powerValue(), vm.devices().powerValue());
        assertArrayEquals(cpu.trapCounts(), vm.vm().traps(), "traps delivered by cause");
        assertEquals(exit, vm.run(10), "an ended VM stays ended");
    }

    @Test
    void aDoubleFaultShutsTheVmDownWithTheCpusReason() {
        // MEM[1] is all zero: the handler is at PC 0 in user mode, where it traps at once.
        Image image = GuestRuns.assemble("df.s", PRELUDE + "_start: svc 1\n");
        Cpu cpu = bare(image, MEM, false);
        VmMachine vm = virtual(image, MEM, false);
        assertEquals(Machine.EXIT_SHUTDOWN, runBoth(cpu, vm, 100));
        assertTrue(vm.shutdownReason().startsWith("double fault"), vm.shutdownReason());
    }

    // ---------------------------------------------------------------------------------------
    // The budget.

    /** A vm-supervisor loop, three of its four instructions emulated, with the guest's timer ticking. */
    private static Image emulatingLoop() {
        return GuestRuns.assemble("loop.s", PRELUDE + """
                _start: li   r2, 10
                        mtcr timer, r2
                        lpsw on(r0)
                on:     .word PSW_S | PSW_I, 0, MEM, loop
                loop:   mfcr r2, timer
                        addi r3, r3, 1
                        rdpsw r4, flags
                        in   r5, CONSOLE
                        j    loop
                """);
    }

    @Test
    void theBudgetCountsEmulatedInstructionsOneByOne() {
        Image image = emulatingLoop();
        Cpu cpu = bare(image, MEM, true);
        VmMachine vm = virtual(image, MEM, true);
        for (int step = 0; step < 60; step++) {
            long before = vm.retired();
            int exit = runBoth(cpu, vm, 1);
            if (exit == Machine.EXIT_TRAP) {
                assertEquals(TrapCause.TIMER, TrapCause.of(vm.trapCause()));
                assertEquals(before, vm.retired());
                cpu.setTimer(10);
                vm.setTimer(10);
            } else {
                assertEquals(Machine.EXIT_BUDGET, exit);
                assertEquals(before + 1, vm.retired(), "step " + step);
            }
        }
        assertTrue(vm.vm().counters().totalEmulated() >= 30, "the loop was emulated, not run by the hardware");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3, 5, 7, 12, 13, 100, 1000})
    void aBudgetStopsAtExactlyThatManyRetiredInstructions(long budget) {
        Image image = emulatingLoop();
        Cpu cpu = bare(image, MEM, false);
        VmMachine vm = virtual(image, MEM, false);
        // Interception off: the tick goes to MEM[1], all zero, a PSW (u, B=0, L=0) whose fetch double-faults.
        int exit = runBoth(cpu, vm, budget);
        if (exit == Machine.EXIT_BUDGET) {
            assertEquals(budget, vm.retired());
        }
    }

    @Test
    void anEmulatedHaltAtTheEndOfABudgetWaitsForTheNextRun() {
        Image image = GuestRuns.assemble("halt.s", PRELUDE + """
                _start: mfcr r2, timer
                        mfcr r2, timer
                        halt
                """);
        Cpu cpu = bare(image, MEM, true);
        VmMachine vm = virtual(image, MEM, true);
        assertEquals(Machine.EXIT_BUDGET, runBoth(cpu, vm, 2));
        assertEquals(Machine.EXIT_HALT, runBoth(cpu, vm, 1));
        assertEquals(3, vm.retired());
    }

    @Test
    void aBudgetIsNotTheVmsEnd() {
        // Built with ProgramBuilder: an endless loop of emulated mfcr.
        Image image = new ProgramBuilder(64).org(16).label("top")
                .rdImm(Opcode.MFCR.code(), 2, 1)
                .jump("top").image(16);
        VmMachine vm = virtual(image, MEM, true);
        for (int i = 1; i <= 5; i++) {
            assertEquals(Machine.EXIT_BUDGET, vm.run(1_000));
            assertEquals(i * 1_000L, vm.retired());
        }
        assertTrue(!vm.vm().ended());
        assertEquals(2_500, vm.vm().counters().emulated[Opcode.MFCR.code()]);
    }

    // ---------------------------------------------------------------------------------------
    // The rest of the interface.

    @Test
    void physicalAccessIsGuestPhysicalAndBoundsChecked() {
        VmMachine vm = virtual(new Image(16, List.of()), MEM, true);
        vm.writePhysical(MEM - 1, 0x1234);
        assertEquals(0x1234, vm.readPhysical(MEM - 1));
        assertEquals(MEM, vm.memorySize());
        assertThrows(IndexOutOfBoundsException.class, () -> vm.readPhysical(MEM));
        assertThrows(IndexOutOfBoundsException.class, () -> vm.writePhysical(-1, 0));
        vm.setRegister(0, 99);
        assertEquals(0, vm.register(0));
    }

    @Test
    void aPswThatTheModeCannotRunShutsTheVmDownWithItsReason() {
        VmMachine vm = virtual(GuestRuns.assemble("nop.s", PRELUDE + "_start: j _start\n"), MEM, true);
        vm.setPsw(new Psw(Psw.S | Psw.P, 0, MEM, 16));
        assertEquals(Machine.EXIT_SHUTDOWN, vm.run(10));
        assertTrue(vm.shutdownReason().contains("shadow-trace"), vm.shutdownReason());
        assertEquals(new Psw(Psw.S, 0, MEM, 16), vm.psw(), "the refused PSW was not loaded");
    }
}
