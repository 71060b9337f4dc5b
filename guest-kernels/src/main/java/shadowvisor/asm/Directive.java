package shadowvisor.asm;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The assembler directives of spec section 6. Names are case-insensitive. The source reader
 * handles {@link #INCLUDE}, {@link #MACRO} and {@link #ENDM} (they shape the line stream); the
 * two passes handle the rest.
 */
enum Directive {
    ORG(".org"),
    WORD(".word"),
    SPACE(".space"),
    STRING(".string"),
    ASCII(".ascii"),
    ALIGN(".align"),
    EQU(".equ"),
    INCLUDE(".include"),
    MACRO(".macro"),
    ENDM(".endm"),
    PHASE(".phase"),
    DEPHASE(".dephase"),
    ENTRY(".entry"),
    PROFILE(".profile");

    private static final Map<String, Directive> BY_NAME = new HashMap<>();

    static {
        for (Directive d : values()) {
            BY_NAME.put(d.spelling, d);
        }
    }

    private final String spelling;

    Directive(String spelling) {
        this.spelling = spelling;
    }

    /** The lower-case name with its dot. */
    String spelling() {
        return spelling;
    }

    /** The directive with this name in any case, or null. */
    static Directive byName(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }
}
