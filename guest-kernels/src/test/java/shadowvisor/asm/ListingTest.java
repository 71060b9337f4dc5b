package shadowvisor.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The listing: one line per word (address, word, source on the first), text alone otherwise. */
class ListingTest {

    @Test
    void wordsAndLines() {
        String listing = Assembler.assembleString("t.s", "; hi\n .org 0x10\nstart: push r1\n .word 7\n").listing();
        assertEquals(String.join("\n",
                "                    ; hi",
                "                     .org 0x10",
                "00000010  21dcffff  start: push r1",
                "00000011  363c0000",
                "00000012  00000007   .word 7",
                ""), listing);
    }

    @Test
    void macroExpansionsFollowTheirInvocationAndDefinitionsAreListed() {
        String listing = Assembler.assembleString("t.s", ".macro two\n .word 1, 2\n.endm\n two\n").listing();
        assertEquals(String.join("\n",
                "                    .macro two",
                "                     .word 1, 2",
                "                    .endm",
                "                     two",
                "00000000  00000001   .word 1, 2",
                "00000001  00000002",
                ""), listing);
    }

    @Test
    void aListingIsProducedEvenWithErrors() {
        AssemblyResult r = Assembler.assembleString("t.s", " .word 1\n bogus\n");
        assertTrue(r.listing().startsWith("00000000  00000001   .word 1\n                     bogus\n"), r.listing());
    }

    @Test
    void hugeStatementsAreElided() {
        String listing = Assembler.assembleString("t.s", " .space 5000\n").listing();
        assertEquals(Listing.MAX_WORDS_PER_LINE + 1, listing.split("\n").length);
        assertTrue(listing.endsWith("... 3976 more words\n"));
    }
}
