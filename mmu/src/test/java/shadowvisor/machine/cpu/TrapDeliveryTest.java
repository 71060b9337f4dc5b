package shadowvisor.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.machine.cpu.Words.*;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.isa.InstructionClass;
import shadowvisor.machine.isa.Opcode;
import shadowvisor.machine.isa.Profile;

/**
 * Spec section 4 (with 1.1): every synchronous trap cause with its value, detail word and saved
 * PC; the trap area words 0..10 and the PSW loaded from words 4..7; the priority of causes
 * within one instruction; and {@code lpsw}'s four reads before its ILLEGAL check.
 */
class TrapDeliveryTest {
    /** Where user-mode tests put their segment: B = USER_B, L = USER_L, the program at va 0. */
    static final int USER_B = 0x200, USER_L = 0x100;

    /** A machine running {@code words} in user mode at va 0 of the segment (USER_B, USER_L). */
    static Rig user(int... words) {
        Rig rig = Rig.standard().put(USER_B, words).boot();
        return rig.psw(0, USER_B, USER_L, 0);
    }

    @Test
    @DisplayName("§4 delivery: words 0..3 get the interrupted PSW, 8..10 cause/value/detail, the PSW is loaded from 4..7")
    void deliveryWritesTheTrapAreaAndLoadsTheNewPsw() {
        Rig rig = Rig.standard().code(NOP, NOP, svc(0xBEEF)).boot();
        rig.psw(Psw.I, 0x10, 0x300, Rig.CODE - 0x10);      // user mode, I = 1, a segment at 0x10
        rig.run().assertTrap(TrapCause.SVC, 0xBEEF, 0, Rig.CODE - 0x10 + 2).assertSavedPsw(Psw.I, 0x10, 0x300);
        assertEquals(new Psw(Psw.S, 0, 4096, Rig.HANDLER + 1), rig.psw(), "the new PSW from words 4..7, after its halt");
        assertEquals(3, rig.cpu.retired(), "two nops and the handler's halt; svc does not retire");
    }

    @Test
    @DisplayName("§4 delivery: reserved flag bits in the new-PSW slot are ignored")
    void reservedFlagBitsOfTheNewPswAreIgnored() {
        // Handler: read the flags; on the first entry (svc 1) raise svc 2 from its third instruction, then halt.
        Rig rig = Rig.standard().code(Words.svc(1))
                .put(Rig.HANDLER, rdpsw(3, 0), ld(7, 9, 0), addi(7, 7, -1),
                        branch(Opcode.BNE, 7, 0, 2), Words.svc(2), halt())
                .trapTo(0xFFFFFFF8 | Psw.S, 0, 4096, Rig.HANDLER).boot().run().assertHalted();
        assertEquals(Psw.S, rig.reg(3), "flags hold only the defined bits (M; P and I were 0 in the slot)");
        assertEquals(Psw.S, rig.psw().flags());
        assertEquals(Psw.S, rig.word(0), "the old PSW stored by the second delivery has no reserved bits");
        assertEquals(2, rig.traps(TrapCause.SVC));
        assertEquals(2, rig.word(9));
        assertEquals(Rig.HANDLER + 4, rig.word(3));
    }

    @Test
    @DisplayName("§4 SVC: value = imm zero-extended, detail 0, saved PC = the svc's address")
    void svcValueIsTheImmediate() {
        Rig rig = user(NOP, Words.svc(0xFFFF)).run();
        rig.assertTrap(TrapCause.SVC, 0xFFFF, 0, 1).assertSavedPsw(0, USER_B, USER_L);
    }

    static Stream<Opcode> privilegedOpcodes() {
        return Stream.of(Opcode.values()).filter(op -> op.instructionClass() == InstructionClass.PRIVILEGED);
    }

    @ParameterizedTest(name = "§2/§4 {0} in user mode traps PRIVILEGED, value = the word")
    @MethodSource("privilegedOpcodes")
    void privilegedInstructionInUserMode(Opcode op) {
        // Known operand numbers (cr 1, field 2, port 1) so that no decode-time ILLEGAL applies.
        int word = shadowvisor.machine.isa.Encoding.encode(op.code(), 3, 4, 0, op == Opcode.RDPSW ? 2 : 1);
        Rig rig = user(word).reg(3, 77).reg(4, 0).run();
        rig.assertTrap(TrapCause.PRIVILEGED, word, 0, 0).assertSavedPsw(0, USER_B, USER_L);
        assertEquals(77, rig.reg(3), "nothing changed");
        assertEquals("", rig.console());
        assertEquals(1, rig.cpu.retired(), "only the handler's halt retired");
    }

    @Test
    @DisplayName("§2 the opcode table: exactly the spec's privileged set, svc the only trap instruction")
    void classesMatchTheSpecTable() {
        assertEquals(java.util.Set.of("lpsw", "rdpsw", "mtcr", "mfcr", "invlpg", "tlbflush", "out", "in", "halt"),
                privilegedOpcodes().map(Opcode::mnemonic).collect(java.util.stream.Collectors.toSet()));
        assertEquals(InstructionClass.TRAP, Opcode.SVC.instructionClass());
    }

    static IntStream undefinedOpcodes() {
        return IntStream.range(0, 128).filter(code -> Profile.PG.opcode(code) == null);
    }

    @ParameterizedTest(name = "§2 opcode {0}, undefined in pg, traps ILLEGAL in either mode")
    @MethodSource("undefinedOpcodes")
    void undefinedOpcodeIsIllegal(int code) {
        int word = code << 25 | 0x00ABCDEF & 0x1FFFFFF;
        Rig sup = Rig.standard().code(word).boot().run();
        sup.assertTrap(TrapCause.ILLEGAL, word, 0, Rig.CODE).assertSavedPsw(Psw.S, 0, 4096);
        user(word).run().assertTrap(TrapCause.ILLEGAL, word, 0, 0).assertSavedPsw(0, USER_B, USER_L);
    }

    @Test
    @DisplayName("§2.1 every opcode the spec lists is defined, with its number")
    void opcodeNumbersMatchTheSpec() {
        String spec = "add 01, sub 02, and 03, or 04, xor 05, mul 06, shl 07, shr 08, sar 09, div 0A, rem 0B, divu 0C, "
                + "remu 0D, slt 0E, sltu 0F, addi 10, slti 11, sltiu 12, andi 13, ori 14, xori 15, shli 16, shri 17, "
                + "sari 18, lui 19, ld 1A, st 1B, beq 20, bne 21, blt 22, bge 23, bltu 24, bgeu 25, jal 26, jalr 27, "
                + "svc 30, lpsw 40, rdpsw 41, mtcr 42, mfcr 43, invlpg 44, tlbflush 45, out 46, in 47, halt 48, "
                + "jrstu 50, popf 51, smsw 52, mrs 53";
        int n = 0;
        for (String pair : spec.split(", ")) {
            String[] p = pair.split(" ");
            Opcode op = Opcode.byMnemonic(p[0]);
            assertEquals(Integer.parseInt(p[1], 16), op.code(), p[0]);
            n++;
        }
        assertEquals(n, Opcode.values().length);
    }

    static Stream<Arguments> unknownOperandNumbers() {
        return Stream.of(
                Arguments.of("mtcr 2", mtcr(2, 1)), Arguments.of("mtcr 65535", mtcr(0xFFFF, 1)),
                Arguments.of("mfcr 2", mfcr(3, 2)), Arguments.of("mfcr 0x8000", mfcr(3, 0x8000)),
                Arguments.of("rdpsw 3", rdpsw(3, 3)), Arguments.of("rdpsw 65535", rdpsw(3, 0xFFFF)));
    }

    @ParameterizedTest(name = "§2 {0}: unknown number traps ILLEGAL in user mode too (before PRIVILEGED)")
    @MethodSource("unknownOperandNumbers")
    void unknownControlRegisterOrFieldIsIllegalNotPrivileged(String what, int word) {
        user(word).reg(3, 5).run().assertTrap(TrapCause.ILLEGAL, word, 0, 0);
        Rig sup = Rig.standard().code(word).boot().reg(3, 5).run();
        sup.assertTrap(TrapCause.ILLEGAL, word, 0, Rig.CODE);
        assertEquals(5, sup.reg(3));
        assertEquals(0, sup.cpu.ptbr());
        assertEquals(0, sup.cpu.timer());
    }

    @Test
    @DisplayName("§4 priority: a fetch fault comes first (an illegal word beyond L is never decoded)")
    void fetchFaultBeforeIllegal() {
        Rig rig = Rig.standard().put(USER_B + USER_L, 0).boot();    // word 0 = undefined opcode, just past L
        rig.psw(0, USER_B, USER_L, USER_L).run();
        rig.assertTrap(TrapCause.SEGMENT, USER_L, TrapCause.ACC_F | TrapCause.ACC_U, USER_L);
    }

    @Test
    @DisplayName("§4 priority: PRIVILEGED before the operand accesses (user lpsw at an address beyond L)")
    void privilegedBeforeOperandFault() {
        int word = lpsw(0x7FFF, 0);
        user(word).run().assertTrap(TrapCause.PRIVILEGED, word, 0, 0);
    }

    @Test
    @DisplayName("§4 ARITH: value = the instruction word, detail 0")
    void arith() {
        int word = r3(Opcode.DIV, 1, 2, 3);
        user(word).run().assertTrap(TrapCause.ARITH, word, 0, 0);
    }

    @Test
    @DisplayName("§4 a trapping st changes nothing: memory and registers keep their values")
    void trappingStoreChangesNothing() {
        Rig rig = user(st(2, USER_L, 0)).reg(2, 0x1234).run();
        rig.assertTrap(TrapCause.SEGMENT, USER_L, TrapCause.ACC_W | TrapCause.ACC_U, 0);
        assertEquals(0, rig.word(USER_B + USER_L));
    }

    @Test
    @DisplayName("§2 lpsw: loads (flags, B, L, PC) and retires; the next instruction runs at the loaded PC")
    void lpswLoadsThePsw() {
        Rig rig = Rig.standard().code(lpsw(0x10, 1)).put(0x810, Psw.S | Psw.I, 0x20, 0x700, 0x300 - 0x20)
                .put(0x300, rdpsw(3, 0), halt()).boot().reg(1, 0x800).run().assertHalted().assertNoTrap();
        assertEquals(Psw.S | Psw.I, rig.reg(3));
        assertEquals(new Psw(Psw.S | Psw.I, 0x20, 0x700, 0x300 - 0x20 + 2), rig.psw());
        assertEquals(3, rig.cpu.retired());
    }

    @ParameterizedTest(name = "§2/§4 lpsw with reserved flag bits 0x{0}: ILLEGAL after the four reads, nothing loaded")
    @ValueSource(ints = {0x8, 0x10, 0x80000000, 0xFFFFFFF8 | 1})
    void lpswWithReservedFlagBitsIsIllegal(int flags) {
        int word = lpsw(0, 1);
        Rig rig = Rig.standard().code(word).put(0x800, flags, 0, 4096, 0x300).boot().reg(1, 0x800).run();
        rig.assertTrap(TrapCause.ILLEGAL, word, 0, Rig.CODE).assertSavedPsw(Psw.S, 0, 4096);
    }

    @Test
    @DisplayName("§4 lpsw reads its four words in order: a fault on word 2 comes before the reserved-bit ILLEGAL")
    void lpswFaultsOnALaterWordBeforeIllegal() {
        // Supervisor segment (B = 0x400, L = 0x10): the PSW at va 0xE straddles L; word 2 is at va 0x10 = L.
        int word = lpsw(0xE, 0);
        Rig rig = Rig.standard().put(0x400, word).put(0x40E, 0xFF, 0).boot();
        rig.psw(Psw.S, 0x400, 0x10, 0).run();
        rig.assertTrap(TrapCause.SEGMENT, 0x10, 0, 0).assertSavedPsw(Psw.S, 0x400, 0x10);
    }

    @Test
    @DisplayName("§4 lpsw: a fault on word 3 (the PC) reports that word's va")
    void lpswFaultOnTheLastWord() {
        int word = lpsw(0xD, 0);
        Rig rig = Rig.standard().put(0x400, word).put(0x40D, Psw.S, 0, 4096).boot();
        rig.psw(Psw.S, 0x400, 0x10, 0).run();
        rig.assertTrap(TrapCause.SEGMENT, 0x10, 0, 0);
    }

    @Test
    @DisplayName("§4 lpsw: word 0 beyond SZ is a MEMORY fault with value la")
    void lpswMemoryFault() {
        int word = lpsw(0, 1);
        Rig rig = Rig.standard().code(word).boot().reg(1, 4094 - 0x10);
        rig.psw(Psw.S, 0x10, 4096, Rig.CODE - 0x10).run();        // word 2 at va 4096 - 0x10: la = SZ
        rig.assertTrap(TrapCause.MEMORY, 4096, 0, Rig.CODE - 0x10);
    }
}
