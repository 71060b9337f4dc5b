/**
 * The fuzzing campaign of {@code shadowvisor fuzz} (issue 13): differential testing of the VMMs
 * against the native machine. {@link shadowvisor.fuzz.GuestGenerator} makes one random
 * kernel-style guest per seed ({@link shadowvisor.fuzz.FuzzGuest}: assembly source made of
 * independent steps); {@link shadowvisor.fuzz.FuzzCampaign} runs the guests natively and in
 * each mode on a thread pool and compares the reports key by key, counting what the guests
 * covered ({@link shadowvisor.fuzz.Coverage}); {@link shadowvisor.fuzz.Ddmin} minimizes a
 * differing guest's steps. The command itself is {@code shadowvisor.cli.FuzzCommand} in app.
 */
package shadowvisor.fuzz;
