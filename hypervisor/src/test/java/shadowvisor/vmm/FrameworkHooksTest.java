package shadowvisor.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.Fault;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.mode.Mode;

/**
 * The contract between {@link TrapAndEmulateVmm} and a mode, through a recording mode: which
 * hook hears of which guest action, with which values, and what the framework does with a
 * hidden fault (nothing the guest can see: no trap, no count, no change to the double-fault
 * window) and with a mode whose fix-ups never fix.
 */
class FrameworkHooksTest {
    private static final int MEMSIZE = 64;

    /** A mode that maps the guest at host 0, hides PAGE faults, reflects the rest, and records every hook. */
    static final class RecordingVmm extends TrapAndEmulateVmm {
        final List<String> heard = new ArrayList<>();
        boolean refuse;

        RecordingVmm(Machine machine) {
            super(machine, 1000);
        }

        @Override
        public Mode mode() {
            return Mode.SHADOW_VTLB;
        }

        @Override
        protected GuestMemory allocate(int memsize) {
            Machine m = machine();
            return new GuestMemory() {
                public int hpa(int gpa) {
                    return gpa;
                }

                public int size() {
                    return memsize;
                }

                public int read(int gpa) {
                    return m.readPhysical(gpa);
                }

                public void write(int gpa, int word) {
                    m.writePhysical(gpa, word);
                }
            };
        }

        @Override
        protected void loadHardwarePsw(Vm vm) {
            heard.add("loadHardwarePsw");
        }

        @Override
        protected int translateGuest(Vm vm, int va, int access, Fault fault) {
            heard.add("translateGuest " + va + " " + access);
            return va;
        }

        @Override
        protected boolean onFault(Vm vm, int cause, int value, int detail, Fault fault) {
            heard.add("onFault " + TrapCause.of(cause) + " " + value + " " + detail);
            fault.set(cause, value, detail);
            return cause == TrapCause.PAGE.code();
        }

        @Override
        protected void onPtbrWrite(Vm vm) {
            heard.add("onPtbrWrite " + vm.ptbr());
        }

        @Override
        protected void onInvlpg(Vm vm, int la) {
            heard.add("onInvlpg " + la);
        }

        @Override
        protected void onTlbFlush(Vm vm) {
            heard.add("onTlbFlush");
        }

        @Override
        protected boolean onPswLoad(Vm vm, Psw next, boolean delivery) {
            heard.add("onPswLoad " + next + (delivery ? " delivery" : " lpsw"));
            if (refuse) {
                shutdown(vm, "refused");
                return false;
            }
            return true;
        }
    }

    private final int[] host = new int[MEMSIZE];
    private final int[] regs = new int[16];
    private Machine machine;
    private RecordingVmm vmm;
    private Vm vm;

    @BeforeEach
    void setUp() {
        machine = MockMachines.arrayBacked(host, regs);
        vmm = new RecordingVmm(machine);
        vm = vmm.createVm(new Image(16, List.of()), new VmConfig(MEMSIZE, null, null, 1_000_000));
        host[4] = Psw.S;
        host[6] = MEMSIZE;
        host[7] = 40;
        vm.setVpsw(Psw.S, 0, MEMSIZE, 20);
    }

    private void exit(TrapCause cause, int value, int detail) {
        when(machine.trapCause()).thenReturn(cause.code());
        when(machine.trapValue()).thenReturn(value);
        when(machine.trapDetail()).thenReturn(detail);
        vmm.dispatch(vm, Machine.EXIT_TRAP);
    }

    private void privileged(Opcode op, int a, int b, int imm) {
        exit(TrapCause.PRIVILEGED, Encoding.encode(op.code(), a, b, 0, imm), 0);
    }

    @Test
    void controlRegisterAndTlbInstructionsReachTheirHooksWithTheGuestsValues() {
        regs[3] = 0x0001_2345;
        privileged(Opcode.MTCR, 0, 3, 0);
        privileged(Opcode.INVLPG, 0, 3, 0);
        privileged(Opcode.TLBFLUSH, 0, 0, 0);
        assertEquals(List.of("onPtbrWrite " + 0x0001_2000, "onInvlpg " + 0x0001_2345, "onTlbFlush"), vmm.heard);
        assertEquals(3, vm.retired());
        assertEquals(23, vm.vpswPc());
    }

    @Test
    void lpswTranslatesItsFourWordsInOrderThenAsksTheMode() {
        regs[2] = 50;
        host[50] = Psw.I;
        host[53] = 9;
        privileged(Opcode.LPSW, 0, 2, 0);
        assertEquals(List.of("translateGuest 50 0", "translateGuest 51 0", "translateGuest 52 0", "translateGuest 53 0",
                "onPswLoad " + new Psw(Psw.I, 0, 0, 9) + " lpsw"), vmm.heard);
        assertEquals(new Psw(Psw.I, 0, 0, 9), vm.vpsw());
    }

    @Test
    void aDeliveryAsksTheModeAboutMem1AndARefusalChangesNothing() {
        vmm.refuse = true;
        exit(TrapCause.SVC, 7, 0);
        assertEquals(List.of("onPswLoad " + new Psw(Psw.S, 0, MEMSIZE, 40) + " delivery"), vmm.heard);
        assertEquals(ExitKind.SHUTDOWN, vm.endKind());
        assertEquals("refused", vm.endReason());
        assertEquals(0, host[8]);
        assertEquals(new Psw(Psw.S, 0, MEMSIZE, 20), vm.vpsw());
    }

    @Test
    void aHiddenFaultIsInvisibleToTheGuest() {
        exit(TrapCause.SVC, 1, 0); // a delivery: the double-fault window opens
        exit(TrapCause.PAGE, 0x400, TrapCause.ACC_U);
        assertEquals(1, vm.traps()[TrapCause.SVC.code()]);
        assertEquals(0, vm.traps()[TrapCause.PAGE.code()]);
        assertEquals(1, vm.counters().reflected);
        assertEquals(1, vm.counters().exits[TrapCause.PAGE.code()], "it is still an exit");
        assertFalse(vm.ended());
        exit(TrapCause.ARITH, 1, 0);
        assertEquals(ExitKind.SHUTDOWN, vm.endKind(), "the hidden fault neither opened nor closed the window");
        assertTrue(vm.endReason().contains("double fault"));
    }

    @Test
    void theModeDecidesWhatTheGuestSeesOfATrueFault() {
        exit(TrapCause.MEMORY, 0x99, TrapCause.ACC_W);
        assertEquals(TrapCause.MEMORY.code(), host[8]);
        assertEquals(0x99, host[9]);
        assertEquals(TrapCause.ACC_W, host[10]);
    }

    @Test
    void aModeWhoseFixUpsNeverFixIsStoppedNotSpun() {
        for (int i = 0; i <= TrapAndEmulateVmm.MAX_HIDDEN_IN_A_ROW; i++) {
            exit(TrapCause.PAGE, 0x400, 0);
        }
        assertEquals(ExitKind.SHUTDOWN, vm.endKind());
        assertTrue(vm.endReason().startsWith("VMM error"), vm.endReason());
    }

    @Test
    void hiddenFaultsWithProgressBetweenThemAreFine() {
        for (int i = 0; i <= 2 * TrapAndEmulateVmm.MAX_HIDDEN_IN_A_ROW; i++) {
            exit(TrapCause.PAGE, 0x400, 0);
            privileged(Opcode.TLBFLUSH, 0, 0, 0);
        }
        assertFalse(vm.ended());
    }
}
