package shadowvisor.suite.access;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;
import shadowvisor.mode.ModeStack;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.suite.SuiteOptions;
import shadowvisor.suite.SuiteOutcome.Status;
import shadowvisor.suite.SuiteRunner;
import shadowvisor.suite.access.Combination.Kind;
import shadowvisor.suite.access.Combination.TlbState;

/**
 * The access permutation suite, after kvm-unit-tests' x86/access.c: every combination of PDE
 * bits P W U A, PTE bits P W U A D, access kind, CPU mode and TLB state, each access made by a
 * guest ({@link AccessGuest}) natively and under every VMM that runs paging guests, and each
 * observed outcome (trap or not, cause, value, detail, the PDE's and PTE's bits afterwards)
 * checked against the independent {@link AccessModel}. {@code shadowvisor test} shows one TAP
 * line per {@link AccessGroup} (mode, kind, CPU mode); a failing line names each failing
 * combination in full, with what the model allows and what the guest saw.
 *
 * <p>One guest per mode runs the combinations of every selected group of that mode (9216 when
 * all six are selected); the modes run {@code options.jobs()} at a time. {@code --profile} and
 * {@code --load} do not apply: the suite is about spec section 3, on the base profile.
 */
public final class AccessSuite {
    private final BiFunction<Image, ModeStack, RunReport> runner;

    /** The suite running its guests with {@link SuiteRunner#runIn}. */
    public AccessSuite() {
        this((image, mode) -> SuiteRunner.runIn(image, options(mode)));
    }

    /** The suite running its guests with {@code runner} (a test double of the machine, say). */
    public AccessSuite(BiFunction<Image, ModeStack, RunReport> runner) {
        this.runner = runner;
    }

    /** How a guest of the suite runs in {@code mode}: the base profile, {@link AccessGuest#MEM_WORDS}. */
    public static RunOptions options(ModeStack mode) {
        return RunOptions.defaults(mode).withProfile(Profile.PG).withMem(AccessGuest.MEM_WORDS);
    }

    /**
     * The groups {@code options} select, in order: for each selected mode whose guests may page
     * (native, the shadow modes and stacks on them; not {@code segment} nor {@code hybrid}, spec
     * 7.2 and 7.5), each kind and CPU mode whose {@link AccessGroup#testName} the filter matches.
     */
    public static List<AccessGroup> plan(SuiteOptions options) {
        List<AccessGroup> groups = new ArrayList<>();
        for (ModeStack mode : options.modes()) {
            if (!mode.supportsGuestPaging()) {
                continue;
            }
            for (Kind kind : Kind.values()) {
                for (boolean user : new boolean[] {false, true}) {
                    AccessGroup g = new AccessGroup(mode, kind, user);
                    if (options.selects(g.testName())) {
                        groups.add(g);
                    }
                }
            }
        }
        return groups;
    }

    /**
     * Runs the groups {@code options} select and hands each verdict to {@code onEach} (may be
     * null) in plan order.
     */
    public List<AccessOutcome> run(SuiteOptions options, Consumer<AccessOutcome> onEach) {
        return run(plan(options), options.jobs(), onEach);
    }

    /** Runs {@code groups}, one guest per mode, {@code jobs} modes at a time. */
    public List<AccessOutcome> run(List<AccessGroup> groups, int jobs, Consumer<AccessOutcome> onEach) {
        Map<ModeStack, List<AccessGroup>> byMode = new LinkedHashMap<>();
        for (AccessGroup g : groups) {
            byMode.computeIfAbsent(g.mode(), m -> new ArrayList<>()).add(g);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, byMode.size())), r -> {
            Thread t = new Thread(r, "access-suite");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<ModeStack, Future<List<AccessOutcome>>> futures = new HashMap<>();
            for (Map.Entry<ModeStack, List<AccessGroup>> e : byMode.entrySet()) {
                futures.put(e.getKey(), pool.submit(() -> runMode(e.getKey(), e.getValue())));
            }
            List<AccessOutcome> all = new ArrayList<>();
            for (ModeStack mode : byMode.keySet()) {
                List<AccessOutcome> outcomes = await(futures.get(mode), byMode.get(mode));
                for (AccessOutcome o : outcomes) {
                    all.add(o);
                    if (onEach != null) {
                        onEach.accept(o);
                    }
                }
            }
            // Plan order: the groups of one mode are adjacent in every plan, so this is it.
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<AccessOutcome> await(Future<List<AccessOutcome>> f, List<AccessGroup> groups) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return broken(groups, "the run failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return broken(groups, "interrupted");
        }
    }

    /** One guest for the groups of {@code mode}, then one verdict per group. Never throws. */
    List<AccessOutcome> runMode(ModeStack mode, List<AccessGroup> groups) {
        List<Combination> combinations = new ArrayList<>();
        for (AccessGroup g : groups) {
            combinations.addAll(g.combinations());
        }
        RunReport report;
        try {
            report = runner.apply(AccessGuest.image(combinations), mode);
        } catch (SuiteRunner.ModeUnavailableException e) {
            List<AccessOutcome> skipped = new ArrayList<>();
            for (AccessGroup g : groups) {
                skipped.add(new AccessOutcome(g, Status.SKIPPED, 0, List.of(), List.of(e.getMessage())));
            }
            return skipped;
        } catch (RuntimeException e) {
            return broken(groups, "the run failed: " + e);
        }
        Map<Integer, String> lines = observations(report.consoleText());
        List<AccessOutcome> outcomes = new ArrayList<>();
        for (AccessGroup g : groups) {
            outcomes.add(check(g, report, lines));
        }
        return outcomes;
    }

    private static List<AccessOutcome> broken(List<AccessGroup> groups, String why) {
        List<AccessOutcome> list = new ArrayList<>();
        for (AccessGroup g : groups) {
            list.add(new AccessOutcome(g, Status.NOT_OK, 0, List.of(), List.of(why)));
        }
        return list;
    }

    /** How many failing combinations a TAP line names before it says how many more there are. */
    static final int FAILURES_SHOWN = 12;

    /**
     * Judges {@code group} from a guest's run: every combination must have its console line,
     * a warm-up access that did not trap, and an outcome the model allows.
     */
    public static AccessOutcome check(AccessGroup group, RunReport report) {
        return check(group, report, observations(report.consoleText()));
    }

    private static AccessOutcome check(AccessGroup group, RunReport report, Map<Integer, String> lines) {
        List<String> diagnostics = new ArrayList<>();
        List<Combination> failing = new ArrayList<>();
        int checked = 0;
        int missing = 0;
        for (Combination c : group.combinations()) {
            String line = lines.get(c.encode());
            if (line == null) {
                missing++;
                continue;
            }
            checked++;
            String problem = judge(c, line);
            if (problem != null) {
                failing.add(c);
                if (failing.size() <= FAILURES_SHOWN) {
                    diagnostics.add("FAIL " + c + ": " + problem);
                }
            }
        }
        if (failing.size() > FAILURES_SHOWN) {
            diagnostics.add("... and " + (failing.size() - FAILURES_SHOWN) + " more failing combinations");
        }
        if (missing > 0) {
            diagnostics.add(missing + " combinations printed no result");
        }
        if (report.exitKind() != ExitKind.POWEROFF || report.powerValue() != 0) {
            diagnostics.add("the guest ended with " + report.exitKind().name().toLowerCase(java.util.Locale.ROOT)
                    + (report.exitKind() == ExitKind.POWEROFF ? " " + report.powerValue() : "")
                    + (report.reason() == null ? "" : " (" + report.reason() + ")") + ", not poweroff 0");
        }
        if (!failing.isEmpty()) {
            diagnostics.add(0, failing.size() + " of " + checked + " combinations differ from the model of spec 3.1/3.3");
        }
        return new AccessOutcome(group, diagnostics.isEmpty() ? Status.OK : Status.NOT_OK, checked, failing,
                diagnostics);
    }

    /**
     * The guest's result line for {@code c} against the model: null when allowed, else what the
     * model expects and what the guest saw.
     */
    static String judge(Combination c, String line) {
        String[] f = line.trim().split(" ");
        if (f.length != 5 || f[2].length() != 2 || f[4].length() != 4) {
            return "unreadable result line '" + line + "'";
        }
        int warmCause = Integer.parseInt(f[1], 16);
        Outcome got = new Outcome(Character.digit(f[2].charAt(0), 16), Integer.parseUnsignedInt(f[3], 16),
                Character.digit(f[2].charAt(1), 16), Integer.parseInt(f[4].substring(0, 2), 16),
                Integer.parseInt(f[4].substring(2), 16));
        int expectedWarm = c.tlb() == TlbState.COLD ? 0 : Outcome.SVC;
        if (warmCause != expectedWarm) {
            return "the warm-up access through P W U entries ended with cause " + warmCause + ", not " + expectedWarm;
        }
        Set<Outcome> allowed = AccessModel.allowed(c);
        if (allowed.contains(got)) {
            return null;
        }
        List<String> alternatives = new ArrayList<>();
        for (Outcome o : allowed) {
            alternatives.add(o.toString());
        }
        return "expected " + String.join(" OR ", alternatives) + "; got " + got;
    }

    /** The guest's result lines by combination word (the first field of each line). */
    static Map<Integer, String> observations(String console) {
        Map<Integer, String> lines = new HashMap<>();
        for (String line : console.split("\n")) {
            int space = line.indexOf(' ');
            if (space == 4) {
                try {
                    lines.putIfAbsent(Integer.parseInt(line.substring(0, 4), 16), line);
                } catch (NumberFormatException e) {
                    // not a result line
                }
            }
        }
        return lines;
    }
}
