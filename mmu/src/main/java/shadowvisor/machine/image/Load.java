package shadowvisor.machine.image;

import java.util.Objects;

/**
 * A second program loaded beside the boot image, as a boot loader places an initial RAM disk
 * ({@code run --load ADDR=PROGRAM}, spec section 1.2): the image's word at address {@code a} goes
 * to physical address {@code address + a}. The image's entry is not relocated: the guest finds
 * it in {@code r3}, and {@code address} in {@code r2}. The image's {@code .profile} is ignored.
 * {@link Boot} checks that it fits and places it.
 *
 * @param address the word address the image is loaded at (unsigned)
 * @param image   the loaded program, its addresses relative to {@code address}
 */
public record Load(int address, Image image) {
    public Load {
        Objects.requireNonNull(image, "image");
    }

    /** The physical address of the image's word at {@code a}: {@code address + a}, unsigned, not wrapped. */
    long physical(long a) {
        return Integer.toUnsignedLong(address) + a;
    }
}
