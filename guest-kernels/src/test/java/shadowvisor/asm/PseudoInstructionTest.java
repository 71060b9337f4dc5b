package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.asm.Asm.branch;
import static shadowvisor.asm.Asm.error;
import static shadowvisor.asm.Asm.jal;
import static shadowvisor.asm.Asm.r3;
import static shadowvisor.asm.Asm.ri;
import static shadowvisor.asm.Asm.words;

import org.junit.jupiter.api.Test;
import shadowvisor.machine.isa.Opcode;

/**
 * Pseudo-instructions and their exact expansions (spec 6): they land in memory and so in the
 * memory digest, so every word is checked. li's size rule has its own test class.
 */
class PseudoInstructionTest {

    @Test
    void mov() {
        assertArrayEquals(new int[] {ri(Opcode.ADDI, 3, 4, 0)}, words("mov r3, r4"));
    }

    @Test
    void nop() {
        assertArrayEquals(new int[] {ri(Opcode.ADDI, 0, 0, 0)}, words("nop"));
    }

    @Test
    void jAndCall() {
        assertArrayEquals(new int[] {jal(0, 2), jal(15, 1), 0}, words("j t\n call t\nt: .word 0"));
    }

    @Test
    void ret() {
        assertArrayEquals(new int[] {ri(Opcode.JALR, 0, 15, 0)}, words("ret"));
    }

    @Test
    void pushIsDecrementThenStore() {
        assertArrayEquals(new int[] {ri(Opcode.ADDI, 14, 14, 0xFFFF), ri(Opcode.ST, 5, 14, 0)}, words("push r5"));
    }

    @Test
    void popIsLoadThenIncrement() {
        assertArrayEquals(new int[] {ri(Opcode.LD, 5, 14, 0), ri(Opcode.ADDI, 14, 14, 1)}, words("pop r5"));
    }

    @Test
    void beqzAndBnezCompareWithR0() {
        assertArrayEquals(new int[] {branch(Opcode.BEQ, 3, 0, 2), branch(Opcode.BNE, 3, 0, 1), 0},
                words("beqz r3, t\n bnez r3, t\nt: .word 0"));
    }

    @Test
    void swappedBranchesExchangeTheirRegisters() {
        int[] w = words("bgt r1, r2, t\n bgtu r1, r2, t\n ble r1, r2, t\n bleu r1, r2, t\nt: .word 0");
        assertArrayEquals(new int[] {branch(Opcode.BLT, 2, 1, 4), branch(Opcode.BLTU, 2, 1, 3),
            branch(Opcode.BGE, 2, 1, 2), branch(Opcode.BGEU, 2, 1, 1), 0}, w);
    }

    @Test
    void laIsLi() {
        assertArrayEquals(words("li r1, 5\n li r2, 0x12345678\n li r3, later\nlater:"),
                words("la r1, 5\n la r2, 0x12345678\n la r3, later\nlater:"));
    }

    @Test
    void pseudoMnemonicsAreCaseInsensitive() {
        assertArrayEquals(words("push r1\n pop r2\n ret"), words("PUSH R1\n Pop r2\n RET"));
    }

    @Test
    void operandsAreChecked() {
        assertEquals("t.s:1:1: error: 'push' expects 1 operand (rs), found 2", error("push r1, r2"));
        assertEquals("t.s:1:1: error: 'ret' takes no operands", error("ret r1"));
        assertEquals("t.s:1:5: error: expected a register, found '5'", error("mov 5, r1"));
        assertEquals("t.s:1:13: error: target out of range: branch offset 65536 not in -65536..65535",
                error("bgt r1, r2, . + 65536"));
    }

    @Test
    void aRealInstructionIsNotAPseudo() {
        assertArrayEquals(new int[] {r3(Opcode.ADD, 1, 2, 3)}, words("add r1, r2, r3"));
    }
}
