package shadowvisor.machine.image;

/**
 * A file that {@link ImageFile#read} cannot accept as a boot image: wrong magic, an unsupported
 * version, truncated data, overlapping chunks, a chunk past the 32-bit address space, trailing
 * bytes, a profile record that is malformed or names no built-in profile, or a file that cannot
 * be read at all. The message is one line that names the file and,
 * for format problems, the byte offset where the problem was found, so that the command line can
 * print it as a usage error without a stack trace.
 */
public final class ImageFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImageFormatException(String message) {
        super(message);
    }
}
