package shadowvisor.cli;

/**
 * A usage or input error that the user can fix (spec section 9): a missing or unreadable file,
 * an image that does not fit in {@code --mem}, an option value that makes no sense together
 * with the others. {@link ErrorReporter} prints its message as the one line
 * {@code shadowvisor: error: MESSAGE} and the process exits with status 2. It carries no stack
 * trace because it is a message for the user, not a bug report.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
