package shadowvisor.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top command, {@code shadowvisor}: holds the {@link Terminal} its subcommands write to and
 * the options every subcommand inherits ({@code --verbose}, {@code --help}, {@code --version}).
 * Alone it is a usage error, since there is nothing to do without a subcommand.
 */
@Command(name = "shadowvisor", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, sortSynopsis = false, versionProvider = ShadowvisorCommand.Version.class,
        subcommands = {RunCommand.class, DebugCommand.class, CompareCommand.class, TestCommand.class,
                AnalyzeCommand.class, AsmCommand.class, DisasmCommand.class, DemoCommand.class, FuzzCommand.class, HelpCommand.class},
        description = {"A laboratory for machine virtualization: Popek and Goldberg's machine",
                "with a paged MMU, run natively and under virtual machine monitors."},
        footer = {"", "Exit status: 0 done, 2 usage or input error, 70 internal error;",
                "run exits with the guest's own status (see 'shadowvisor run --help')."})
public final class ShadowvisorCommand implements Runnable {
    private final Terminal terminal;

    @Spec
    private CommandSpec spec;

    public ShadowvisorCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Where the subcommands write. */
    Terminal terminal() {
        return terminal;
    }

    /**
     * {@code --verbose}, accepted before or after the subcommand: log at debug level on stderr.
     * Only a true value acts, because picocli also applies the default (false) to each
     * subcommand's copy of the option, which must not undo a {@code --verbose} given earlier.
     */
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Log diagnostics at debug level on stderr.")
    void setVerbose(boolean verbose) {
        if (verbose) {
            Configurator.setRootLevel(Level.DEBUG);
        }
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: one of run, debug, compare, test, analyze, asm, disasm, demo, fuzz");
    }

    /** {@code --version}: the version the jar was built as. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ShadowvisorCommand.class.getPackage().getImplementationVersion();
            return new String[] {"shadowvisor " + (v == null ? "(development build)" : v)};
        }
    }
}
