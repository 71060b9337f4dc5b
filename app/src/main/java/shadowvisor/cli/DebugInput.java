package shadowvisor.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Iterator;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.TerminalBuilder;

/**
 * Where {@code shadowvisor debug} reads its commands: a person at a terminal, with line editing
 * and history ({@link Interactive}), or lines from a script or a pipe ({@link Scripted}), each
 * echoed after the prompt so that the transcript reads like a session.
 */
interface DebugInput extends AutoCloseable {
    /** The prompt, gdb's {@code (gdb) } in the debugger's name. */
    String PROMPT = "(svdb) ";

    /** The next command line, or null at the end of input. */
    String readLine();

    /** Whether a person types the commands (an empty line then repeats the last one, as in gdb). */
    boolean interactive();

    @Override
    void close();

    /** Commands from a script file or a pipe, echoed after the prompt. */
    final class Scripted implements DebugInput {
        private final Iterator<String> lines;
        private final BufferedReader reader;
        private final PrintStream echo;

        /** The lines of a script read ahead (a {@code --script} file, read whole before the session starts). */
        Scripted(Collection<String> script, PrintStream echo) {
            this.lines = script.iterator();
            this.reader = null;
            this.echo = echo;
        }

        /** Lines read one at a time as they come (a pipe on stdin). */
        Scripted(BufferedReader reader, PrintStream echo) {
            this.lines = null;
            this.reader = reader;
            this.echo = echo;
        }

        @Override
        public String readLine() {
            String line;
            if (lines != null) {
                line = lines.hasNext() ? lines.next() : null;
            } else {
                try {
                    line = reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (line != null) {
                echo.println(PROMPT + line);
            }
            return line;
        }

        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public void close() {
            // The reader is the process's stdin, or a script already read: nothing of ours to close.
        }
    }

    /**
     * A person at a terminal: JLine's line editor, with history and completion of the command
     * names and the program's labels; Ctrl-C at the prompt discards the line, Ctrl-C while the
     * guest runs interrupts it, Ctrl-D ends the session.
     */
    final class Interactive implements DebugInput {
        private final org.jline.terminal.Terminal terminal;
        private final LineReader reader;

        /**
         * @param words       what Tab completes
         * @param onInterrupt called on Ctrl-C while the guest runs
         * @throws IOException when no terminal can be opened (the caller falls back to plain lines)
         */
        Interactive(Collection<String> words, Runnable onInterrupt) throws IOException {
            terminal = TerminalBuilder.builder().system(true).build();
            // Outside readLine (the reader installs its own handler while it reads) Ctrl-C means "stop the guest".
            terminal.handle(org.jline.terminal.Terminal.Signal.INT, signal -> onInterrupt.run());
            reader = LineReaderBuilder.builder().appName("shadowvisor").terminal(terminal)
                    .completer(new StringsCompleter(words)).build();
        }

        @Override
        public String readLine() {
            for (;;) {
                try {
                    return reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    // Ctrl-C at the prompt: the line is dropped, the session goes on.
                } catch (EndOfFileException e) {
                    return null;
                }
            }
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public void close() {
            try {
                terminal.close();
            } catch (IOException e) {
                // The session is over; a terminal that will not close changes nothing for the user.
            }
        }
    }
}
