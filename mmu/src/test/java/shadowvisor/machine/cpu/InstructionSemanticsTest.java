package shadowvisor.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.machine.cpu.Words.*;
import static shadowvisor.machine.isa.Opcode.*;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.isa.Opcode;

/**
 * Spec section 2: the semantics of every instruction, one clause per test, on programs encoded
 * by hand. Each program runs from {@link Rig#CODE} in supervisor mode and ends with {@code halt}.
 */
class InstructionSemanticsTest {

    /** A booted machine whose program is {@code words} then {@code halt}. */
    static Rig program(int... words) {
        return Rig.standard().code(words).code(halt()).boot();
    }

    static Rig runClean(Rig rig) {
        return rig.run().assertHalted().assertNoTrap();
    }

    static Stream<Arguments> threeRegister() {
        int min = Integer.MIN_VALUE;
        return Stream.of(
                Arguments.of(ADD, 0x7FFFFFFF, 1, min, "add wraps modulo 2^32"),
                Arguments.of(ADD, -5, 3, -2, "add signed"),
                Arguments.of(SUB, 0, 1, -1, "sub wraps"),
                Arguments.of(SUB, min, 1, 0x7FFFFFFF, "sub wraps at MIN"),
                Arguments.of(AND, 0xF0F0F0F0, 0x3C3C3C3C, 0x30303030, "and"),
                Arguments.of(OR, 0xF0F0F0F0, 0x0F00000F, 0xFFF0F0FF, "or"),
                Arguments.of(XOR, 0xFFFF0000, 0xF0F0F0F0, 0x0F0FF0F0, "xor"),
                Arguments.of(MUL, 0x12345678, 0x9ABCDEF0, 0x242D2080, "mul keeps the low 32 bits"),
                Arguments.of(MUL, 0x10000, 0x10000, 0, "mul: 2^32 is 0"),
                Arguments.of(MUL, -7, 3, -21, "mul signed"),
                Arguments.of(SHL, 1, 31, min, "shl by 31"),
                Arguments.of(SHL, 3, 33, 6, "shl by rs2 mod 32 (33 -> 1)"),
                Arguments.of(SHL, 3, 32, 3, "shl by rs2 mod 32 (32 -> 0)"),
                Arguments.of(SHL, 1, -1, min, "shl by rs2 mod 32 (0xFFFFFFFF -> 31)"),
                Arguments.of(SHR, 0x80000000, 4, 0x08000000, "shr is logical"),
                Arguments.of(SHR, 0x80000000, 36, 0x08000000, "shr by rs2 mod 32"),
                Arguments.of(SAR, 0x80000000, 4, 0xF8000000, "sar is arithmetic"),
                Arguments.of(SAR, 0x80000000, 63, -1, "sar by rs2 mod 32 (63 -> 31)"),
                Arguments.of(SAR, 0x40000000, 30, 1, "sar of a positive value"),
                Arguments.of(DIV, 7, 2, 3, "div"),
                Arguments.of(DIV, -7, 2, -3, "div truncates toward zero"),
                Arguments.of(DIV, 7, -2, -3, "div truncates toward zero, negative divisor"),
                Arguments.of(DIV, min, -1, min, "div MIN / -1 gives MIN"),
                Arguments.of(REM, -7, 2, -1, "rem takes the dividend's sign"),
                Arguments.of(REM, 7, -2, 1, "rem takes the dividend's sign, negative divisor"),
                Arguments.of(REM, min, -1, 0, "rem MIN % -1 gives 0"),
                Arguments.of(DIVU, -1, 2, 0x7FFFFFFF, "divu is unsigned"),
                Arguments.of(DIVU, -1, 7, 0x24924924, "divu is unsigned (7)"),
                Arguments.of(DIVU, min, -1, 0, "divu MIN / 0xFFFFFFFF is 0"),
                Arguments.of(REMU, -1, 10, 5, "remu is unsigned"),
                Arguments.of(REMU, -1, 7, 3, "remu is unsigned (7)"),
                Arguments.of(SLT, -1, 1, 1, "slt signed: -1 < 1"),
                Arguments.of(SLT, 1, -1, 0, "slt signed: 1 < -1 is false"),
                Arguments.of(SLT, 4, 4, 0, "slt strict"),
                Arguments.of(SLTU, -1, 1, 0, "sltu unsigned: 0xFFFFFFFF < 1 is false"),
                Arguments.of(SLTU, 1, -1, 1, "sltu unsigned: 1 < 0xFFFFFFFF"));
    }

    @ParameterizedTest(name = "§2 {4}")
    @MethodSource("threeRegister")
    @DisplayName("§2 three-register instructions: rd <- rs1 op rs2")
    void threeRegisterInstruction(Opcode op, int x, int y, int expected, String clause) {
        Rig rig = runClean(program(r3(op, 3, 1, 2)).reg(1, x).reg(2, y));
        assertEquals(expected, rig.reg(3), clause);
        assertEquals(x, rig.reg(1), "rs1 unchanged");
        assertEquals(y, rig.reg(2), "rs2 unchanged");
        assertEquals(Rig.CODE + 2, rig.psw().pc(), "PC advanced by 1 per instruction");
        assertEquals(2, rig.cpu.retired(), "the instruction and halt retired");
    }

    @ParameterizedTest(name = "§2 {0} with rd == rs1 == rs2")
    @MethodSource("threeRegisterOpcodes")
    void threeRegisterWithAliasedOperands(Opcode op) {
        Rig rig = runClean(program(r3(op, 5, 5, 5)).reg(5, 6));
        int expected = switch (op) {
            case ADD -> 12; case SUB, XOR, REM, REMU, SLT, SLTU -> 0; case AND, OR -> 6; case MUL -> 36;
            case SHL -> 6 << 6; case SHR, SAR -> 0; case DIV, DIVU -> 1;
            default -> throw new IllegalArgumentException();
        };
        assertEquals(expected, rig.reg(5));
    }

    static Stream<Opcode> threeRegisterOpcodes() {
        return Stream.of(ADD, SUB, AND, OR, XOR, MUL, SHL, SHR, SAR, DIV, REM, DIVU, REMU, SLT, SLTU);
    }

    @ParameterizedTest(name = "§2 {0} by zero traps ARITH")
    @MethodSource("divisions")
    void divisionByZeroTrapsArith(Opcode op) {
        int word = r3(op, 3, 1, 2);
        Rig rig = program(NOP, word).reg(1, 42).reg(3, 0x1234).run();
        rig.assertTrap(TrapCause.ARITH, word, 0, Rig.CODE + 1).assertSavedPsw(Psw.S, 0, 4096);
        assertEquals(0x1234, rig.reg(3), "a trapping instruction changes nothing: rd keeps its value");
        assertEquals(2, rig.cpu.retired(), "nop and the handler's halt retired, not the division");
    }

    static Stream<Opcode> divisions() {
        return Stream.of(DIV, REM, DIVU, REMU);
    }

    @Test
    @DisplayName("§2 addi: imm sign-extended")
    void addiSignExtends() {
        Rig rig = runClean(program(addi(3, 1, 0xFFFF), addi(4, 1, 0x8000), addi(5, 1, 0x7FFF)).reg(1, 10));
        assertEquals(9, rig.reg(3));
        assertEquals(10 - 32768, rig.reg(4));
        assertEquals(10 + 32767, rig.reg(5));
    }

    @Test
    @DisplayName("§2 slti: signed comparison with the sign-extended imm")
    void sltiSigned() {
        Rig rig = runClean(program(ri(SLTI, 3, 1, 0xFFFF), ri(SLTI, 4, 1, 0), ri(SLTI, 5, 2, 0xFFFF)).reg(1, -2).reg(2, -1));
        assertEquals(1, rig.reg(3), "-2 < -1");
        assertEquals(1, rig.reg(4), "-2 < 0");
        assertEquals(0, rig.reg(5), "-1 < -1 is false");
    }

    @Test
    @DisplayName("§2 sltiu: compares unsigned after sign-extension")
    void sltiuComparesUnsignedAfterSignExtension() {
        Rig rig = runClean(program(ri(SLTIU, 3, 1, 0xFFFF), ri(SLTIU, 4, 2, 0xFFFF), ri(SLTIU, 5, 1, 0x8000),
                ri(SLTIU, 6, 1, 1), ri(SLTIU, 7, 0, 1)).reg(1, 5).reg(2, -1));
        assertEquals(1, rig.reg(3), "5 <u 0xFFFFFFFF (imm 0xFFFF sign-extended)");
        assertEquals(0, rig.reg(4), "0xFFFFFFFF <u 0xFFFFFFFF is false");
        assertEquals(1, rig.reg(5), "5 <u 0xFFFF8000");
        assertEquals(0, rig.reg(6), "5 <u 1 is false");
        assertEquals(1, rig.reg(7), "0 <u 1 (seqz)");
    }

    @Test
    @DisplayName("§2 andi, ori, xori: imm zero-extended")
    void logicalImmediatesZeroExtend() {
        Rig rig = runClean(program(ri(ANDI, 3, 1, 0xFFFF), ri(ORI, 4, 0, 0x8000), ri(XORI, 5, 1, 0xFFFF)).reg(1, -1));
        assertEquals(0xFFFF, rig.reg(3));
        assertEquals(0x8000, rig.reg(4));
        assertEquals(0xFFFF0000, rig.reg(5));
    }

    @Test
    @DisplayName("§2.1 shli, shri, sari: shift by imm16 mod 32")
    void shiftImmediatesUseImmMod32() {
        Rig rig = runClean(program(ri(SHLI, 3, 1, 4), ri(SHLI, 4, 1, 33), ri(SHRI, 5, 2, 0xFFFF), ri(SARI, 6, 2, 0xFFFF),
                ri(SARI, 7, 2, 32), ri(SHRI, 8, 2, 1)).reg(1, 3).reg(2, 0x80000000));
        assertEquals(48, rig.reg(3));
        assertEquals(6, rig.reg(4), "33 mod 32 = 1");
        assertEquals(1, rig.reg(5), "0xFFFF mod 32 = 31, logical");
        assertEquals(-1, rig.reg(6), "0xFFFF mod 32 = 31, arithmetic");
        assertEquals(0x80000000, rig.reg(7), "32 mod 32 = 0");
        assertEquals(0x40000000, rig.reg(8));
    }

    @Test
    @DisplayName("§2 lui: rd <- imm16 << 16")
    void luiShiftsIntoTheHighHalf() {
        Rig rig = runClean(program(lui(3, 0xABCD), lui(4, 0x8000) | (7 << 17)).reg(3, 0xFFFF));
        assertEquals(0xABCD0000, rig.reg(3), "the low half is cleared");
        assertEquals(0x80000000, rig.reg(4), "bits the format does not use (B field) are ignored");
    }

    @Test
    @DisplayName("§2 ld and st: MEM[rs1 + sext(imm)]")
    void loadAndStore() {
        Rig rig = program(st(2, 0xFFFF, 1), ld(3, -1 & 0xFFFF, 1), st(2, 0x7FF, 0)).reg(1, 0x801)
                .reg(2, 0xCAFEBABE);
        runClean(rig);
        assertEquals(0xCAFEBABE, rig.word(0x800), "st at rs1 - 1");
        assertEquals(0xCAFEBABE, rig.reg(3), "ld at rs1 - 1");
        assertEquals(0xCAFEBABE, rig.word(0x7FF), "st with rs1 = r0");
    }

    @Test
    @DisplayName("§2 ld: the address wraps modulo 2^32 (rs1 + sext(imm))")
    void loadAddressWraps() {
        Rig rig = runClean(program(ld(3, 0x10, 1)).put(0x0C, 0x77).reg(1, -4));
        assertEquals(0x77, rig.reg(3), "0xFFFFFFFC + 16 = 12");
    }

    static Stream<Arguments> branches() {
        return Stream.of(
                Arguments.of(BEQ, 5, 5, true), Arguments.of(BEQ, 5, 6, false),
                Arguments.of(BNE, 5, 6, true), Arguments.of(BNE, 5, 5, false),
                Arguments.of(BLT, -1, 0, true), Arguments.of(BLT, 0, -1, false), Arguments.of(BLT, 3, 3, false),
                Arguments.of(BGE, 0, -1, true), Arguments.of(BGE, 3, 3, true), Arguments.of(BGE, -1, 0, false),
                Arguments.of(BLTU, 0, -1, true), Arguments.of(BLTU, -1, 0, false), Arguments.of(BLTU, 3, 3, false),
                Arguments.of(BGEU, -1, 0, true), Arguments.of(BGEU, 3, 3, true), Arguments.of(BGEU, 0, -1, false));
    }

    @ParameterizedTest(name = "§2 {0} {1}, {2}: taken = {3}")
    @MethodSource("branches")
    void branchConditions(Opcode op, int a, int b, boolean taken) {
        // CODE: branch +3 ; CODE+1: addi r9, r0, 1 ; CODE+2: halt ; CODE+3: addi r9, r0, 2 ; halt
        Rig rig = Rig.standard().code(branch(op, 1, 2, 3), addi(9, 0, 1), halt(), addi(9, 0, 2), halt()).boot()
                .reg(1, a).reg(2, b);
        runClean(rig);
        assertEquals(taken ? 2 : 1, rig.reg(9));
        assertEquals(taken ? Rig.CODE + 5 : Rig.CODE + 3, rig.psw().pc());
    }

    @Test
    @DisplayName("§2 branches: PC <- address of the branch + sign-extended off17 (backward, to itself)")
    void branchOffsetsAreRelativeToTheBranch() {
        // CODE: addi r1, r1, 1 ; CODE+1: bne r1, r2, -1 ; CODE+2: beq r0, r0, +2 ; CODE+3 halt; CODE+4: beq r0,r0,-1
        Rig rig = Rig.standard().code(addi(1, 1, 1), branch(BNE, 1, 2, -1), branch(BEQ, 0, 0, 2), halt(),
                branch(BEQ, 0, 0, -1)).boot().reg(1, 0).reg(2, 10);
        runClean(rig);
        assertEquals(10, rig.reg(1));
        assertEquals(23, rig.cpu.retired(), "10 addi, 10 bne, beq +2, beq -1, halt");
        Rig self = Rig.standard().code(branch(BEQ, 0, 0, 0)).boot().run(1000);
        assertEquals(0, self.exit, "a branch to itself loops until the budget");
        assertEquals(1000, self.cpu.retired());
        assertEquals(Rig.CODE, self.psw().pc());
    }

    @Test
    @DisplayName("§2.1 branches: off17 reaches -2^16 and 2^16 - 1")
    void branchOffsetRange() {
        Rig rig = new Rig(1 << 18).trapToHalt();
        int at = 0x10000 + 0x100;
        rig.put(at, branch(BEQ, 0, 0, -(1 << 16)));
        rig.put(at - (1 << 16), branch(BEQ, 0, 0, (1 << 16) - 1));
        rig.put(at - (1 << 16) + (1 << 16) - 1, halt());
        rig.boot(at).run().assertHalted();
        assertEquals(at, rig.psw().pc(), "landed on the halt at at - 1 and retired it");
    }

    @Test
    @DisplayName("§2 jal: rd <- PC+1; PC <- address of the jal + off21")
    void jalLinksAndJumps() {
        Rig rig = Rig.standard().code(jal(15, 3), halt(), halt(), jal(3, -2)).boot();
        runClean(rig);
        assertEquals(Rig.CODE + 1, rig.reg(15));
        assertEquals(Rig.CODE + 4, rig.reg(3));
        assertEquals(Rig.CODE + 2, rig.psw().pc(), "jal -2 from CODE+3 lands on the halt at CODE+1");
    }

    @Test
    @DisplayName("§2.1 jal: off21 reaches +-2^20")
    void jalOffsetRange() {
        Rig rig = new Rig(1 << 22).trapToHalt();
        int at = (1 << 20) + 0x100;
        rig.put(at, jal(1, -(1 << 20)));
        rig.put(0x100, jal(2, (1 << 20) - 1));
        rig.put(0x100 + (1 << 20) - 1, halt());
        rig.boot(at).run().assertHalted();
        assertEquals(at + 1, rig.reg(1));
        assertEquals(0x101, rig.reg(2));
        assertEquals(0x100 + (1 << 20), rig.psw().pc());
    }

    @Test
    @DisplayName("§2 jalr: t <- rs1 + sext(imm); rd <- PC+1; PC <- t, also when rd == rs1")
    void jalrWithRdEqualToRs1() {
        int target = Rig.CODE + 8;
        Rig rig = Rig.standard().code(jalr(5, 5, 0xFFFE)).put(target, halt()).boot().reg(5, target + 2);
        runClean(rig);
        assertEquals(Rig.CODE + 1, rig.reg(5), "rd gets PC+1, the target used the old rs1");
        assertEquals(target + 1, rig.psw().pc());
    }

    @Test
    @DisplayName("§2 jalr r0: a plain jump, r0 stays 0")
    void jalrToR0() {
        int target = Rig.CODE + 8;
        Rig rig = Rig.standard().code(jalr(0, 1, 1)).put(target, halt()).boot().reg(1, target - 1);
        runClean(rig);
        assertEquals(0, rig.reg(0));
        assertEquals(target + 1, rig.psw().pc());
    }

    @Test
    @DisplayName("§1 r0 always reads 0, writes are discarded (every writing format)")
    void r0IsWiredToZero() {
        Rig rig = program(addi(0, 0, 5), r3(ADD, 0, 1, 1), lui(0, 0xFFFF), ld(0, 0x20, 0), jal(0, 1), jalr(0, 0, Rig.CODE + 6),
                rdpsw(0, 2), mfcr(0, 1), ri(ORI, 0, 0, 0xFFFF), addi(3, 0, 0)).put(0x20, 99).reg(1, 4);
        rig.cpu.setRegister(0, 1234);
        runClean(rig);
        assertEquals(0, rig.reg(0));
        assertEquals(0, rig.reg(3), "reading r0 after every kind of write gives 0");
    }

    @Test
    @DisplayName("§2 rdpsw: flags (0), B (1), L (2) of the current PSW")
    void rdpswFields() {
        Rig rig = program(rdpsw(3, 0), rdpsw(4, 1), rdpsw(5, 2));
        rig.psw(Psw.S | Psw.I, 0x10, 0x1000, Rig.CODE - 0x10);
        runClean(rig);
        assertEquals(Psw.S | Psw.I, rig.reg(3));
        assertEquals(0x10, rig.reg(4));
        assertEquals(0x1000, rig.reg(5));
    }

    @Test
    @DisplayName("§1 / §2 mtcr ptbr, mfcr ptbr: the low 10 bits are ignored and read as 0")
    void ptbrLowBitsReadAsZero() {
        Rig rig = runClean(program(mtcr(0, 1), mfcr(3, 0)).reg(1, 0x12345FFF));
        assertEquals(0x12345C00, rig.reg(3));
        assertEquals(0x12345C00, rig.cpu.ptbr());
    }

    @Test
    @DisplayName("§2.1 bits a format does not use are ignored on decode")
    void unusedBitsAreIgnored() {
        int add = r3(ADD, 3, 1, 2) | 0x1FFF;            // bits 12..0 unused by the R3 format
        int haltJunk = halt() | 0x01FFFFFF;             // halt uses no field
        int tlbflushJunk = tlbflush() | 0x01FFFFFF;
        int svcJunk = svc(0) | (0xF << 21);              // svc uses imm16 only
        Rig rig = runClean(program(add, tlbflushJunk, haltJunk).reg(1, 2).reg(2, 3));
        assertEquals(5, rig.reg(3));
        assertEquals(Rig.CODE + 3, rig.psw().pc());
        Rig s = program(svcJunk).run();
        s.assertTrap(TrapCause.SVC, 0, 0, Rig.CODE);
    }
}
