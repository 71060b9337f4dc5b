/**
 * The virtualizability analyzer (spec section 8.1): Popek and Goldberg's classification of a
 * profile's instructions, obtained by executing each one on a real CPU of that profile in a set
 * of states, and the verdicts of Theorems 1 and 3 that follow from it.
 *
 * <p>{@link shadowvisor.machine.analysis.Analyzer} is the entry point and reads as the spec's
 * definitions; {@code Bench} is the machine it runs on, {@code State} the states and their
 * variations, {@code Encodings} the instruction words it tries, {@code Result} and
 * {@code Outcome} what one run showed. docs/THEOREM.md explains the method and the verdicts.
 */
package shadowvisor.machine.analysis;
