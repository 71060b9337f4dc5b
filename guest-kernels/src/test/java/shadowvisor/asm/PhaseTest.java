package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.asm.Asm.branch;
import static shadowvisor.asm.Asm.error;
import static shadowvisor.asm.Asm.image;
import static shadowvisor.asm.Asm.jal;
import static shadowvisor.asm.Asm.memory;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.isa.Opcode;

/**
 * {@code .phase}/{@code .dephase} (spec 6): words go to the real location, labels, {@code .}
 * and {@code .align} follow the phased address, and a label on the .phase line is defined
 * before the phase.
 */
class PhaseTest {

    private static final String PROGRAM = String.join("\n",
            "        .org 0x100",
            "user:   .phase 0x10",
            "first:  .word ., first, user",
            "loop:   beq r0, r0, loop",
            "        j first",
            "        .align 4",
            "al:     .word al",
            "last:   .dephase",
            "after:  .word after, last");

    @Test
    void wordsGoToTheRealLocationAndLabelsTakePhasedAddresses() {
        Map<Long, Integer> expected = new TreeMap<>();
        expected.put(0x100L, 0x10);   // . inside the phase
        expected.put(0x101L, 0x10);   // first
        expected.put(0x102L, 0x100);  // user: the label on the .phase line is the address before the phase
        expected.put(0x103L, branch(Opcode.BEQ, 0, 0, 0));
        expected.put(0x104L, jal(0, -4 & 0x1FFFFF)); // from phased 0x14 to phased 0x10
        // .align 4 aligns the phased address 0x15 to 0x18: three words skipped, not emitted
        expected.put(0x108L, 0x18);   // al
        expected.put(0x109L, 0x109);  // after: back at the real location
        expected.put(0x10AL, 0x19);   // last: a label on the .dephase line takes the phased location
        assertEquals(expected, memory(image(PROGRAM)));
    }

    @Test
    void phaseErrors() {
        assertEquals("t.s:1:2: error: unterminated .phase (missing .dephase)", error(" .phase 0\n nop"));
        assertEquals("t.s:1:2: error: .dephase without .phase", error(" .dephase"));
        assertEquals("t.s:2:2: error: .phase inside .phase (first at t.s:1:2); end it with .dephase first",
                error(" .phase 0\n .phase 4\n .dephase"));
        assertEquals("t.s:2:2: error: .org inside .phase (end the phase with .dephase first)",
                error(" .phase 0\n .org 4\n .dephase"));
        assertEquals("t.s:1:9: error: the .phase address must be known on the first pass, but 'X' is defined later or not at all",
                error(" .phase X\n .dephase\nX = 0"));
    }

    @Test
    void phasedCodeMayOverlapOtherPhasedAddressesWithoutOverlappingMemory() {
        // Two user programs phased at 0 placed one after the other: only real addresses must be distinct.
        Map<Long, Integer> m = memory(image(" .org 8\n .phase 0\na: .word a\n .dephase\n .phase 0\nb: .word b\n .dephase"));
        assertEquals(Map.of(8L, 0, 9L, 0), m);
    }
}
