/**
 * The access permutation suite (docs/ACCESS-SUITE.md), after kvm-unit-tests' x86/access.c:
 * every combination of PDE and PTE bits, access kind, CPU mode and TLB state, each access made
 * by a generated guest ({@link shadowvisor.suite.access.AccessGuest}) natively and under the
 * VMMs that run paging guests, checked against {@link shadowvisor.suite.access.AccessModel}, a
 * model of spec sections 3.1 and 3.3 independent of the production page walker.
 * {@link shadowvisor.suite.access.AccessSuite} plans, runs and judges it for
 * {@code shadowvisor test}.
 */
package shadowvisor.suite.access;
