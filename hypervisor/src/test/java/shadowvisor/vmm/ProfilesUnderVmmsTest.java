package shadowvisor.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.Mode;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;
import shadowvisor.vmm.segment.GuestRuns;

/**
 * Spec section 8, "Under a VMM": a profile's instructions run on the hardware as they do, with
 * two exceptions every mode implements the same way: the {@code kseg} window, whose
 * vm-supervisor accesses are emulated (equivalent, an exit each), and an instruction a profile
 * file made innocuous that would act on the host, which shuts the VM down.
 */
class ProfilesUnderVmmsTest {
    /** A mips kernel: 50 loads and 50 stores through the window, two instructions fetched there, an lpsw read there, a user access. */
    private static final String KSEG_KERNEL = """
            .profile mips
                    .org 4
                    .word PSW_S, 0, 4096, handler
                    .org 16
            _start: li   r1, 0xC0000000 + data
                    li   r2, 50
            loop:   ld   r3, 0(r1)
                    addi r3, r3, 3
                    st   r3, 0(r1)
                    addi r2, r2, -1
                    bnez r2, loop
                    li   r4, 0xC0000000 + routine
                    jalr lr, r4, 0
                    li   r5, 0xC0000000 + userpsw
                    lpsw 0(r5)
            routine: addi r6, r0, 77
                    ret
            handler: ld  r9, TRAP_CAUSE(r0)
                    ld   r11, TRAP_VALUE(r0)
                    addi r10, r0, 'S'
                    out  r10, CONSOLE
                    out  r9, POWER
            userpsw: .word 0, 0x800, 0x100, 0
            data:   .word 1000
                    .org 0x800
                    li   r8, 0xC0000010
                    ld   r7, 0(r8)
                    halt
            """;

    private static RunReport run(Image image, Mode mode, Profile profile, int slice) {
        RunOptions o = GuestRuns.options(4096, RunOptions.DEFAULT_LIMIT, new byte[0]).withProfile(profile)
                .withMode(mode);
        return Runner.run(List.of(image), o, slice).get(0);
    }

    @ParameterizedTest(name = "§8 mips: every mode emulates the window accesses of vm-supervisor: {0} is equivalent, an exit each")
    @EnumSource(value = Mode.class, names = {"SEGMENT", "SHADOW_TRACE", "SHADOW_VTLB"})
    void ksegIsEquivalentAndPaysAnExitPerAccess(Mode mode) {
        Image image = GuestRuns.assemble("kseg.s", KSEG_KERNEL);
        RunReport nat = run(image, Mode.NATIVE, Profile.MIPS, 1);
        assertEquals(ExitKind.POWEROFF, nat.exitKind());
        assertEquals(TrapCause.SEGMENT.code(), nat.status(), "the user access is a SEGMENT fault natively");
        assertEquals("S", nat.consoleText());
        assertEquals(0xC0000010, nat.registers()[11], "with value va");
        for (int slice : new int[] {TrapAndEmulateVmm.DEFAULT_SLICE, 7}) {
            RunReport vmm = run(image, mode, Profile.MIPS, slice);
            GuestRuns.assertEquivalent("kseg.s, slice " + slice, nat, vmm);
            // 100 data accesses, 2 fetches (addi, ret) and the user's own SEGMENT fault; lpsw's reads
            // need no exit of their own: lpsw traps PRIVILEGED and is emulated through the window.
            assertEquals(103, vmm.vmm().exits[TrapCause.SEGMENT.code()], "SEGMENT exits");
            assertEquals(50, vmm.vmm().emulated[Opcode.OP_LD]);
            assertEquals(50, vmm.vmm().emulated[Opcode.OP_ST]);
            assertEquals(1, vmm.vmm().emulated[Opcode.OP_JALR], "ret, fetched through the window");
            assertEquals(1, vmm.vmm().emulated[Opcode.OP_LPSW]);
            assertEquals(1, vmm.vmm().reflected, "the user's access is reflected as the SEGMENT fault it is");
        }
    }

    @ParameterizedTest(name = "§8 without the window (kseg off) the same kernel faults in {0} exactly as natively")
    @EnumSource(value = Mode.class, names = {"SEGMENT", "SHADOW_TRACE", "SHADOW_VTLB"})
    void noWindowNoEmulation(Mode mode) {
        Image image = GuestRuns.assemble("kseg.s", KSEG_KERNEL);
        Profile off = Profile.derive("mips-off", Profile.MIPS, null, null, null, null, false);
        RunReport nat = run(image, Mode.NATIVE, off, 1);
        assertEquals(TrapCause.SEGMENT.code(), nat.status(), "the first window access is a plain SEGMENT fault");
        RunReport vmm = run(image, mode, off, TrapAndEmulateVmm.DEFAULT_SLICE);
        GuestRuns.assertEquivalent("kseg.s without kseg", nat, vmm);
        assertEquals(0, vmm.vmm().emulated[Opcode.OP_LD]);
    }

    @ParameterizedTest(name = "§8 an innocuous out would act on the host: {0} shuts the VM down, naming it")
    @EnumSource(value = Mode.class, names = {"SEGMENT", "SHADOW_TRACE", "SHADOW_VTLB"})
    void anInstructionThatWouldActOnTheHostShutsTheVmDown(Mode mode) {
        Profile p = Profile.derive("out-innocuous", Profile.PG, null, null, List.of("out", "halt"), null, null);
        Image image = GuestRuns.assemble("out.s", """
                        .org 16
                _start: li  r1, 'k'
                        out r1, CONSOLE
                        halt
                """);
        RunReport nat = run(image, Mode.NATIVE, p, 1);
        assertEquals("k", nat.consoleText());
        assertEquals(ExitKind.HALT, nat.exitKind());
        RunReport vmm = run(image, mode, p, TrapAndEmulateVmm.DEFAULT_SLICE);
        assertEquals(ExitKind.SHUTDOWN, vmm.exitKind());
        assertEquals("", vmm.consoleText(), "nothing reached the host's console, nor the guest's");
        assertTrue(vmm.reason().contains("out") && vmm.reason().contains("innocuous")
                && vmm.reason().contains("out-innocuous"), vmm.reason());
    }

    @Test
    @DisplayName("§8 under a stack the level on the hardware stops the host action, and the guest's VM ends with its reason")
    void aHostActionUnderAStackEndsTheInnermostGuestWithTheReason() {
        Profile p = Profile.derive("out-innocuous", Profile.PG, null, null, List.of("out"), null, null);
        Image image = GuestRuns.assemble("out.s", """
                        .org 16
                _start: li  r1, 'k'
                        out r1, CONSOLE
                        halt
                """);
        RunOptions o = GuestRuns.options(4096, RunOptions.DEFAULT_LIMIT, new byte[0]).withProfile(p)
                .withMode(shadowvisor.mode.ModeStack.parse("segment/segment"));
        RunReport r = Runner.run(List.of(image), o).get(0);
        assertEquals(ExitKind.SHUTDOWN, r.exitKind());
        assertTrue(r.reason().startsWith("the VM this VMM runs in was shut down: the guest executed out"), r.reason());
    }

    @Test
    @DisplayName("§8 a profile-instruction under segment runs on the hardware: arm mrs in vm-supervisor reads M = u")
    void mrsReadsTheHardwarePsw() {
        Image image = GuestRuns.assemble("mrs.s", """
                        .org 16
                _start: mrs r5
                        halt
                """);
        assertEquals(1, run(image, Mode.NATIVE, Profile.ARM, 1).registers()[5], "natively M = s");
        RunReport seg = run(image, Mode.SEGMENT, Profile.ARM, TrapAndEmulateVmm.DEFAULT_SLICE);
        assertEquals(4, seg.registers()[5], "under segment the hardware's flags: M = u, I = 1 (the lesson)");
        assertEquals(0, seg.vmm().emulated[Opcode.OP_MRS], "the VMM never saw it");
    }
}
