package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@code --mem WORDS}: K and M are Ki and Mi words, 0x hex (spec section 9); 16 words at least. */
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
    void hexNumbersAsInSpecSection9() {
        assertEquals(0x100, WordCount.parse("0x100"));
        assertEquals(0x10000, WordCount.parse("0X10000"));
        assertEquals(0xAB * 1024, WordCount.parse("0xabK"));
        assertEquals(0x10 * 1024 * 1024, WordCount.parse("0x10M"));
    }

    @Test
    void outOfRangeOrMalformedIsRefused() {
        for (String bad : new String[] {"15", "0", "0K", "1025M", "", "K", "4G", "-4K", "4 K", "0x", "0xF", "0xG",
            "0x1_0", "0x40000001", "0x1000000000", "1.5M"}) {
            assertThrows(TypeConversionException.class, () -> WordCount.parse(bad), bad);
        }
    }
}
