package shadowvisor.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import shadowvisor.asm.Program;
import shadowvisor.asm.ProgramException;
import shadowvisor.asm.Programs;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.image.ImageFile;
import shadowvisor.machine.image.ImageFormatException;

/**
 * Turns the PROGRAM arguments of {@code run} and {@code disasm} into boot images (spec section
 * 9: sources are assembled on the fly, images written by {@code asm -o} are read; a file is an
 * image when it starts with the image magic or its name does not end in {@code .s}). A problem the
 * user can fix becomes a {@link UsageException} (one line, status 2): a missing or unreadable
 * file, a damaged image (its byte offset named). A source that does not assemble becomes an
 * {@link AssemblyException} carrying every diagnostic, as {@code asm} reports them, because spec
 * section 6 wants every error of the file with its {@code file:line:column}.
 */
final class ProgramFiles {
    private ProgramFiles() {
    }

    /** The images of {@code paths}, in order. */
    static List<Image> load(List<Path> paths) {
        List<Image> images = new ArrayList<>(paths.size());
        for (Path p : paths) {
            images.add(load(p));
        }
        return images;
    }

    /** The image of one program file. */
    static Image load(Path path) {
        return program(path).image();
    }

    /** One program file with the labels of its source (none for an image), for the debugger. */
    static Program program(Path path) {
        checkReadable(path);
        boolean image = ImageFile.looksLikeImage(path);
        if (!image && !isSource(path)) {
            try {
                ImageFile.read(path);
            } catch (ImageFormatException e) {
                throw new UsageException(e.getMessage() + " (a source file's name ends in .s)");
            }
        }
        try {
            return Programs.read(path);
        } catch (ProgramException e) {
            if (image) {
                throw new UsageException(e.getMessage());
            }
            throw new AssemblyException(e.getMessage().lines().toList());
        }
    }

    /**
     * Whether the file is read as assembly source: its name ends in {@code .s}. Everything else
     * is read as an image, so that a damaged or foreign binary file is one line naming its
     * first bad byte rather than a screenful of assembler errors about binary garbage.
     */
    static boolean isSource(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().endsWith(".s");
    }

    /** Fails with one line unless {@code path} names a readable regular file. */
    static void checkReadable(Path path) {
        checkReadable(path, "program");
    }

    /** Fails with one line unless {@code path} names a readable regular file: a {@code what}, if it is not a directory. */
    static void checkReadable(Path path, String what) {
        if (!Files.exists(path)) {
            throw new UsageException(path + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new UsageException(path + ": is a directory, not a " + what);
        }
        if (!Files.isReadable(path)) {
            throw new UsageException(path + ": cannot read (permission denied)");
        }
    }
}
