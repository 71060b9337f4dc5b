/**
 * The debugger's engine ({@code shadowvisor debug}): a guest stopped, stepped and looked at, on
 * the bare machine or as a VM of a VMM, free of any command line or terminal. {@link Debugger}
 * holds the session (the guests, their breakpoints, the VMM's event log); a {@link DebugTarget}
 * is one guest ({@link NativeTarget}, {@link VmTarget}); {@link GuestTranslation} and
 * {@link ShadowProbe} look at the guest's page tables and the VMM's shadows without changing
 * them. The debugger adds no execution of its own: the CPU and the VMMs run the guest exactly as
 * {@code run} does, and it only chooses where they stop.
 */
package shadowvisor.debug;
