package shadowvisor.cli;

import java.util.List;
import shadowvisor.machine.image.Image;
import shadowvisor.run.Runner;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;

/**
 * The one place where the command line starts guests: {@code run}, {@code compare} and
 * {@code demo} come through here, so how guests are run (natively or under a VMM, one VM or
 * several) is decided by the hypervisor module's {@link Runner}, in one call.
 */
final class GuestRuns {
    private GuestRuns() {
    }

    /**
     * Runs the images in {@code options.mode()}, each as its own guest, and returns their
     * reports in order.
     *
     * @throws UsageException when the options do not suit the images (the runner's one-line
     *                        reason: several programs natively, a memory the host cannot back
     *                        or the mode refuses)
     */
    static List<RunReport> run(List<Image> images, RunOptions options) {
        try {
            return Runner.run(images, options);
        } catch (IllegalArgumentException e) {
            // Runner's documented way of refusing a usage error.
            throw new UsageException(e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new UsageException("not enough host memory for " + images.size() + " guest(s) of "
                    + options.memWords() + " words: use a smaller --mem or give the JVM more (-Xmx)");
        }
    }
}
