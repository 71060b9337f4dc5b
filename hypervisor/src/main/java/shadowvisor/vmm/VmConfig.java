package shadowvisor.vmm;

import java.io.OutputStream;

/**
 * What a VM is created with (spec sections 7 and 9): its memory size, its console input, where
 * its console output goes live, and its instruction limit. {@code --mem}, {@code --input} and
 * {@code --max-instructions} apply to each VM alone.
 *
 * @param memsize         guest-physical memory in words (SZ as the guest sees it)
 * @param input           console input bytes
 * @param liveConsole     where console bytes go as they are produced, or null
 * @param maxInstructions retired guest instructions after which the VM stops with exit kind limit
 */
public record VmConfig(int memsize, byte[] input, OutputStream liveConsole, long maxInstructions) {
    public VmConfig {
        input = input == null ? new byte[0] : input.clone();
    }
}
