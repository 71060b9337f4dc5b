/**
 * How a guest is run: natively or under which VMM ({@link shadowvisor.mode.Mode}), or a stack of
 * VMMs ({@link shadowvisor.mode.ModeStack}, spec 7.6). The names the command line and the reports
 * use; nothing here runs anything, so the VMMs and the runner both depend on it and not on each
 * other's packages.
 */
package shadowvisor.mode;
