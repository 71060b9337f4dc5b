package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@code --mem WORDS}: K and M are Ki and Mi words (spec section 9); 16 words at least. */
class WordCountTest {
    @Test
    void suffixesArePowersOfTwo() {
        assertEquals(65536, WordCount.parse("64K"));
        assertEquals(4 * 1024 * 1024, WordCount.parse("4M"));
        assertEquals(2048, WordCount.parse("2k"));
        assertEquals(16, WordCount.parse("16"));
        assertEquals(1 << 30, WordCount.parse("1024M"));
    }

    @Test
    void outOfRangeOrMalformedIsRefused() {
        for (String bad : new String[] {"15", "0", "0K", "1025M", "", "K", "4G", "-4K", "4 K", "0x100", "1.5M"}) {
            assertThrows(TypeConversionException.class, () -> WordCount.parse(bad), bad);
        }
    }
}
