package shadowvisor.asm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import shadowvisor.machine.image.Image;

/**
 * A program as the command line loads it: its boot image, and the labels its source defined,
 * so that a debugger takes {@code break loop} or {@code x msg} as well as numbers. An image file
 * written by {@code asm -o} carries no labels (the image format has no symbol table), so only
 * numbers work for it.
 *
 * @param image  the boot image
 * @param labels each label's address, in source order; empty for an image file
 */
public record Program(Image image, Map<String, Integer> labels) {
    public Program {
        Objects.requireNonNull(image, "image");
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
}
