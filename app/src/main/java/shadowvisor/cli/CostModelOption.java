package shadowvisor.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import shadowvisor.cost.CostModel;

/**
 * {@code --cost-model FILE.json}, shared by {@code compare} and {@code demo}: the prices of the
 * modeled cycles every mode is shown with ({@link CostModelFile}); the documented defaults
 * without it (docs/PAPERS.md).
 */
final class CostModelOption {
    @Option(names = "--cost-model", paramLabel = "FILE.json",
            description = "Price the modeled cycles with this file's constants instead of the defaults "
                    + "(docs/PAPERS.md), e.g. {\"exit\": 1200, \"emulate.lpsw\": 600}; keys not given keep "
                    + "their defaults.")
    private Path file;

    /** The cost model to price runs on, read (and checked) now. */
    CostModel model() {
        return file == null ? CostModel.defaults() : CostModelFile.read(file);
    }
}
