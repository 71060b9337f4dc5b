package shadowvisor.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static shadowvisor.machine.TrapCause.ACC_F;
import static shadowvisor.machine.TrapCause.ACC_U;
import static shadowvisor.machine.TrapCause.ACC_W;
import static shadowvisor.machine.cpu.Words.*;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;

/**
 * Spec section 3, steps 1 and 2 (paging off): the segment check {@code va <u L} and
 * {@code B + va} without overflow, then {@code pa = la} and {@code pa < SZ}. The fault values
 * are {@code va} for SEGMENT and {@code la} for MEMORY; the detail carries W, U and F.
 */
class SegmentTranslationTest {
    static final int B = 0x800, L = 0x100;

    /** User mode in the segment (B, L); program at va 0. */
    static Rig user(int... words) {
        return Rig.standard().put(B, words).boot().psw(0, B, L, 0);
    }

    @Test
    @DisplayName("§3.1 va = L - 1 is the last valid address: la = B + va")
    void lastAddressOfTheSegment() {
        Rig rig = user(ld(3, L - 1, 0), st(3, L - 2, 0), halt()).put(B + L - 1, 0xAB).run();
        rig.assertTrap(TrapCause.PRIVILEGED, halt(), 0, 2);   // the user halt, after both accesses retired
        assertEquals(0xAB, rig.reg(3));
        assertEquals(0xAB, rig.word(B + L - 2));
    }

    @Test
    @DisplayName("§3.1 va = L: SEGMENT, value va, detail U (read)")
    void loadAtLimit() {
        user(ld(3, L, 0)).run().assertTrap(TrapCause.SEGMENT, L, ACC_U, 0).assertSavedPsw(0, B, L);
    }

    @Test
    @DisplayName("§3.1 va = L: SEGMENT, detail W|U (write)")
    void storeAtLimit() {
        Rig rig = user(st(0, L, 0)).put(B + L, 7).run();
        rig.assertTrap(TrapCause.SEGMENT, L, ACC_W | ACC_U, 0);
        assertEquals(7, rig.word(B + L), "the store did not happen");
    }

    @Test
    @DisplayName("§3.1 va compares unsigned: a negative va is beyond L")
    void negativeVaIsBeyondL() {
        user(ld(3, 0xFFFF, 0)).run().assertTrap(TrapCause.SEGMENT, -1, ACC_U, 0);
    }

    @Test
    @DisplayName("§3.1 fetch at PC = L: SEGMENT, value PC, detail F|U, saved PC = PC")
    void fetchAtLimit() {
        Rig rig = Rig.standard().boot().psw(0, B, L, L).run();
        rig.assertTrap(TrapCause.SEGMENT, L, ACC_F | ACC_U, L);
    }

    @Test
    @DisplayName("§3.1 running off the end of the segment faults on the fetch of va = L")
    void runningOffTheEnd() {
        int[] nops = new int[L];
        java.util.Arrays.fill(nops, NOP);
        Rig rig = user(nops).run();
        rig.assertTrap(TrapCause.SEGMENT, L, ACC_F | ACC_U, L);
        assertEquals(L + 1, rig.cpu.retired());
    }

    @Test
    @DisplayName("§3.1 supervisor mode: the same checks, detail without U")
    void supervisorSegment() {
        Rig rig = Rig.standard().put(B, ld(3, L, 0)).boot().psw(Psw.S, B, L, 0).run();
        rig.assertTrap(TrapCause.SEGMENT, L, 0, 0).assertSavedPsw(Psw.S, B, L);
    }

    @Test
    @DisplayName("§3.1 L = 0: even the first fetch faults")
    void emptySegment() {
        Rig.standard().boot().psw(0, B, 0, 0).run().assertTrap(TrapCause.SEGMENT, 0, ACC_F | ACC_U, 0);
    }

    @Test
    @DisplayName("§3.1 B + va overflowing 32 bits: SEGMENT with value va, even when va < L")
    void basePlusVaOverflows() {
        // B = 2^32 - 0x100, L = 0x200: va 0xFF is la 0xFFFFFFFF (valid segment, MEMORY), va 0x100 overflows.
        int b = -0x100;
        Rig rig = Rig.standard().code(lpsw(0, 1)).put(0x800, 0, b, 0x200, 0x100).boot().reg(1, 0x800).run();
        rig.assertTrap(TrapCause.SEGMENT, 0x100, ACC_F | ACC_U, 0x100).assertSavedPsw(0, b, 0x200);
    }

    @Test
    @DisplayName("§3.1/§3.2 la = B + va = 0xFFFFFFFF does not overflow: MEMORY with value la")
    void laAtTheTopOfTheAddressSpace() {
        int b = -0x100;
        // Code at physical CODE runs in a flat segment; the access is made through r2 after switching B by lpsw.
        Rig rig = Rig.standard().code(lpsw(0, 1)).put(0x800, Psw.S, b, 0x200, 0xFF).boot().reg(1, 0x800).run();
        rig.assertTrap(TrapCause.MEMORY, -1, ACC_F, 0xFF);
    }

    @Test
    @DisplayName("§3 step 2: B + va = SZ is a MEMORY fault with value la (not SEGMENT)")
    void laEqualToSz() {
        int b = 4096 - 0x80;
        Rig rig = Rig.standard().put(b, ld(3, 0x80, 0)).boot().psw(0, b, 0x100, 0).run();
        rig.assertTrap(TrapCause.MEMORY, 4096, ACC_U, 0).assertSavedPsw(0, b, 0x100);
        Rig w = Rig.standard().put(b, st(3, 0x7F, 0), st(3, 0x80, 0)).boot().psw(0, b, 0x100, 0).reg(3, 9).run();
        w.assertTrap(TrapCause.MEMORY, 4096, ACC_W | ACC_U, 1);
        assertEquals(9, w.word(4095), "va 0x7F (la SZ - 1) was written");
    }

    @Test
    @DisplayName("§3 step 2: a fetch at la = SZ is a MEMORY fault with F")
    void fetchAtSz() {
        int b = 4096 - 2;
        Rig rig = Rig.standard().put(b, NOP, NOP).boot().psw(0, b, 0x100, 0).run();
        rig.assertTrap(TrapCause.MEMORY, 4096, ACC_F | ACC_U, 2);
        assertEquals(3, rig.cpu.retired());
    }

    @Test
    @DisplayName("§3 step 2: B >= SZ, every access is a MEMORY fault at la")
    void baseBeyondMemory() {
        Rig.standard().boot().psw(0, 0x10000, 0x100, 5).run().assertTrap(TrapCause.MEMORY, 0x10005, ACC_F | ACC_U, 5);
    }

    @Test
    @DisplayName("§3 after many valid accesses (translation caches warm), the limit still holds")
    void limitHoldsAfterWarmAccesses() {
        // A loop reading va 0..L-1 through r2, then one more read at va L.
        int[] prog = {
            ld(3, 0, 2), addi(2, 2, 1), branch(shadowvisor.machine.isa.Opcode.BNE, 2, 4, -2), ld(3, 0, 2)
        };
        Rig rig = user(prog).reg(4, L).run();
        rig.assertTrap(TrapCause.SEGMENT, L, ACC_U, 3);
        assertEquals(L, rig.reg(2));
    }

    @Test
    @DisplayName("§3 a segment reaching past SZ: accesses up to SZ - 1 work, SZ faults MEMORY")
    void segmentLongerThanMemory() {
        int b = 4096 - 0x10;
        int[] prog = {ld(3, 0, 2), addi(2, 2, 1), jal(0, -2)};
        Rig rig = Rig.standard().code(prog).boot().reg(2, b).psw(Psw.S, 0, -1, Rig.CODE).run();
        rig.assertTrap(TrapCause.MEMORY, 4096, 0, Rig.CODE);
        assertEquals(4096, rig.reg(2));
    }
}
