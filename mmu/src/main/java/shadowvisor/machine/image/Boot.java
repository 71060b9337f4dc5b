package shadowvisor.machine.image;

import java.util.Objects;
import shadowvisor.machine.Psw;
import shadowvisor.machine.memory.PhysicalView;

/**
 * What a machine boots from, and the one home of the boot rule of spec section 1.2: the boot
 * image's words at their addresses and, with {@code --load}, a second program's words at
 * {@code ADDR + a}; then PSW = (s, P=0, I=0, B=0, L=SZ, PC=entry), {@code r1} = SZ,
 * {@code r2} = ADDR, {@code r3} = the loaded program's own entry (both 0 without a load), every
 * other register 0. The bare CPU boots with it ({@code Cpu.boot}) and so does every VM, with
 * SZ = memsize ({@code TrapAndEmulateVmm.createVm}), so both check and place alike.
 *
 * <p>The rule refuses, with a one-line reason, a boot image with a word at or past SZ, a load
 * address at or past SZ, a loaded word at or past SZ, and a loaded word on a word of the boot
 * image: a boot loader that overwrote the kernel it loads would be a bug, not a feature.
 *
 * @param image the boot image: its words at their own addresses, its entry the boot PC
 * @param load  the program loaded beside it, or null
 */
public record Boot(Image image, Load load) {
    public Boot {
        Objects.requireNonNull(image, "image");
    }

    /** Booting {@code image} alone: {@code r2} = {@code r3} = 0. */
    public Boot(Image image) {
        this(image, null);
    }

    /**
     * Checks that everything fits in a memory of {@code size} words (SZ) and that the two images
     * do not overlap.
     *
     * @throws IllegalArgumentException with a one-line reason when they do not
     */
    public void check(int size) {
        long sz = Integer.toUnsignedLong(size);
        if (image.extent() > sz) {
            throw new IllegalArgumentException("the image needs " + image.extent() + " words of memory, only " + size
                    + " given");
        }
        if (load == null) {
            return;
        }
        if (Integer.toUnsignedLong(load.address()) >= sz) {
            throw new IllegalArgumentException(String.format("the load address 0x%x lies past the memory's %d words",
                    load.address(), sz));
        }
        long end = load.physical(load.image().extent());
        if (load.image().extent() > 0 && end > sz) {
            throw new IllegalArgumentException(String.format(
                    "the loaded program's last word 0x%x lies past the memory's %d words", end - 1, sz));
        }
        for (Image.Chunk loaded : load.image().chunks()) {
            long first = load.physical(loaded.address());
            long last = load.physical(loaded.end()) - 1;
            for (Image.Chunk booted : image.chunks()) {
                if (loaded.words().length > 0 && booted.words().length > 0
                        && first < booted.end() && booted.address() <= last) {
                    throw new IllegalArgumentException(String.format(
                            "the loaded program's words 0x%x..0x%x overlap the boot image's words 0x%x..0x%x",
                            first, last, booted.address(), booted.end() - 1));
                }
            }
        }
    }

    /**
     * Places the words into {@code memory}: the boot image's at their addresses, the loaded
     * program's at {@code ADDR + a}.
     *
     * @throws IllegalArgumentException when they do not fit or overlap ({@link #check}); nothing is written then
     */
    public void placeInto(PhysicalView memory) {
        check(memory.size());
        place(image, 0, memory);
        if (load != null) {
            place(load.image(), load.address(), memory);
        }
    }

    private static void place(Image image, int base, PhysicalView memory) {
        for (Image.Chunk chunk : image.chunks()) {
            int[] words = chunk.words();
            int pa = base + (int) chunk.address();
            for (int i = 0; i < words.length; i++) {
                memory.write(pa + i, words[i]);
            }
        }
    }

    /** The boot PSW of a memory of {@code size} words: (s, P=0, I=0, B=0, L=size, PC=entry). */
    public Psw psw(int size) {
        return new Psw(Psw.S, 0, size, image.entry());
    }

    /** The 16 registers at boot in a memory of {@code size} words: {@code r1} = size, {@code r2} = ADDR, {@code r3} = the loaded entry. */
    public int[] registers(int size) {
        int[] regs = new int[16];
        regs[1] = size;
        if (load != null) {
            regs[2] = load.address();
            regs[3] = load.image().entry();
        }
        return regs;
    }
}
