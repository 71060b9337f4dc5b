package shadowvisor.vmm;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.paging.Tlb;

/** Mocked {@link Machine}s whose physical memory and registers are plain arrays, so a test reads back every effect. */
final class MockMachines {
    private MockMachines() {
    }

    static Machine arrayBacked(int[] host, int[] regs) {
        Machine machine = mock(Machine.class);
        when(machine.memorySize()).thenReturn(host.length);
        when(machine.readPhysical(anyInt())).thenAnswer(i -> host[(int) i.getArgument(0)]);
        doAnswer(i -> {
            host[(int) i.getArgument(0)] = i.getArgument(1);
            return null;
        }).when(machine).writePhysical(anyInt(), anyInt());
        when(machine.register(anyInt())).thenAnswer(i -> regs[(int) i.getArgument(0)]);
        doAnswer(i -> {
            int r = i.getArgument(0);
            if (r != 0) {
                regs[r] = i.getArgument(1);
            }
            return null;
        }).when(machine).setRegister(anyInt(), anyInt());
        when(machine.tlb()).thenReturn(new Tlb());
        when(machine.profile()).thenReturn(Profile.PG);
        return machine;
    }
}
