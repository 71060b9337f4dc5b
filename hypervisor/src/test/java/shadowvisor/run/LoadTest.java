package shadowvisor.run;

import shadowvisor.mode.Mode;
import shadowvisor.result.RunReport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.cpu.Cpu;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Boot;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.Load;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Tlb;
import shadowvisor.vmm.TrapAndEmulateVmm;
import shadowvisor.vmm.Vm;
import shadowvisor.vmm.VmConfig;
import shadowvisor.vmm.segment.GuestRuns;
import shadowvisor.vmm.segment.SegmentVmm;
import shadowvisor.vmm.shadow.ShadowTraceVmm;
import shadowvisor.vmm.shadow.ShadowVmm;
import shadowvisor.vmm.shadow.ShadowVtlbVmm;

/**
 * {@code --load ADDR=PROGRAM} (spec sections 1.2 and 9) natively and under every VMM: the VM
 * boots by the same rule as the bare CPU, in its guest-physical memory, so a boot program that
 * runs the loaded one ends as natively.
 */
class LoadTest {
    private static final int MEM = 64 * 1024;
    private static final int ADDR = 0x1000;

    /**
     * A kernel that runs the loaded program in user mode in a segment of its own, B = r2 and
     * PC = r3, and serves its svc: svc 1 prints r1, svc 0 powers off with r1.
     */
    private static final Image SEGMENT_KERNEL = GuestRuns.assemble("segkernel.s", """
                    .org 16
            _start: li   r4, PSW_S                  ; trap entry: supervisor, B = 0, L = SZ
                    st   r4, NEW_PSW(r0)
                    st   r0, NEW_PSW+1(r0)
                    st   r1, NEW_PSW+2(r0)
                    la   r4, trap
                    st   r4, NEW_PSW+3(r0)
                    la   r5, upsw                   ; user PSW: B = r2, L = SZ - r2, PC = r3
                    st   r2, 1(r5)
                    sub  r6, r1, r2
                    st   r6, 2(r5)
                    st   r3, 3(r5)
                    lpsw 0(r5)
            trap:   ld   r10, TRAP_CAUSE(r0)
                    li   r11, T_SVC
                    bne  r10, r11, fail
                    ld   r12, TRAP_VALUE(r0)
                    beqz r12, exit
                    out  r1, CONSOLE
                    ld   r12, OLD_PSW+3(r0)
                    addi r12, r12, 1
                    st   r12, OLD_PSW+3(r0)
                    lpsw OLD_PSW(r0)
            exit:   out  r1, POWER
            fail:   li   r1, 99
                    out  r1, POWER
            upsw:   .word 0, 0, 0, 0
            """);

    /** The user program: its data at 0 of its own image, its entry past it (so r3 is not 0). */
    private static final Image USER = GuestRuns.assemble("user.s", """
            msg:    .string "user\\n"
            _start: la   r2, msg
            loop:   ld   r1, 0(r2)
                    beqz r1, done
                    svc  1
                    addi r2, r2, 1
                    j    loop
            done:   li   r1, 5
                    svc  0
            """);

    /** A boot program that jumps to r2 + r3 in its own flat segment, in supervisor mode. */
    private static final Image FLAT_KERNEL = GuestRuns.assemble("flat.s", """
                    .org 16
            _start: add  r4, r2, r3
                    jalr r0, r4, 0
            """);

    /** Position-independent code for the flat kernel: prints "hi" and halts. */
    private static final Image HI = GuestRuns.assemble("hi.s", """
                    .word 0xDEAD
            _start: li   r1, 'h'
                    out  r1, CONSOLE
                    li   r1, 'i'
                    out  r1, CONSOLE
                    halt
            """);

    private static RunOptions options(Load load) {
        return RunOptions.defaults(Mode.NATIVE).withMem(MEM).withLimit(1_000_000).withLoad(load);
    }

    private static TrapAndEmulateVmm vmm(Mode mode) {
        RunOptions o = options(null);
        return switch (mode) {
            case SEGMENT -> new SegmentVmm(Runner.hostCpu(SegmentVmm.hostWords(MEM), o), 1000);
            case SHADOW_TRACE -> new ShadowTraceVmm(Runner.hostCpu(ShadowVmm.hostWords(MEM), o), 1000, Runner.SHADOW_SEED);
            case SHADOW_VTLB -> new ShadowVtlbVmm(Runner.hostCpu(ShadowVmm.hostWords(MEM), o), 1000, Runner.SHADOW_SEED);
            default -> throw new IllegalArgumentException(mode.cliName());
        };
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SEGMENT", "SHADOW_TRACE", "SHADOW_VTLB"})
    void theVmBootsWithTheWordsAndRegistersTheCpuBootsWith(Mode mode) {
        Boot boot = new Boot(SEGMENT_KERNEL, new Load(ADDR, USER));
        PhysicalMemory memory = new PhysicalMemory(MEM);
        Cpu cpu = new Cpu(memory, new Devices(new Console(new byte[0], null)), new Tlb());
        cpu.boot(boot);

        Vm vm = vmm(mode).createVm(boot, new VmConfig(MEM, null, null, 1_000_000));
        for (int pa = 0; pa < MEM; pa++) {
            assertEquals(memory.read(pa), vm.memory().read(pa), "word " + pa);
        }
        int[] native_ = new int[16];
        for (int i = 0; i < 16; i++) {
            native_[i] = cpu.register(i);
        }
        assertArrayEquals(native_, vm.registers());
        assertEquals(ADDR, vm.registers()[2]);
        assertEquals(USER.entry(), vm.registers()[3]);
        assertEquals(cpu.psw(), vm.vpsw());
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SEGMENT", "SHADOW_TRACE", "SHADOW_VTLB"})
    void aVmWithoutLoadHasR2AndR3Zero(Mode mode) {
        Vm vm = vmm(mode).createVm(SEGMENT_KERNEL, new VmConfig(MEM, null, null, 1_000_000));
        assertEquals(MEM, vm.registers()[1]);
        assertEquals(0, vm.registers()[2]);
        assertEquals(0, vm.registers()[3]);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SEGMENT", "SHADOW_TRACE", "SHADOW_VTLB"})
    void aKernelRunsTheLoadedProgramInAUserSegmentAsNatively(Mode mode) {
        RunOptions o = options(new Load(ADDR, USER));
        RunReport nat = Runner.run(List.of(SEGMENT_KERNEL), o).get(0);
        assertEquals("user\n", nat.consoleText());
        assertEquals(ExitKind.POWEROFF, nat.exitKind());
        assertEquals(5, nat.status());
        GuestRuns.assertEquivalent("user segment at r2", nat, Runner.run(List.of(SEGMENT_KERNEL), o.withMode(mode), 7)
                .get(0));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SEGMENT", "SHADOW_TRACE", "SHADOW_VTLB"})
    void aKernelJumpsToR2PlusR3AsNatively(Mode mode) {
        RunOptions o = options(new Load(0x8000, HI));
        RunReport nat = Runner.run(List.of(FLAT_KERNEL), o).get(0);
        assertEquals("hi", nat.consoleText());
        assertEquals(ExitKind.HALT, nat.exitKind());
        GuestRuns.assertEquivalent("jump to r2 + r3", nat, Runner.run(List.of(FLAT_KERNEL), o.withMode(mode)).get(0));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SEGMENT", "SHADOW_TRACE", "SHADOW_VTLB"})
    void withSeveralVmsTheLoadGoesIntoEach(Mode mode) {
        List<RunReport> reports = Runner.run(List.of(SEGMENT_KERNEL, SEGMENT_KERNEL, SEGMENT_KERNEL),
                options(new Load(ADDR, USER)).withMode(mode), 5);
        assertEquals(3, reports.size());
        for (RunReport r : reports) {
            assertEquals("user\n", r.consoleText());
            assertEquals(5, r.status());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"NATIVE", "SEGMENT", "SHADOW_TRACE", "SHADOW_VTLB"})
    void aLoadThatDoesNotFitIsAUsageError(Mode mode) {
        RunOptions o = options(null).withMode(mode);
        assertUsageError("overlap the boot image's words 0x10..",
                () -> Runner.run(List.of(SEGMENT_KERNEL), o.withLoad(new Load(0x10, USER))));
        assertUsageError("lies past the memory's 65536 words",
                () -> Runner.run(List.of(SEGMENT_KERNEL), o.withLoad(new Load(MEM - 2, USER))));
        assertUsageError("the load address 0x10000 lies past",
                () -> Runner.run(List.of(SEGMENT_KERNEL), o.withLoad(new Load(MEM, USER))));
    }

    private static void assertUsageError(String fragment, Runnable run) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
