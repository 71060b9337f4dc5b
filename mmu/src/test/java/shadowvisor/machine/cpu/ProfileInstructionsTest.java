package shadowvisor.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.machine.cpu.Words.*;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.paging.Tlb;

/** Spec section 8: the instructions and the rule each profile adds, executed on the CPU. */
class ProfileInstructionsTest {
    private static final int USER_CODE = 0x800;

    /** A rig whose CPU is switched to user mode with a segment at {@link #USER_CODE} holding {@code words}. */
    private static Rig user(Profile profile, int flags, int... words) {
        Rig rig = Rig.standard(profile).put(USER_CODE, words).code(halt()).boot();
        return rig.psw(flags, USER_CODE, 0x400, 0);
    }

    @Test
    @DisplayName("§8 pdp10 jrstu in supervisor mode jumps, then drops to user mode: the next fetch is a user one")
    void jrstuDropsToUserMode() {
        Rig rig = Rig.standard(Profile.PDP10).code(jrstu(0x200, 0)).put(0x200, halt()).boot().run();
        // halt at 0x200 runs in user mode: PRIVILEGED, saved with M = u and the PSW's other fields unchanged.
        rig.assertTrap(TrapCause.PRIVILEGED, halt(), 0, 0x200).assertSavedPsw(0, 0, 4096);
    }

    @Test
    @DisplayName("§8 pdp10 jrstu in user mode is a plain jump")
    void jrstuInUserModeIsAJump() {
        user(Profile.PDP10, 0, jrstu(5, 0), NOP, NOP, NOP, NOP, svc(9)).run()
                .assertTrap(TrapCause.SVC, 9, 0, 5).assertSavedPsw(0, USER_CODE, 0x400);
    }

    @Test
    @DisplayName("§8 x86 popf in supervisor mode sets I from bit 2 of rs, and a pending tick is delivered next")
    void popfSetsIAndDeliversThePendingTick() {
        Rig rig = Rig.standard(Profile.X86).code(addi(3, 0, 2), mtcr(1, 3), NOP, NOP, addi(2, 0, Psw.I), popf(2),
                NOP).boot().run();
        int afterPopf = Rig.CODE + 6;
        rig.assertTrap(TrapCause.TIMER, 0, 0, afterPopf).assertSavedPsw(Psw.S | Psw.I, 0, 4096);
    }

    @Test
    @DisplayName("§8 x86 popf in supervisor mode clears I")
    void popfClearsI() {
        Rig rig = Rig.standard(Profile.X86).code(popf(0), rdpsw(5, 0), halt()).boot();
        rig.psw(Psw.S | Psw.I, 0, 4096, Rig.CODE).run().assertHalted().assertNoTrap();
        assertEquals(Psw.S, rig.reg(5));
    }

    @Test
    @DisplayName("§8 x86 popf in user mode changes nothing, silently")
    void popfInUserModeIsSilent() {
        Rig rig = user(Profile.X86, 0, addi(2, 0, Psw.I), popf(2), svc(1)).run();
        rig.assertTrap(TrapCause.SVC, 1, 0, 2).assertSavedPsw(0, USER_CODE, 0x400);
    }

    @Test
    @DisplayName("§8 x86 smsw reads flags, B and L of the current PSW in user mode too; field 3 and up is ILLEGAL")
    void smswReadsThePswInEitherMode() {
        Rig rig = user(Profile.X86, Psw.I, smsw(5, 0), smsw(6, 1), smsw(7, 2), svc(0)).run();
        rig.assertTrap(TrapCause.SVC, 0, 0, 3);
        assertEquals(List.of(Psw.I, USER_CODE, 0x400), List.of(rig.reg(5), rig.reg(6), rig.reg(7)));
        user(Profile.X86, 0, smsw(5, 3)).run().assertTrap(TrapCause.ILLEGAL, smsw(5, 3), 0, 0);
        Rig.standard(Profile.X86).code(smsw(5, 0xFFFF)).boot().run()
                .assertTrap(TrapCause.ILLEGAL, smsw(5, 0xFFFF), 0, Rig.CODE);
    }

    @Test
    @DisplayName("§8 arm mrs reads the PSW's flags in either mode")
    void mrsReadsTheFlags() {
        Rig rig = user(Profile.ARM, Psw.I, mrs(5), svc(0)).run();
        rig.assertTrap(TrapCause.SVC, 0, 0, 1);
        assertEquals(Psw.I, rig.reg(5));
        Rig sup = Rig.standard(Profile.ARM).code(mrs(6), halt()).boot().run().assertHalted();
        assertEquals(Psw.S, sup.reg(6));
    }

    static Stream<Arguments> instructionsOutsideTheirProfile() {
        int[] words = {jrstu(0, 0), popf(0), smsw(1, 0), mrs(1)};
        return Profile.builtIns().stream().flatMap(p -> Stream.of(Opcode.JRSTU, Opcode.POPF, Opcode.SMSW, Opcode.MRS)
                .filter(op -> !p.defines(op))
                .map(op -> Arguments.of(p.name(), op.mnemonic(), words[op.code() - Opcode.OP_JRSTU])));
    }

    @ParameterizedTest(name = "§8 {1} is undefined in {0}: ILLEGAL in either mode")
    @MethodSource("instructionsOutsideTheirProfile")
    void anInstructionOutsideItsProfileIsIllegal(String profile, String mnemonic, int word) {
        Profile p = Profile.builtIn(profile);
        Rig.standard(p).code(word).boot().run().assertTrap(TrapCause.ILLEGAL, word, 0, Rig.CODE);
        user(p, 0, word).run().assertTrap(TrapCause.ILLEGAL, word, 0, 0);
    }

    // ---------------------------------------------------------------------------------------
    // The kseg window of mips.

    @Test
    @DisplayName("§8 mips kseg: supervisor loads and stores bypass the segment: pa = va - 0xC0000000")
    void ksegSupervisorBypassesTheSegment() {
        Rig rig = Rig.standard(Profile.MIPS).put(0x20, 1234).code(li(1, 0xC0000020)).code(ld(5, 0, 1), st(5, 1, 1),
                halt()).boot();
        // A segment far from the window and too short to reach pa 0x20 by itself.
        rig.psw(Psw.S, 0, Rig.CODE + 16, Rig.CODE).run().assertHalted().assertNoTrap();
        assertEquals(1234, rig.reg(5));
        assertEquals(1234, rig.word(0x21));
    }

    @Test
    @DisplayName("§8 mips kseg: lpsw reads its words through the window, and a fetch through it runs the code there")
    void ksegLpswAndFetch() {
        Rig rig = Rig.standard(Profile.MIPS).put(0x20, Psw.S, 0, 4096, 0x300).put(0x300, li(2, 0xC0000400))
                .put(0x302, jalr(0, 2, 0)).put(0x400, halt()).code(li(1, 0xC0000020)).code(lpsw(0, 1)).boot().run();
        rig.assertHalted().assertNoTrap();
        assertEquals(0xC0000401, rig.psw().pc(), "halt fetched at va 0xC0000400 retired");
    }

    @Test
    @DisplayName("§8 mips kseg: a supervisor access past SZ is a MEMORY fault with value pa, U clear")
    void ksegPastMemoryIsAMemoryFault() {
        Rig rig = Rig.standard(Profile.MIPS).code(li(1, 0xC0000000 + 4096)).code(st(0, 0, 1)).boot().run();
        rig.assertTrap(TrapCause.MEMORY, 4096, TrapCause.ACC_W, Rig.CODE + 2);
    }

    @Test
    @DisplayName("§8 mips kseg: a user access is a SEGMENT fault with value va, U set, whatever L")
    void ksegInUserModeIsASegmentFault() {
        Rig rig = Rig.standard(Profile.MIPS).put(USER_CODE, li(1, 0xC0000020)).put(USER_CODE + 2, ld(5, 0, 1))
                .code(halt()).boot();
        rig.psw(0, 0, 0xFFFFFFFF, USER_CODE).run()
                .assertTrap(TrapCause.SEGMENT, 0xC0000020, TrapCause.ACC_U, USER_CODE + 2);
        Rig fetch = Rig.standard(Profile.MIPS).put(USER_CODE, li(1, 0xC0000020)).put(USER_CODE + 2, jalr(0, 1, 0))
                .code(halt()).boot();
        fetch.psw(0, 0, 0xFFFFFFFF, USER_CODE).run()
                .assertTrap(TrapCause.SEGMENT, 0xC0000020, TrapCause.ACC_U | TrapCause.ACC_F, 0xC0000020);
    }

    @Test
    @DisplayName("§8 without kseg the window's addresses go through the segment as any other")
    void noWindowOutsideMips() {
        Rig rig = Rig.standard(Profile.PG).code(li(1, 0xC0000020)).code(ld(5, 0, 1)).boot().run();
        rig.assertTrap(TrapCause.SEGMENT, 0xC0000020, 0, Rig.CODE + 2);
    }

    // ---------------------------------------------------------------------------------------
    // Profile files.

    @Test
    @DisplayName("§8 a profile file's innocuous rdpsw runs in user mode with its supervisor semantics")
    void innocuousRdpswRunsInUserMode() {
        Profile p = Profile.derive("t", Profile.PG, null, null, List.of("rdpsw"), null, null);
        Rig rig = user(p, Psw.I, rdpsw(5, 1), svc(0)).run().assertTrap(TrapCause.SVC, 0, 0, 1);
        assertEquals(USER_CODE, rig.reg(5));
    }

    @Test
    @DisplayName("§8 a profile file's privileged add traps PRIVILEGED in user mode and runs in supervisor mode")
    void privilegedAdd() {
        Profile p = Profile.derive("t", Profile.PG, null, null, null, List.of("add"), null);
        int add = r3(Opcode.ADD, 5, 0, 0);
        user(p, 0, add).run().assertTrap(TrapCause.PRIVILEGED, add, 0, 0);
        Rig.standard(p).code(add, halt()).boot().run().assertHalted().assertNoTrap();
    }

    @Test
    @DisplayName("§8 an innocuous out in user mode acts natively, but a host that intercepts stops it before it acts")
    void innocuousOutIsStoppedOnAnInterceptingHost() {
        Profile p = Profile.derive("t", Profile.PG, null, null, List.of("out"), null, null);
        int out = out(1, 0);
        Rig natively = user(p, 0, addi(1, 0, 'x'), out, svc(0)).run().assertTrap(TrapCause.SVC, 0, 0, 2);
        assertEquals("x", natively.console());

        Rig host = new Rig(4096, new Tlb(), new byte[0], p);
        host.put(USER_CODE, addi(1, 0, 'x'), out).boot();
        host.cpu.setTrapIntercept(true);
        host.psw(0, USER_CODE, 0x400, 0).run();
        assertEquals(Machine.EXIT_HOST_ACTION, host.exit);
        assertEquals(out, host.cpu.trapValue());
        assertEquals(1, host.psw().pc(), "stopped at the instruction, which did not retire");
        assertEquals("", host.console());
    }
}
