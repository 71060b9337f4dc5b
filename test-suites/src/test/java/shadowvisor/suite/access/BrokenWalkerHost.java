package shadowvisor.suite.access;

import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import shadowvisor.machine.CpuTrace;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.paging.Tlb;

/**
 * A test double of the machine a shadow VMM runs on: it delegates everything to the real host
 * CPU but passes the VMM's physical reads and writes through two mutations, so that the page
 * walk the VMM makes over the guest's tables (spec 3.1, through {@code GuestPhysicalMap}) goes
 * wrong the way a buggy walker would, for the one guest PTE value the mutation picks.
 *
 * @see AccessSuiteMutationTest
 */
final class BrokenWalkerHost implements Machine {
    private final Machine host;
    private final IntUnaryOperator onRead;
    private final IntBinaryOperator onWrite;

    /**
     * @param onRead  the word the VMM reads, given the word in memory
     * @param onWrite the word the VMM writes, given (the word in memory, the word it writes)
     */
    BrokenWalkerHost(Machine host, IntUnaryOperator onRead, IntBinaryOperator onWrite) {
        this.host = host;
        this.onRead = onRead;
        this.onWrite = onWrite;
    }

    @Override
    public int readPhysical(int pa) {
        return onRead.applyAsInt(host.readPhysical(pa));
    }

    @Override
    public void writePhysical(int pa, int word) {
        host.writePhysical(pa, onWrite.applyAsInt(host.readPhysical(pa), word));
    }

    // Everything else as the host does it.

    @Override
    public int run(long budget) {
        return host.run(budget);
    }

    @Override
    public long retired() {
        return host.retired();
    }

    @Override
    public int trapCause() {
        return host.trapCause();
    }

    @Override
    public int trapValue() {
        return host.trapValue();
    }

    @Override
    public int trapDetail() {
        return host.trapDetail();
    }

    @Override
    public String shutdownReason() {
        return host.shutdownReason();
    }

    @Override
    public void setTrapIntercept(boolean intercept) {
        host.setTrapIntercept(intercept);
    }

    @Override
    public void setTrace(CpuTrace trace) {
        host.setTrace(trace);
    }

    @Override
    public int register(int index) {
        return host.register(index);
    }

    @Override
    public void setRegister(int index, int value) {
        host.setRegister(index, value);
    }

    @Override
    public Psw psw() {
        return host.psw();
    }

    @Override
    public void setPsw(Psw psw) {
        host.setPsw(psw);
    }

    @Override
    public void setPsw(int flags, int b, int l, int pc) {
        host.setPsw(flags, b, l, pc);
    }

    @Override
    public int pc() {
        return host.pc();
    }

    @Override
    public void setPc(int pc) {
        host.setPc(pc);
    }

    @Override
    public int ptbr() {
        return host.ptbr();
    }

    @Override
    public void setPtbr(int ptbr) {
        host.setPtbr(ptbr);
    }

    @Override
    public int timer() {
        return host.timer();
    }

    @Override
    public void setTimer(int count) {
        host.setTimer(count);
    }

    @Override
    public boolean tickPending() {
        return host.tickPending();
    }

    @Override
    public void invalidatePage(int la) {
        host.invalidatePage(la);
    }

    @Override
    public void flushTlb() {
        host.flushTlb();
    }

    @Override
    public int memorySize() {
        return host.memorySize();
    }

    @Override
    public Devices devices() {
        return host.devices();
    }

    @Override
    public Profile profile() {
        return host.profile();
    }

    @Override
    public Tlb tlb() {
        return host.tlb();
    }
}
