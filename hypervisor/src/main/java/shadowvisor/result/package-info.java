/**
 * What a run leaves behind, in any mode: the report equivalence is judged on
 * ({@link shadowvisor.result.RunReport}), the VMM's counters ({@link shadowvisor.result.VmmCounters},
 * indexed by {@link shadowvisor.result.VmmCounter}), each level of a stack, the hardware TLB's
 * figures and the timeline of costs over guest time. The VMMs write them and the runner, the
 * command line and the cost model read them, so this package depends on the machine alone.
 */
package shadowvisor.result;
