package shadowvisor.asm;

/**
 * A program that {@link Programs#load} cannot turn into an image: the source has assembly
 * errors, or the image file is invalid or unreadable. The message is ready to print: the
 * formatted diagnostics one per line (with their include/macro chains), or the one-line image
 * or I/O error.
 */
public final class ProgramException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProgramException(String message) {
        super(message);
    }
}
