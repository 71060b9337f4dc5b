package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import shadowvisor.machine.isa.Encoding;
import shadowvisor.machine.isa.Opcode;

/** The trace's spelling of instruction words, one format of the opcode table at a time. */
class TraceFormatterTest {
    private static String at(int pc, int word) {
        return TraceFormatter.format(pc, word);
    }

    @Test
    void eachFormatIsSpelledAsTheAssemblerWritesIt() {
        assertEquals("add r1, r2, lr", at(0, Encoding.encode(Opcode.OP_ADD, 1, 2, 15, 0)));
        assertEquals("addi r1, r0, -1", at(0, Encoding.encode(Opcode.OP_ADDI, 1, 0, 0, 0xFFFF)));
        assertEquals("ori r1, r1, 0xffff", at(0, Encoding.encode(Opcode.OP_ORI, 1, 1, 0, 0xFFFF)));
        assertEquals("shli r1, r2, 3", at(0, Encoding.encode(Opcode.OP_SHLI, 1, 2, 0, 35)));
        assertEquals("lui sp, 0x12", at(0, Encoding.encode(Opcode.OP_LUI, 14, 0, 0, 0x12)));
        assertEquals("ld r1, -2(r2)", at(0, Encoding.encode(Opcode.OP_LD, 1, 2, 0, -2)));
        assertEquals("st r3, 4(sp)", at(0, Encoding.encode(Opcode.OP_ST, 3, 14, 0, 4)));
        assertEquals("beq r1, r0, 0xc", at(0x10, Encoding.encodeBranch(Opcode.OP_BEQ, 1, 0, -4)));
        assertEquals("jal lr, 0x110", at(0x100, Encoding.encodeJal(Opcode.OP_JAL, 15, 0x10)));
        assertEquals("jalr r0, lr, 0", at(0, Encoding.encode(Opcode.OP_JALR, 0, 15, 0, 0)));
        assertEquals("svc 1", at(0, Encoding.encode(Opcode.OP_SVC, 0, 0, 0, 1)));
        assertEquals("lpsw 0(r0)", at(0, Encoding.encode(Opcode.OP_LPSW, 0, 0, 0, 0)));
        assertEquals("rdpsw r1, l", at(0, Encoding.encode(Opcode.OP_RDPSW, 1, 0, 0, 2)));
        assertEquals("mtcr ptbr, r2", at(0, Encoding.encode(Opcode.OP_MTCR, 0, 2, 0, 0)));
        assertEquals("mfcr r2, timer", at(0, Encoding.encode(Opcode.OP_MFCR, 2, 0, 0, 1)));
        assertEquals("mfcr r2, 7", at(0, Encoding.encode(Opcode.OP_MFCR, 2, 0, 0, 7)));
        assertEquals("invlpg r4", at(0, Encoding.encode(Opcode.OP_INVLPG, 0, 4, 0, 0)));
        assertEquals("out r1, 1", at(0, Encoding.encode(Opcode.OP_OUT, 0, 1, 0, 1)));
        assertEquals("in r1, 0", at(0, Encoding.encode(Opcode.OP_IN, 1, 0, 0, 0)));
        assertEquals("halt", at(0, Encoding.encode(Opcode.OP_HALT, 0, 0, 0, 0)));
        assertEquals(".word 0x00000000", at(0, 0));
    }
}
