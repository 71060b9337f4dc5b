package shadowvisor.machine.cpu;

import shadowvisor.machine.CpuTrace;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.device.Console;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.isa.Profile;
import shadowvisor.machine.memory.PhysicalMemory;
import shadowvisor.machine.paging.Tlb;

/**
 * A bare machine on a test bench: words are staged at physical addresses, booted as an
 * {@link Image} with {@link Cpu#boot}, run, and then inspected. The usual layout:
 * <ul>
 * <li>words 4..7, the new-PSW slot: (s, P=0, I=0, B=0, L=SZ, PC={@link #HANDLER});</li>
 * <li>{@link #HANDLER}: a {@code halt}, so a delivered trap ends the run with the trap area
 * filled and the final PC = HANDLER + 1;</li>
 * <li>{@link #CODE}: the program under test, the boot entry.</li>
 * </ul>
 */
public final class Rig {
    public static final int HANDLER = 0x40;
    public static final int CODE = 0x100;
    /** Words 11..15 are reserved: preset to this, they must never be written by the hardware. */
    public static final int RESERVED_FILL = 0x5EED_0000;

    /** A trace that records nothing: attaching it makes the CPU run one instruction per burst. */
    public static final CpuTrace SINGLE_STEP = new CpuTrace() {
        @Override
        public void retired(long count, int pc, int word) {
        }

        @Override
        public void trap(int cause, int value, int detail, int savedPc, boolean delivered) {
        }
    };

    public final int size;
    public final PhysicalMemory memory;
    public final Devices devices;
    public final Tlb tlb;
    public final Cpu cpu;
    private final int[] staged;
    private final boolean[] placed;
    private int codeEnd = CODE;
    private boolean booted;
    /** The last {@link Cpu#run} result. */
    public int exit = -1;

    public Rig(int size) {
        this(size, new Tlb(), new byte[0]);
    }

    public Rig(int size, Tlb tlb, byte[] input) {
        this(size, tlb, input, Profile.PG);
    }

    public Rig(int size, Tlb tlb, byte[] input, Profile profile) {
        this.size = size;
        this.memory = new PhysicalMemory(size);
        this.devices = new Devices(new Console(input, null));
        this.tlb = tlb;
        this.cpu = new Cpu(memory, devices, tlb, profile);
        this.staged = new int[size];
        this.placed = new boolean[size];
    }

    /** 4096 words, traps delivered to a halting handler, reserved words 11..15 filled. */
    public static Rig standard() {
        return new Rig(4096).trapToHalt();
    }

    /** {@link #standard()} on a machine of another profile. */
    public static Rig standard(Profile profile) {
        return new Rig(4096, new Tlb(), new byte[0], profile).trapToHalt();
    }

    public static Rig withInput(String input) {
        return new Rig(4096, new Tlb(), input.getBytes(StandardCharsets.ISO_8859_1)).trapToHalt();
    }

    /** Places words at a physical address: staged in the image before boot, written to memory after. */
    public Rig put(int address, int... words) {
        for (int i = 0; i < words.length; i++) {
            if (booted) {
                memory.words()[address + i] = words[i];
            } else {
                staged[address + i] = words[i];
                placed[address + i] = true;
            }
        }
        return this;
    }

    /** Appends program words at the code cursor (starting at {@link #CODE}). */
    public Rig code(int... words) {
        put(codeEnd, words);
        codeEnd += words.length;
        return this;
    }

    /** The address the next {@link #code} word goes to. */
    public int here() {
        return codeEnd;
    }

    public Rig trapTo(int flags, int b, int l, int pc) {
        return put(4, flags, b, l, pc);
    }

    public Rig trapToHalt() {
        trapTo(Psw.S, 0, size, HANDLER).put(HANDLER, Words.halt());
        return put(11, RESERVED_FILL + 11, RESERVED_FILL + 12, RESERVED_FILL + 13, RESERVED_FILL + 14,
                RESERVED_FILL + 15);
    }

    public Rig boot() {
        return boot(CODE);
    }

    /** Boots an image made of every staged run of words. */
    public Rig boot(int entry) {
        List<Image.Chunk> chunks = new ArrayList<>();
        int i = 0;
        while (i < size) {
            if (!placed[i]) {
                i++;
                continue;
            }
            int start = i;
            while (i < size && placed[i]) {
                i++;
            }
            int[] w = new int[i - start];
            System.arraycopy(staged, start, w, 0, w.length);
            chunks.add(new Image.Chunk(start, w));
        }
        cpu.boot(new Image(entry, chunks));
        booted = true;
        return this;
    }

    public Rig reg(int index, int value) {
        cpu.setRegister(index, value);
        return this;
    }

    public Rig psw(int flags, int b, int l, int pc) {
        cpu.setPsw(new Psw(flags, b, l, pc));
        return this;
    }

    public Rig run() {
        return run(100_000);
    }

    public Rig run(long budget) {
        exit = cpu.run(budget);
        return this;
    }

    public int reg(int index) {
        return cpu.register(index);
    }

    public int word(int pa) {
        return memory.words()[pa];
    }

    public Psw psw() {
        return cpu.psw();
    }

    public long traps(TrapCause cause) {
        return cpu.trapCounts()[cause.code()];
    }

    public long trapTotal() {
        long n = 0;
        for (long c : cpu.trapCounts()) {
            n += c;
        }
        return n;
    }

    public String console() {
        return new String(devices.console().output(), StandardCharsets.ISO_8859_1);
    }

    public Rig assertHalted() {
        assertEquals(Machine.EXIT_HALT, exit, "exit code (2 = halt); shutdown reason: " + cpu.shutdownReason());
        return this;
    }

    /**
     * The run ended in the halting handler after exactly one delivered trap with this cause,
     * value, detail and saved PC (spec section 4), and words 11..15 were not touched.
     */
    public Rig assertTrap(TrapCause cause, int value, int detail, int savedPc) {
        assertHalted();
        assertEquals(HANDLER + 1, psw().pc(), "the trap went to the handler, which halted");
        assertEquals(cause.code(), word(8), "word 8, the trap cause");
        assertEquals(value, word(9), "word 9, the trap value");
        assertEquals(detail, word(10), "word 10, the trap detail");
        assertEquals(savedPc, word(3), "word 3, the saved PC");
        assertEquals(1, traps(cause), "traps delivered with cause " + cause);
        assertEquals(1, trapTotal(), "traps delivered in all");
        assertReservedUntouched();
        return this;
    }

    /** Words 0..2 of the trap area: the interrupted PSW's flags, B and L. */
    public Rig assertSavedPsw(int flags, int b, int l) {
        assertArrayEquals(new int[] {flags, b, l}, new int[] {word(0), word(1), word(2)}, "words 0..2, the old PSW");
        return this;
    }

    public Rig assertReservedUntouched() {
        for (int i = 11; i < 16; i++) {
            assertEquals(RESERVED_FILL + i, word(i), "reserved word " + i + " is never written by the hardware");
        }
        return this;
    }

    public Rig assertNoTrap() {
        assertEquals(0, trapTotal(), "no trap delivered; last cause in word 8 = " + word(8));
        return this;
    }
}
