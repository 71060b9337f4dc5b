/**
 * Kernel-style guest test suites and their runner, in the manner of kvm-unit-tests.
 *
 * <p>The suites are {@code .s} guests under {@code resources/suites/}, listed in
 * {@code manifest.json}. Each includes {@code lib/report.s}, checks part of the spec against
 * values it knows (the guest computes every verdict itself, so one suite runs unchanged in
 * every mode), prints {@code PASS:}/{@code FAIL:} lines and a {@code SUMMARY:}, and powers off
 * with the number of failures. The Java side reads those verdicts back:
 * {@link shadowvisor.suite.Manifest} loads the list, {@link shadowvisor.suite.SuiteSources}
 * assembles the files, {@link shadowvisor.suite.SuiteRunner} runs each (test, mode) and judges
 * it against the native run ({@link shadowvisor.suite.SuiteOutcome}), and
 * {@link shadowvisor.suite.TapWriter} prints TAP for {@code shadowvisor test}.
 *
 * <p>A suite may be written for a profile of spec section 8 ({@code pdp10_jrstu.s},
 * {@code x86_user.s}, {@code mips_kseg.s}...): its manifest entry names the profile, and, where
 * the profile breaks Theorem 1 silently, the modes in which its run is expected to differ from
 * native and why. Such a run is reported {@code ok}, with the reason and what differed; the
 * parts of a profile that every VMM must run exactly are suites of their own, checked against
 * native like any other.
 */
package shadowvisor.suite;
