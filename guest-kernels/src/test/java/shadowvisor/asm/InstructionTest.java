package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.asm.Asm.branch;
import static shadowvisor.asm.Asm.error;
import static shadowvisor.asm.Asm.jal;
import static shadowvisor.asm.Asm.r3;
import static shadowvisor.asm.Asm.ri;
import static shadowvisor.asm.Asm.word;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Format;
import shadowvisor.machine.isa.Opcode;

/** Real instructions: operand placement per format (spec 2.1) and operand ranges (spec 6). */
class InstructionTest {

    @Test
    void everyFormatPlacesItsOperands() {
        assertEquals(r3(Opcode.ADD, 1, 2, 3), word("add r1, r2, r3"));
        assertEquals(ri(Opcode.ADDI, 1, 2, 0xFFFB), word("addi r1, r2, -5"));
        assertEquals(ri(Opcode.ANDI, 1, 2, 0xFFFF), word("andi r1, r2, 0xFFFF"));
        assertEquals(ri(Opcode.SHLI, 1, 2, 31), word("shli r1, r2, 31"));
        assertEquals(ri(Opcode.LUI, 7, 0, 0x1234), word("lui r7, 0x1234"));
        assertEquals(ri(Opcode.LD, 1, 2, 0xFFFD), word("ld r1, -3(r2)"));
        assertEquals(ri(Opcode.ST, 4, 14, 2), word("st r4, 2(sp)"));
        assertEquals(branch(Opcode.BEQ, 1, 2, 3), word("beq r1, r2, . + 3"));
        assertEquals(jal(15, -2 & 0x1FFFFF), word("jal lr, . - 2"));
        assertEquals(ri(Opcode.JALR, 0, 15, 0), word("jalr r0, lr, 0"));
        assertEquals(ri(Opcode.SVC, 0, 0, 0xFF00), word("svc 0xFF00"));
        assertEquals(Encoding.encode(Opcode.LPSW.code(), 0, 1, 0, 4), word("lpsw 4(r1)"));
        assertEquals(ri(Opcode.RDPSW, 3, 0, 2), word("rdpsw r3, l"));
        assertEquals(Encoding.encode(Opcode.MTCR.code(), 0, 3, 0, 1), word("mtcr timer, r3"));
        assertEquals(ri(Opcode.MFCR, 2, 0, 0), word("mfcr r2, ptbr"));
        assertEquals(Encoding.encode(Opcode.INVLPG.code(), 0, 5, 0, 0), word("invlpg r5"));
        assertEquals(Encoding.encode(Opcode.OUT.code(), 0, 1, 0, 1), word("out r1, POWER"));
        assertEquals(ri(Opcode.IN, 2, 0, 0), word("in r2, CONSOLE"));
        assertEquals(Opcode.TLBFLUSH.code() << 25, word("tlbflush"));
        assertEquals(Opcode.HALT.code() << 25, word("halt"));
    }

    /** One sample operand list per format, so that every row of the opcode table is exercised. */
    private static final Map<Format, String> SAMPLE = Map.ofEntries(
            Map.entry(Format.R3, "r1, r2, r3"), Map.entry(Format.RI_SIGNED, "r1, r2, -1"),
            Map.entry(Format.RI_UNSIGNED, "r1, r2, 1"), Map.entry(Format.SHIFT_IMM, "r1, r2, 1"),
            Map.entry(Format.LUI, "r1, 1"), Map.entry(Format.LOAD, "r1, 1(r2)"), Map.entry(Format.STORE, "r1, 1(r2)"),
            Map.entry(Format.BRANCH, "r1, r2, ."), Map.entry(Format.JAL, "r1, ."), Map.entry(Format.JALR, "r1, r2, 1"),
            Map.entry(Format.SVC, "1"), Map.entry(Format.LPSW, "1(r2)"), Map.entry(Format.RDPSW, "r1, 1"),
            Map.entry(Format.MTCR, "1, r2"), Map.entry(Format.MFCR, "r1, 1"), Map.entry(Format.INVLPG, "r2"),
            Map.entry(Format.OUT, "r2, 1"), Map.entry(Format.IN, "r1, 1"), Map.entry(Format.RD, "r1"), Map.entry(Format.NONE, ""));

    @Test
    void everyOpcodeOfTheTableAssemblesToItsNumber() {
        for (Opcode op : Opcode.values()) {
            int w = word(op.mnemonic() + " " + SAMPLE.get(op.format()));
            assertEquals(op.code(), Encoding.opcode(w), op.mnemonic());
        }
    }

    @Test
    void mnemonicsRegistersAndNamesAreCaseInsensitive() {
        assertEquals(word("add r1, r2, r3"), word("ADD R1, r2, R3"));
        assertEquals(word("addi r14, r15, 0"), word("Addi SP, Lr, 0"));
        assertEquals(word("add r0, r0, r0"), word("add zero, ZERO, r0"));
        assertEquals(word("rdpsw r1, 0"), word("rdpsw r1, FLAGS"));
        assertEquals(word("rdpsw r1, 1"), word("rdpsw r1, B"));
        assertEquals(word("mtcr 1, r1"), word("mtcr Timer, r1"));
        assertEquals(word("mfcr r1, 0"), word("mfcr r1, PTBR"));
    }

    @Test
    void memoryOperandForms() {
        assertEquals(ri(Opcode.LD, 1, 2, 0), word("ld r1, (r2)"));
        assertEquals(ri(Opcode.LD, 1, 0, 100), word("ld r1, 100"));
        assertEquals(ri(Opcode.LD, 1, 0, 100), word("ld r1, (100)"));
        assertEquals(ri(Opcode.LD, 1, 3, 100), word("ld r1, (50 + 50)(r3)"));
        assertEquals(ri(Opcode.ST, 1, 0, 9), word("st r1, TRAP_VALUE"));
        assertEquals(ri(Opcode.LD, 1, 0, 7), word("ld r1, NEW_PSW+3(r0)"));
    }

    @Test
    void branchOffsetIsTargetMinusTheBranchAddress() {
        int[] w = Asm.words(".org 100\nback: nop\n beq r1, r0, back\n bne r1, r0, fwd\n nop\nfwd: halt");
        assertEquals(branch(Opcode.BEQ, 1, 0, -1 & 0x1FFFF), w[1]);
        assertEquals(branch(Opcode.BNE, 1, 0, 2), w[2]);
    }

    @Test
    void targetsWrapAroundTheAddressSpace() {
        assertEquals(branch(Opcode.BEQ, 0, 0, -1 & 0x1FFFF), word("beq r0, r0, 0xFFFFFFFF"));
        assertEquals(jal(0, 1), word(".org 0xFFFFFFFF\n jal r0, 0"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "addi r1, r0, -32768 | addi r1, r0, -32769 | immediate -32769 out of range -32768..32767",
        "addi r1, r0, 32767  | addi r1, r0, 32768  | immediate 32768 out of range -32768..32767",
        "jalr r1, r0, -32768 | jalr r1, r0, 32768  | immediate 32768 out of range -32768..32767",
        "ld r1, -32768(r2)   | ld r1, 32768(r2)    | offset 32768 out of range -32768..32767",
        "ori r1, r0, 65535   | ori r1, r0, 65536   | immediate 65536 out of range 0..65535",
        "xori r1, r0, 0      | andi r1, r0, -1     | immediate -1 out of range 0..65535",
        "lui r1, 65535       | lui r1, -1          | immediate -1 out of range 0..65535",
        "svc 65535           | svc 65536           | immediate 65536 out of range 0..65535",
        "shli r1, r1, 31     | shri r1, r1, 32     | shift amount 32 out of range 0..31",
        "sari r1, r1, 0      | sari r1, r1, -1     | shift amount -1 out of range 0..31",
        "out r1, 65535       | out r1, 65536       | port 65536 out of range 0..65535",
        "in r1, 65535        | in r1, -1           | port -1 out of range 0..65535",
        "mtcr 65535, r1      | mtcr 65536, r1      | control register 65536 out of range 0..65535",
        "rdpsw r1, 65535     | rdpsw r1, 65536     | PSW field 65536 out of range 0..65535",
        "beq r0, r0, . + 65535  | beq r0, r0, . + 65536  | target out of range: branch offset 65536 not in -65536..65535",
        "bne r0, r0, . - 65536  | bne r0, r0, . - 65537  | target out of range: branch offset -65537 not in -65536..65535",
        "jal r0, . + 1048575    | jal r0, . + 1048576    | target out of range: jal offset 1048576 not in -1048576..1048575",
        "jal r0, . - 1048576    | jal r0, . - 1048577    | target out of range: jal offset -1048577 not in -1048576..1048575",
    })
    void operandRangesAreCheckedAtTheirLimits(String inside, String outside, String message) {
        word(".org 0x100000\n" + inside);
        int column = outside.indexOf(',') < 0 ? outside.indexOf(' ') + 2 : operandColumn(outside, message);
        assertEquals("t.s:2:" + column + ": error: " + message, error(".org 0x100000\n" + outside));
    }

    /** The column of the operand the message is about: the last one, or for mtcr the first. */
    private static int operandColumn(String line, String message) {
        if (message.startsWith("control register")) {
            return line.indexOf(' ') + 2;
        }
        return line.lastIndexOf(',') + 3;
    }
}
