package shadowvisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The top command: help, version, and {@code --verbose} before or after the subcommand. */
class ShadowvisorCommandTest {
    @TempDir
    Path dir;

    @AfterEach
    void quietAgain() {
        Configurator.setRootLevel(Level.WARN);
    }

    @Test
    void helpAndVersionExitZeroOnStdout() {
        Cli help = Cli.run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("run "), help.out());
        assertEquals("", help.err());
        for (String command : new String[] {"run", "compare", "test", "asm", "disasm", "demo"}) {
            Cli r = Cli.run(command, "--help");
            assertEquals(0, r.status(), command);
            assertTrue(r.out().startsWith("Usage: shadowvisor " + command), r.out());
        }
        assertEquals(0, Cli.run("help", "run").status());
        Cli version = Cli.run("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("shadowvisor "), version.out());
    }

    @Test
    void verboseIsAcceptedBeforeAndAfterTheCommandAndRaisesTheLogLevel() {
        Path hello = Cli.guest(dir, "hello.s");
        assertEquals(7, Cli.run("run", "--verbose", hello).status());
        assertEquals(Level.DEBUG, LogManager.getRootLogger().getLevel());
        Configurator.setRootLevel(Level.WARN);
        Cli r = Cli.run("--verbose", "run", hello);
        assertEquals(7, r.status());
        assertEquals("hello, pg\n", r.out());
        assertEquals(Level.DEBUG, LogManager.getRootLogger().getLevel());
    }
}
