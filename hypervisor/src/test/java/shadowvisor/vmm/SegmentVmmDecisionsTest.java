package shadowvisor.vmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.vmm.segment.SegmentVmm;

/**
 * The segment VMM's decisions, one exit at a time, against a mocked {@link Machine}: which traps
 * are emulated and which reflected, the {@code min} of the resume formula, the SEGMENT-to-MEMORY
 * conversion, the detail's U bit taken from vPSW.M, the refusal of P = 1, the double fault, and
 * the virtual timer. The mock's memory and registers are plain arrays, so every effect on the
 * guest is read back from what the VMM wrote through the interface.
 */
class SegmentVmmDecisionsTest {
    private static final int MEMSIZE = 100;
    private static final int ADDR0 = TrapAndEmulateVmm.VMM_WORDS;
    private static final int SLICE = 1000;
    private static final int HANDLER_FLAGS = Psw.S, HANDLER_PC = 40;
    private static final int USER = 0;

    private final int[] host = new int[ADDR0 + MEMSIZE];
    private final int[] regs = new int[16];
    private Machine machine;
    /** Typed as the framework so the test, in its package, reaches the paper's routines. */
    private TrapAndEmulateVmm vmm;
    private Vm vm;

    @BeforeEach
    void setUp() {
        machine = MockMachines.arrayBacked(host, regs);
        vmm = new SegmentVmm(machine, SLICE);
        vm = vmm.createVm(new Image(16, List.of()), new VmConfig(MEMSIZE, null, null, 1_000_000));
        // The guest's trap handler PSW in MEM[1].
        guestWrite(4, HANDLER_FLAGS, 0, MEMSIZE, HANDLER_PC);
    }

    private void guestWrite(int gpa, int... words) {
        for (int i = 0; i < words.length; i++) {
            host[ADDR0 + gpa + i] = words[i];
        }
    }

    private int guest(int gpa) {
        return host[ADDR0 + gpa];
    }

    /** The machine's next exit is this trap, with the hardware PC at {@code pc}. */
    private void hardwareTraps(TrapCause cause, int value, int detail, int pc) {
        when(machine.trapCause()).thenReturn(cause.code());
        when(machine.trapValue()).thenReturn(value);
        when(machine.trapDetail()).thenReturn(detail);
        when(machine.pc()).thenReturn(pc);
    }

    private void exit(TrapCause cause, int value, int detail) {
        hardwareTraps(cause, value, detail, vm.vpswPc());
        vmm.dispatch(vm, Machine.EXIT_TRAP);
    }

    private static int word(Opcode op, int a, int b, int imm) {
        return Encoding.encode(op.code(), a, b, 0, imm);
    }

    /** Asserts the guest's trap area holds a delivery of this trap from {@code old}, and the vPSW is the handler's. */
    private void assertReflected(Psw old, TrapCause cause, int value, int detail) {
        assertArrayEquals(new int[] {old.flags(), old.b(), old.l(), old.pc()},
                new int[] {guest(0), guest(1), guest(2), guest(3)}, "MEM[0] holds the vPSW at the trap");
        assertArrayEquals(new int[] {cause.code(), value, detail}, new int[] {guest(8), guest(9), guest(10)},
                "words 8..10: cause, value, detail");
        assertEquals(new Psw(HANDLER_FLAGS, 0, MEMSIZE, HANDLER_PC), vm.vpsw(), "vPSW loaded from MEM[1]");
        assertEquals(1, vm.traps()[cause.code()]);
        assertEquals(1, vm.counters().reflected);
    }

    private void assertNothingReflected() {
        assertEquals(0, vm.counters().reflected);
        assertEquals(0, guest(8), "the trap area is untouched");
        assertEquals(0, java.util.Arrays.stream(vm.traps()).sum());
    }

    // ---------------------------------------------------------------------------------------

    @Nested
    class ResumeFormula {
        private Psw hardwarePswFor(int flags, int b, int l, int pc) {
            vm.setVpsw(flags, b, l, pc);
            when(machine.pc()).thenReturn(pc);
            vmm.resume(vm);
            org.mockito.ArgumentCaptor<Integer> hwFlags = org.mockito.ArgumentCaptor.forClass(Integer.class);
            org.mockito.ArgumentCaptor<Integer> hwB = org.mockito.ArgumentCaptor.forClass(Integer.class);
            org.mockito.ArgumentCaptor<Integer> hwL = org.mockito.ArgumentCaptor.forClass(Integer.class);
            org.mockito.ArgumentCaptor<Integer> hwPc = org.mockito.ArgumentCaptor.forClass(Integer.class);
            verify(machine, org.mockito.Mockito.atLeastOnce())
                    .setPsw(hwFlags.capture(), hwB.capture(), hwL.capture(), hwPc.capture());
            return new Psw(hwFlags.getValue(), hwB.getValue(), hwL.getValue(), hwPc.getValue());
        }

        @Test
        void userModeNoPagingInterruptsOnBaseRelocatedByAddr0() {
            Psw hw = hardwarePswFor(Psw.S, 10, 20, 5);
            assertEquals(new Psw(Psw.I, ADDR0 + 10, 20, 5), hw, "M' = u, P' = 0, I' = 1, B' = addr0 + B, PC' = PC");
        }

        @Test
        void limitIsCutToTheEndOfGuestMemory() {
            assertEquals(MEMSIZE - 10, hardwarePswFor(0, 10, 1000, 0).l(), "L' = min(vPSW.L, memsize - vPSW.B)");
        }

        @Test
        void limitIsUnsignedMin() {
            assertEquals(MEMSIZE - 10, hardwarePswFor(0, 10, 0xFFFF_FFFF, 0).l(), "0xFFFFFFFF is a huge L, not -1");
        }

        @Test
        void baseAtMemsizeGivesAnEmptySegment() {
            assertEquals(0, hardwarePswFor(0, MEMSIZE, 50, 0).l());
        }

        @Test
        void baseNear2to32GivesAnEmptySegment() {
            assertEquals(0, hardwarePswFor(0, 0xFFFF_FFF0, 0x100, 0).l());
        }

        @Test
        void supervisorAndInterruptBitsOfTheGuestNeverReachTheHardware() {
            assertEquals(Psw.I, hardwarePswFor(Psw.S, 0, MEMSIZE, 0).flags());
            assertEquals(Psw.I, hardwarePswFor(0, 0, MEMSIZE, 0).flags());
        }
    }

    @Nested
    class Timer {
        private void resumeWithGuestTimer(int count) {
            vm.setTimer(count);
            when(machine.pc()).thenReturn(0);
            vmm.resume(vm);
        }

        @Test
        void hardwareTimerIsTheGuestCountWhenSmallerThanTheSlice() {
            resumeWithGuestTimer(7);
            verify(machine).setTimer(7);
        }

        @Test
        void hardwareTimerIsTheSliceWhenTheGuestTimerIsOff() {
            resumeWithGuestTimer(0);
            verify(machine).setTimer(SLICE);
        }

        @Test
        void guestCountIsUnsigned() {
            resumeWithGuestTimer(0xFFFF_FFFF);
            verify(machine).setTimer(SLICE);
        }

        @Test
        void hardwareRetiredInstructionsAreChargedToTheGuestTimerAndTheTickBecomesPending() {
            vm.setTimer(5);
            when(machine.retired()).thenReturn(100L, 105L);
            when(machine.run(anyLong())).thenReturn(Machine.EXIT_TRAP);
            hardwareTraps(TrapCause.TIMER, 0, 0, 9);
            vmm.dispatch(vm, vmm.resume(vm));
            assertEquals(5, vm.retired());
            assertEquals(0, vm.timer());
            assertTrue(vm.tickPending());
            assertEquals(9, vm.vpswPc(), "vPSW.PC follows the hardware");
            assertEquals(1, vm.counters().exits[TrapCause.TIMER.code()]);
            assertNothingReflected();
        }

        @Test
        void aTimerExitThatIsOnlyTheSliceIsNoGuestTrap() {
            vm.setTimer(0);
            when(machine.retired()).thenReturn(0L, (long) SLICE);
            when(machine.run(anyLong())).thenReturn(Machine.EXIT_TRAP);
            hardwareTraps(TrapCause.TIMER, 0, 0, 3);
            vmm.dispatch(vm, vmm.resume(vm));
            assertFalse(vm.tickPending());
            assertEquals(1, vm.counters().sliceEnds);
            assertEquals(0, vm.counters().totalExits());
            assertNothingReflected();
        }

        @Test
        void runBudgetIsTheRestOfTheInstructionLimit() {
            vm.addRetired(400);
            when(machine.pc()).thenReturn(0);
            vmm.resume(vm);
            verify(machine).run(1_000_000 - 400);
        }

        @Test
        void mtcrTimerSetsTheVirtualTimerAndDoesNotCountItDown() {
            regs[3] = 10;
            exit(TrapCause.PRIVILEGED, word(Opcode.MTCR, 0, 3, 1), 0);
            assertEquals(10, vm.timer());
            assertEquals(1, vm.retired());
            verify(machine, never()).setTimer(anyInt());
        }

        @Test
        void mfcrTimerReadsTheRemainingCountThenCountsDown() {
            vm.setTimer(10);
            exit(TrapCause.PRIVILEGED, word(Opcode.MFCR, 4, 0, 1), 0);
            assertEquals(10, regs[4]);
            assertEquals(9, vm.timer());
        }

        @Test
        void anEmulatedInstructionCanMakeTheTickPending() {
            vm.setTimer(1);
            exit(TrapCause.PRIVILEGED, word(Opcode.TLBFLUSH, 0, 0, 0), 0);
            assertTrue(vm.tickPending());
        }
    }

    @Nested
    class EmulateOrReflect {
        @Test
        void privilegedInVmSupervisorIsEmulatedAgainstTheVpsw() {
            vm.setVpsw(Psw.S | Psw.I, 3, 50, 20);
            exit(TrapCause.PRIVILEGED, word(Opcode.RDPSW, 3, 0, 0), 0);
            assertEquals(Psw.S | Psw.I, regs[3], "rdpsw reads the vPSW flags, not the hardware's");
            assertEquals(21, vm.vpswPc());
            assertEquals(1, vm.retired());
            assertEquals(1, vm.counters().emulated[Opcode.RDPSW.code()]);
            assertEquals(1, vm.counters().exits[TrapCause.PRIVILEGED.code()]);
            assertNothingReflected();
        }

        @Test
        void privilegedInVmUserIsReflected() {
            Psw old = new Psw(USER, 0, MEMSIZE, 20);
            vm.setVpsw(old.flags(), old.b(), old.l(), old.pc());
            int halt = word(Opcode.HALT, 0, 0, 0);
            exit(TrapCause.PRIVILEGED, halt, 0);
            assertReflected(old, TrapCause.PRIVILEGED, halt, 0);
            assertEquals(0, vm.counters().totalEmulated(), "only vm-supervisor's privileged instructions are emulated");
            assertFalse(vm.ended());
        }

        @Test
        void svcIsReflectedNeverEmulated() {
            Psw old = new Psw(Psw.S, 0, MEMSIZE, 30);
            vm.setVpsw(old.flags(), old.b(), old.l(), old.pc());
            exit(TrapCause.SVC, 0x1234, 0);
            assertReflected(old, TrapCause.SVC, 0x1234, 0);
            assertEquals(0, vm.counters().totalEmulated());
            assertEquals(0, vm.retired(), "a trapping instruction does not retire");
        }

        @Test
        void illegalAndArithAreReflectedUnchanged() {
            Psw old = new Psw(Psw.S, 0, MEMSIZE, 30);
            vm.setVpsw(old.flags(), old.b(), old.l(), old.pc());
            exit(TrapCause.ARITH, 0x0A000000, 0);
            assertReflected(old, TrapCause.ARITH, 0x0A000000, 0);
        }

        @Test
        void emulatedOutGoesToTheVmsOwnConsole() {
            vm.setVpsw(Psw.S, 0, MEMSIZE, 20);
            regs[2] = 'x';
            exit(TrapCause.PRIVILEGED, word(Opcode.OUT, 0, 2, 0), 0);
            assertEquals("x", new String(vm.devices().console().output(), java.nio.charset.StandardCharsets.ISO_8859_1));
            assertEquals(21, vm.vpswPc());
        }

        @Test
        void emulatedOutToPowerRetiresThenPowersOff() {
            vm.setVpsw(Psw.S, 0, MEMSIZE, 20);
            regs[5] = 0x1234_5607;
            exit(TrapCause.PRIVILEGED, word(Opcode.OUT, 0, 5, 1), 0);
            assertEquals(ExitKind.POWEROFF, vm.endKind());
            assertEquals(0x1234_5607, vm.devices().powerValue());
            assertEquals(1, vm.retired());
            assertEquals(21, vm.vpswPc(), "the final PC is past the out");
        }

        @Test
        void emulatedHaltRetiresThenHalts() {
            vm.setVpsw(Psw.S, 0, MEMSIZE, 20);
            exit(TrapCause.PRIVILEGED, word(Opcode.HALT, 0, 0, 0), 0);
            assertEquals(ExitKind.HALT, vm.endKind());
            assertEquals(21, vm.vpswPc());
            assertEquals(1, vm.retired());
        }

        @Test
        void mtcrPtbrChangesOnlyTheVirtualPtbr() {
            vm.setVpsw(Psw.S, 0, MEMSIZE, 20);
            regs[6] = 0x1234_5678;
            exit(TrapCause.PRIVILEGED, word(Opcode.MTCR, 0, 6, 0), 0);
            assertEquals(0x1234_5400, vm.ptbr(), "low 10 bits read as 0");
            verify(machine, never()).setPtbr(anyInt());
            verify(machine, never()).flushTlb();
        }
    }

    @Nested
    class Lpsw {
        private final int lpsw = word(Opcode.LPSW, 0, 2, 0);

        @Test
        void loadsTheVpswFromGuestMemoryAndRetires() {
            vm.setVpsw(Psw.S, 0, MEMSIZE, 20);
            guestWrite(60, Psw.I, 7, 8, 9);
            regs[2] = 60;
            exit(TrapCause.PRIVILEGED, lpsw, 0);
            assertEquals(new Psw(Psw.I, 7, 8, 9), vm.vpsw());
            assertEquals(1, vm.retired());
            assertNothingReflected();
        }

        @Test
        void readsThroughTheGuestsSegment() {
            vm.setVpsw(Psw.S, 50, 50, 20);
            guestWrite(60, 0, 1, 2, 3);
            regs[2] = 10;
            exit(TrapCause.PRIVILEGED, lpsw, 0);
            assertEquals(new Psw(0, 1, 2, 3), vm.vpsw());
        }

        @Test
        void aReadPastMemsizeIsTheNativeMemoryFault() {
            Psw old = new Psw(Psw.S, 0, 1000, 20);
            vm.setVpsw(old.flags(), old.b(), old.l(), old.pc());
            regs[2] = MEMSIZE - 2;
            exit(TrapCause.PRIVILEGED, lpsw, 0);
            assertReflected(old, TrapCause.MEMORY, MEMSIZE, 0);
            assertEquals(0, vm.retired());
        }

        @Test
        void aReadPastTheGuestSegmentIsASegmentFault() {
            Psw old = new Psw(Psw.S, 0, 62, 20);
            vm.setVpsw(old.flags(), old.b(), old.l(), old.pc());
            regs[2] = 60;
            exit(TrapCause.PRIVILEGED, lpsw, 0);
            assertReflected(old, TrapCause.SEGMENT, 62, 0);
        }

        @Test
        void reservedFlagBitsAreIllegalAfterTheReads() {
            Psw old = new Psw(Psw.S, 0, MEMSIZE, 20);
            vm.setVpsw(old.flags(), old.b(), old.l(), old.pc());
            guestWrite(60, 0x100, 0, 0, 0);
            regs[2] = 60;
            exit(TrapCause.PRIVILEGED, lpsw, 0);
            assertReflected(old, TrapCause.ILLEGAL, lpsw, 0);
        }

        @Test
        void settingPagingShutsTheVmDownAndTheLpswDoesNotRetire() {
            vm.setVpsw(Psw.S, 0, MEMSIZE, 20);
            guestWrite(60, Psw.S | Psw.P, 0, MEMSIZE, 33);
            regs[2] = 60;
            exit(TrapCause.PRIVILEGED, lpsw, 0);
            assertEquals(ExitKind.SHUTDOWN, vm.endKind());
            assertTrue(vm.endReason().contains("shadow-trace") && vm.endReason().contains("shadow-vtlb"),
                    vm.endReason());
            assertEquals(0, vm.retired(), "that lpsw does not retire");
            assertEquals(new Psw(Psw.S, 0, MEMSIZE, 20), vm.vpsw(), "and changes nothing");
            assertNothingReflected();
        }
    }

    @Nested
    class Faults {
        @Test
        void aSegmentFaultInsideTheGuestSegmentIsTheNativeMemoryFault() {
            Psw old = new Psw(USER, 10, 1000, 5);
            vm.setVpsw(old.flags(), old.b(), old.l(), old.pc());
            exit(TrapCause.SEGMENT, 95, TrapCause.ACC_U | TrapCause.ACC_W);
            assertReflected(old, TrapCause.MEMORY, 105, TrapCause.ACC_U | TrapCause.ACC_W);
        }

        @Test
        void aFetchFaultInsideTheGuestSegmentIsAMemoryFaultToo() {
            Psw old = new Psw(USER, 10, 1000, 95);
            vm.setVpsw(old.flags(), old.b(), old.l(), old.pc());
            exit(TrapCause.SEGMENT, 95, TrapCause.ACC_U | TrapCause.ACC_F);
            assertReflected(old, TrapCause.MEMORY, 105, TrapCause.ACC_U | TrapCause.ACC_F);
        }

        @Test
        void aSegmentFaultPastTheGuestLimitStaysSegment() {
            Psw old = new Psw(USER, 10, 1000, 5);
            vm.setVpsw(old.flags(), old.b(), old.l(), old.pc());
            exit(TrapCause.SEGMENT, 1000, TrapCause.ACC_U);
            assertReflected(old, TrapCause.SEGMENT, 1000, TrapCause.ACC_U);
        }

        @Test
        void aSegmentFaultWhereBasePlusVaOverflowsStaysSegment() {
            Psw old = new Psw(USER, 0xFFFF_FFF0, 0x100, 5);
            vm.setVpsw(old.flags(), old.b(), old.l(), old.pc());
            exit(TrapCause.SEGMENT, 0x20, TrapCause.ACC_U);
            assertReflected(old, TrapCause.SEGMENT, 0x20, TrapCause.ACC_U);
        }

        @Test
        void theDetailUBitIsVpswMNotTheHardwareMode() {
            Psw old = new Psw(Psw.S, 10, 1000, 5);
            vm.setVpsw(old.flags(), old.b(), old.l(), old.pc());
            exit(TrapCause.SEGMENT, 95, TrapCause.ACC_U | TrapCause.ACC_W);
            assertReflected(old, TrapCause.MEMORY, 105, TrapCause.ACC_W);
        }

        @Test
        void aSecondSynchronousTrapBeforeAnyInstructionRetiresIsADoubleFault() {
            vm.setVpsw(USER, 0, MEMSIZE, 5);
            exit(TrapCause.SVC, 1, 0);
            int[] trapArea = {guest(0), guest(1), guest(2), guest(3), guest(8), guest(9), guest(10)};
            exit(TrapCause.SEGMENT, 0x7777, TrapCause.ACC_F);
            assertEquals(ExitKind.SHUTDOWN, vm.endKind());
            assertTrue(vm.endReason().contains("double fault"), vm.endReason());
            assertArrayEquals(trapArea, new int[] {guest(0), guest(1), guest(2), guest(3), guest(8), guest(9), guest(10)},
                    "nothing is written for the second trap");
            assertEquals(1, java.util.Arrays.stream(vm.traps()).sum(), "nor counted");
            assertEquals(new Psw(HANDLER_FLAGS, 0, MEMSIZE, HANDLER_PC), vm.vpsw(),
                    "the final PSW is the one the delivery loaded");
        }

        @Test
        void aRetiredInstructionClosesTheDoubleFaultWindow() {
            vm.setVpsw(USER, 0, MEMSIZE, 5);
            exit(TrapCause.SVC, 1, 0);
            exit(TrapCause.PRIVILEGED, word(Opcode.TLBFLUSH, 0, 0, 0), 0); // emulated: the handler runs in vm-supervisor
            exit(TrapCause.SVC, 2, 0);
            assertFalse(vm.ended());
            assertEquals(2, vm.traps()[TrapCause.SVC.code()]);
        }

        @Test
        void aTimerDeliveryIsNeverTheSecondTrapButOpensAWindow() {
            vm.setVpsw(USER | Psw.I, 0, MEMSIZE, 5);
            vmm.reflect(vm, TrapCause.TIMER.code(), 0, 0);
            assertFalse(vm.ended());
            exit(TrapCause.SVC, 1, 0);
            assertEquals(ExitKind.SHUTDOWN, vm.endKind());
        }

        @Test
        void aDeliveryThatWouldLoadPagingShutsDownWithoutWriting() {
            guestWrite(4, Psw.S | Psw.P, 0, MEMSIZE, HANDLER_PC);
            Psw old = new Psw(USER, 0, MEMSIZE, 5);
            vm.setVpsw(old.flags(), old.b(), old.l(), old.pc());
            exit(TrapCause.SVC, 1, 0);
            assertEquals(ExitKind.SHUTDOWN, vm.endKind());
            assertTrue(vm.endReason().contains("shadow-trace") && vm.endReason().contains("shadow-vtlb"));
            assertEquals(old, vm.vpsw());
            assertNothingReflected();
        }

        @Test
        void reservedFlagBitsInMem1AreIgnoredByADelivery() {
            guestWrite(4, 0xFFFF_FFF8 | Psw.S, 0, MEMSIZE, HANDLER_PC);
            vm.setVpsw(USER, 0, MEMSIZE, 5);
            exit(TrapCause.SVC, 1, 0);
            assertEquals(Psw.S, vm.vpswFlags());
        }
    }

    @Test
    void theHardwareNeverHaltsAGuestInUserModeAndIfItDidTheVmShutsDownWithAReason() {
        vmm.dispatch(vm, Machine.EXIT_HALT);
        assertEquals(ExitKind.SHUTDOWN, vm.endKind());
        assertTrue(vm.endReason().startsWith("VMM error"));
    }

    @Test
    void theInstructionLimitExitIsNoTrap() {
        vmm.dispatch(vm, Machine.EXIT_BUDGET);
        assertNull(vm.endKind(), "the dispatcher loop ends the VM at its next check");
        assertNothingReflected();
        verify(machine, never()).trapCause();
    }

    @Test
    void theVmmTurnsTrapInterceptionOn() {
        verify(machine).setTrapIntercept(true);
        verify(machine, never()).setPsw(anyInt(), anyInt(), anyInt(), anyInt());
    }
}
