package shadowvisor.asm;

import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.ImageFile;
import shadowvisor.machine.image.ImageFormatException;

/**
 * Where the command line gets a program from (spec section 9: "sources are assembled on the
 * fly; images written by {@code asm -o} are accepted too"). A file that starts with the image
 * magic is read as an image; anything else is assembled as source.
 */
public final class Programs {
    private Programs() {
    }

    /**
     * The image of the program at {@code path}.
     *
     * @throws ProgramException with the assembler's diagnostics, or the image file's error
     */
    public static Image load(Path path) throws ProgramException {
        return read(path).image();
    }

    /**
     * The program at {@code path} with its labels (none for an image file).
     *
     * @throws ProgramException with the assembler's diagnostics, or the image file's error
     */
    public static Program read(Path path) throws ProgramException {
        if (ImageFile.looksLikeImage(path)) {
            try {
                return new Program(ImageFile.read(path), Map.of());
            } catch (ImageFormatException e) {
                throw new ProgramException(e.getMessage());
            }
        }
        AssemblyResult result = Assembler.assembleFile(path);
        if (!result.ok()) {
            StringJoiner message = new StringJoiner("\n");
            result.diagnostics().forEach(d -> message.add(d.format()));
            throw new ProgramException(message.toString());
        }
        return new Program(result.image(), result.labels());
    }
}
