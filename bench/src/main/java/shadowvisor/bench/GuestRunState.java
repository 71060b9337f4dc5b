package shadowvisor.bench;

import java.util.List;
import shadowvisor.machine.image.Image;
import shadowvisor.mode.Mode;
import shadowvisor.run.RunOptions;
import shadowvisor.run.Runner;

/**
 * What the VMM benchmarks share: a guest assembled once, the options of one mode, and one whole
 * run to power-off (or to {@link #LIMIT} retired instructions for the guests that never end).
 */
abstract class GuestRunState {
    /** Instructions a never-ending guest runs per invocation. */
    static final long LIMIT = 10_000_000L;

    private Image image;
    private RunOptions options;

    void prepare(String guest, String mode) {
        image = BenchGuests.load(guest);
        options = RunOptions.defaults(Mode.byName(mode)).withMem(BenchGuests.memoryOf(guest)).withLimit(LIMIT);
    }

    /** One whole run; returns the retired guest instructions, so the JIT cannot drop the work. */
    long runOnce() {
        return Runner.run(List.of(image), options).get(0).instructions();
    }
}
