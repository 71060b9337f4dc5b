package shadowvisor.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;

/**
 * {@code --profile NAME|FILE} (spec sections 8 and 9), a picocli mixin shared by {@code run},
 * {@code compare} and {@code analyze}: the machine's instruction table.
 *
 * <p>A value that names a built-in profile ({@code pg}, {@code pdp10}, {@code x86}, {@code arm},
 * {@code mips}) is that profile, even when a file of that name exists; any other value is the
 * path of a profile file ({@link ProfileFile}). For a run, {@code --profile} overrides the
 * {@code .profile} the boot image records, and without either the profile is {@code pg}. The
 * PROGRAMs of one run under a VMM are the VMs of one machine, so they must agree.
 */
final class ProfileOption {
    @Option(names = "--profile", paramLabel = "NAME|FILE",
            description = "The machine's profile: pg, pdp10, x86, arm, mips, or a profile file (FILE.json). "
                    + "Overrides a program's .profile; default pg.")
    private String value;

    /** The profile {@code --profile} names, or null when it was not given. */
    Profile given() {
        return value == null ? null : resolve(value);
    }

    /** {@code --profile}, else {@code pg}: for a command without programs ({@code analyze}). */
    Profile orDefault() {
        Profile p = given();
        return p == null ? Profile.PG : p;
    }

    /**
     * The profile of a run of {@code images}: {@code --profile}; else the one their
     * {@code .profile} directives name, which must be the same for all of them (a program without
     * one asks for {@code pg}); else {@code pg}.
     *
     * @param programs the files the images came from, in the same order, to name them
     * @throws UsageException when two programs ask for different profiles and {@code --profile}
     *                        does not decide
     */
    Profile forRun(List<Path> programs, List<Image> images) {
        Profile p = given();
        if (p != null) {
            return p;
        }
        String first = declared(images.get(0));
        for (int i = 1; i < images.size(); i++) {
            if (!declared(images.get(i)).equals(first)) {
                throw new UsageException(programs.get(0) + " runs profile " + described(images.get(0)) + " but "
                        + programs.get(i) + " profile " + described(images.get(i)) + ": the VMs of one VMM share one "
                        + "machine; choose its profile with --profile");
            }
        }
        return Profile.builtIn(first);
    }

    /** The built-in profile a program's image asks for: its {@code .profile}, else {@code pg}. */
    private static String declared(Image image) {
        // Image admits only built-in names, so the name always resolves.
        return image.profile() == null ? Profile.PG.name() : image.profile();
    }

    private static String described(Image image) {
        return image.profile() == null ? Profile.PG.name() + " (no .profile)" : image.profile();
    }

    /** A built-in profile by name, else the profile file at that path. */
    static Profile resolve(String value) {
        Profile builtIn = Profile.builtIn(value);
        if (builtIn != null) {
            return builtIn;
        }
        Path file;
        try {
            file = Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException("--profile " + value + ": neither a built-in profile (" + ProfileFile.builtInNames()
                    + ") nor a file name");
        }
        if (!Files.exists(file)) {
            throw new UsageException("--profile " + value + ": no built-in profile of that name ("
                    + ProfileFile.builtInNames() + ") and no such file");
        }
        return ProfileFile.read(file);
    }
}
