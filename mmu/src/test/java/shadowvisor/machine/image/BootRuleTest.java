package shadowvisor.machine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.Psw;
import shadowvisor.machine.memory.PhysicalMemory;

/** Spec section 1.2, the boot rule with and without {@code --load ADDR=PROGRAM}: {@link Boot}. */
class BootRuleTest {
    /** A boot image of words 0x10..0x13, entry 0x11. */
    private static final Image KERNEL = new Image(0x11, List.of(new Image.Chunk(0x10, new int[] {1, 2, 3, 4})));
    /** A program of words 0..2 and 8, entry 8: its own entry is not 0, so relocating it would show. */
    private static final Image GUEST = new Image(8, List.of(new Image.Chunk(0, new int[] {5, 6, 7}),
            new Image.Chunk(8, new int[] {9})));

    private static IllegalArgumentException refused(Boot boot, int size, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> boot.check(size));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    @DisplayName("§1.2 --load: the loaded word at a lies at ADDR + a, the boot image's words at their own addresses")
    void placesBothImages() {
        PhysicalMemory memory = new PhysicalMemory(0x200);
        new Boot(KERNEL, new Load(0x100, GUEST)).placeInto(memory);
        int[] m = memory.words();
        for (int pa = 0; pa < m.length; pa++) {
            int expected = switch (pa) {
                case 0x10, 0x11, 0x12, 0x13 -> pa - 0x10 + 1;
                case 0x100, 0x101, 0x102 -> pa - 0x100 + 5;
                case 0x108 -> 9;
                default -> 0;
            };
            assertEquals(expected, m[pa], "word " + pa);
        }
    }

    @Test
    @DisplayName("§1.2 --load: r1 = SZ, r2 = ADDR, r3 = the loaded entry not relocated, every other register 0")
    void registersCarryTheLoad() {
        int[] expected = new int[16];
        expected[1] = 0x200;
        expected[2] = 0x100;
        expected[3] = 8;
        assertArrayEquals(expected, new Boot(KERNEL, new Load(0x100, GUEST)).registers(0x200));
    }

    @Test
    @DisplayName("§1.2 without --load: r2 = r3 = 0, only the boot image placed")
    void noLoad() {
        int[] expected = new int[16];
        expected[1] = 0x200;
        assertArrayEquals(expected, new Boot(KERNEL).registers(0x200));
        PhysicalMemory memory = new PhysicalMemory(0x20);
        new Boot(KERNEL).placeInto(memory);
        assertEquals(4, memory.read(0x13));
    }

    @Test
    @DisplayName("§1.2 the boot PSW is the boot image's: (s, P=0, I=0, B=0, L=SZ, PC=its entry), whatever is loaded")
    void pswIsTheBootImages() {
        assertEquals(new Psw(Psw.S, 0, 0x200, 0x11), new Boot(KERNEL, new Load(0x100, GUEST)).psw(0x200));
    }

    @Test
    @DisplayName("§1.2 the two images may not overlap: the message names both ranges, and nothing is written")
    void overlapIsRefused() {
        Boot boot = new Boot(KERNEL, new Load(0x12, GUEST));
        IllegalArgumentException e = refused(boot, 0x200, "the loaded program's words 0x12..0x14 overlap the boot "
                + "image's words 0x10..0x13");
        PhysicalMemory memory = new PhysicalMemory(0x200);
        assertThrows(IllegalArgumentException.class, () -> boot.placeInto(memory));
        assertTrue(Arrays.stream(memory.words()).allMatch(w -> w == 0), e.getMessage());
        // The loaded program's second run of words overlaps too.
        refused(new Boot(KERNEL, new Load(0x8, GUEST)), 0x200, "words 0x10..0x10 overlap");
    }

    @Test
    @DisplayName("§1.2 images that touch, or one in a gap of the other, do not overlap")
    void adjacentAndInterleavedImagesBoot() {
        new Boot(KERNEL, new Load(0x14, GUEST)).check(0x200);       // 0x14..0x16 and 0x1C: right after the kernel
        new Boot(KERNEL, new Load(0xD, GUEST)).check(0x200);        // 0xD..0xF and 0x15: the kernel in its gap
        Image gapped = new Image(0x10, List.of(new Image.Chunk(0x10, new int[] {1}), new Image.Chunk(0x40, new int[] {2})));
        new Boot(gapped, new Load(0x20, GUEST)).check(0x200);       // 0x20..0x22 and 0x28: in the kernel's gap
    }

    @Test
    @DisplayName("§1.2 every loaded word must lie below SZ, and ADDR itself")
    void pastMemoryIsRefused() {
        refused(new Boot(KERNEL, new Load(0x1F8, GUEST)), 0x200, "the loaded program's last word 0x200 lies past the "
                + "memory's 512 words");
        new Boot(KERNEL, new Load(0x1F7, GUEST)).check(0x200);
        refused(new Boot(KERNEL, new Load(0x200, new Image(0, List.of()))), 0x200,
                "the load address 0x200 lies past the memory's 512 words");
        // Unsigned: an ADDR near 2^32 neither wraps to low memory nor reads as negative.
        refused(new Boot(KERNEL, new Load(0xFFFF_FFFC, GUEST)), 0x200, "the load address 0xfffffffc lies past");
    }

    @Test
    @DisplayName("§1.2 a boot image past SZ is refused as before")
    void bootImagePastMemoryIsRefused() {
        refused(new Boot(KERNEL), 0x13, "the image needs 20 words of memory, only 19 given");
    }

    @Test
    @DisplayName("§1.2 --load at 0 is allowed when the boot image leaves those words free (the trap area is the guest's)")
    void loadAtZero() {
        PhysicalMemory memory = new PhysicalMemory(0x20);
        Boot boot = new Boot(KERNEL, new Load(0, new Image(2, List.of(new Image.Chunk(0, new int[] {5, 6, 7})))));
        boot.placeInto(memory);
        assertEquals(7, memory.read(2));
        assertEquals(0, boot.registers(0x20)[2]);
        assertEquals(2, boot.registers(0x20)[3]);
    }

    @Test
    @DisplayName("§1.2 an empty loaded program still sets r2 and r3")
    void emptyLoad() {
        Boot boot = new Boot(KERNEL, new Load(0x100, new Image(0x42, List.of())));
        boot.check(0x101);
        assertEquals(0x100, boot.registers(0x101)[2]);
        assertEquals(0x42, boot.registers(0x101)[3]);
    }
}
