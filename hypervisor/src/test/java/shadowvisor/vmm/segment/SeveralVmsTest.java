package shadowvisor.vmm.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shadowvisor.vmm.segment.GuestRuns.assertEquivalent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.image.Image;
import shadowvisor.mode.Mode;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;

/**
 * Spec 7.4 and the safety promise of 7.1: several VMs share the CPU by time slices, each ends
 * exactly as it would alone on the bare machine (its own timer ticks included), and a hostile VM
 * (segments off the end of its memory, bases that overflow, wild {@code lpsw}, privileged-
 * instruction and plain instruction floods, paging, double faults) never changes a byte of its
 * neighbour, whichever side of it in host memory the neighbour lies.
 */
class SeveralVmsTest {
    static final int MEMSZ = 4096;

    /** An honest guest: counts primes with its own timer interrupts counting ticks, prints, powers off. */
    static final String NEIGHBOUR = """
            ; neighbour: primes below 1500 by trial division, with a timer tick every 777 instructions
                    .org 16
            _start: li   r2, PSW_S
                    st   r2, NEW_PSW(r0)
                    st   r0, NEW_PSW+1(r0)
                    st   r1, NEW_PSW+2(r0)
                    la   r2, tick
                    st   r2, NEW_PSW+3(r0)
                    li   r2, 777
                    mtcr timer, r2
                    lpsw go_psw(r0)              ; interrupts on from here
            go:     li   r3, 2                   ; candidate
                    li   r4, 0                   ; primes found
            cand:   li   r5, 2                   ; divisor
            div:    mul  r6, r5, r5
                    bltu r3, r6, prime
                    remu r7, r3, r5
                    beqz r7, notp
                    addi r5, r5, 1
                    j    div
            prime:  addi r4, r4, 1
                    st   r3, 0x400(r4)           ; the primes, into memory (and so into the digest)
            notp:   addi r3, r3, 1
                    li   r8, 1500
                    bltu r3, r8, cand
                    li   r2, 'p'
                    out  r2, CONSOLE
                    li   r2, '='
                    out  r2, CONSOLE
                    mov  r5, r4
                    call hex
                    li   r2, '\\n'
                    out  r2, CONSOLE
                    li   r2, 't'
                    out  r2, CONSOLE
                    li   r2, '='
                    out  r2, CONSOLE
                    ld   r5, ticks(r0)
                    call hex
                    li   r2, '\\n'
                    out  r2, CONSOLE
                    out  r4, POWER
            hex:    li   r13, 4
            hx:     shri r12, r5, 12
                    andi r12, r12, 15
                    addi r12, r12, '0'
                    li   r11, '9' + 1
                    bltu r12, r11, hd
                    addi r12, r12, 'a' - '0' - 10
            hd:     out  r12, CONSOLE
                    shli r5, r5, 4
                    addi r13, r13, -1
                    bnez r13, hx
                    ret
            tick:   st   r2, save(r0)            ; the timer handler: count, re-arm, resume
                    ld   r2, ticks(r0)
                    addi r2, r2, 1
                    st   r2, ticks(r0)
                    li   r2, 777
                    mtcr timer, r2
                    ld   r2, save(r0)
                    lpsw OLD_PSW(r0)
            go_psw: .word PSW_S | PSW_I, 0, 0xFFFFFFFF, go
            ticks:  .word 0
            save:   .word 0
            """;

    /** A guest that tries every way out of its memory, then floods the CPU until the limit. */
    static final String HOSTILE = """
            ; hostile: every trap is skipped by the handler, or sends it back to the kernel's next step
                    .equ MEMSZ, %d
                    .equ COUNT, 0x200
                    .equ CONT, 0x201
                    .org 16
            _start: li   r2, PSW_S
                    st   r2, NEW_PSW(r0)
                    st   r0, NEW_PSW+1(r0)
                    st   r1, NEW_PSW+2(r0)
                    la   r2, trap
                    st   r2, NEW_PSW+3(r0)
                    mov  r9, r1                  ; r9 = memsize
                    la   r2, flat                ; 1. a flat 4 Gi-word supervisor segment, stores past memsize
                    lpsw 0(r2)
            flat_go: mov r3, r9
                    li   r4, 300
            s1:     st   r4, 0(r3)
                    addi r3, r3, 1
                    addi r4, r4, -1
                    bnez r4, s1
                    li   r3, -1
                    st   r3, 0(r3)
                    li   r3, 0x7FFFFFFF
                    st   r3, 0(r3)
                    lpsw 0(r9)                   ; 2. wild lpsw: past memsize, at the top of the address space
                    li   r3, -2
                    lpsw 0(r3)
                    li   r3, MEMSZ - 2
                    lpsw 0(r3)
                    la   r2, k3                  ; 3. user segments at the very end of memory, unbounded
                    st   r2, CONT(r0)
                    la   r3, ucode               ; copy the user code to MEMSZ - 8
                    li   r4, MEMSZ - 8
                    li   r5, 8
            cp:     ld   r6, 0(r3)
                    st   r6, 0(r4)
                    addi r3, r3, 1
                    addi r4, r4, 1
                    addi r5, r5, -1
                    bnez r5, cp
                    lpsw upsw1(r0)
            k3:     la   r2, k4                  ; 4. a base that overflows 32 bits
                    st   r2, CONT(r0)
                    lpsw upsw2(r0)
            k4:     la   r2, k5                  ; 5. a base past memsize with a huge limit, in vm-supervisor
                    st   r2, CONT(r0)
                    lpsw upsw3(r0)
            k5:     la   r2, k6                  ; 6. a flood of privileged instructions from user mode
                    st   r2, CONT(r0)
                    lpsw upsw4(r0)
            k6:     mtcr timer, r0               ; 7. an instruction flood until the limit
            flood:  addi r7, r7, 1
                    j    flood

            trap:   ld   r10, COUNT(r0)
                    addi r10, r10, 1
                    st   r10, COUNT(r0)
                    ld   r10, TRAP_CAUSE(r0)
                    li   r11, T_SVC
                    beq  r10, r11, tokernel
                    ld   r11, TRAP_DETAIL(r0)
                    andi r11, r11, ACC_F
                    bnez r11, tokernel
                    ld   r11, OLD_PSW+3(r0)
                    addi r11, r11, 1
                    st   r11, OLD_PSW+3(r0)
                    lpsw OLD_PSW(r0)
            tokernel: ld r11, CONT(r0)
                    jalr r0, r11, 0

            flat:   .word PSW_S, 0, 0xFFFFFFFF, flat_go
            upsw1:  .word 0, MEMSZ - 8, 0xFFFFFFFF, 0
            upsw2:  .word 0, 0xFFFFFF00, 0x1000, 0
            upsw3:  .word PSW_S, MEMSZ + 5, 0xFFFFFFFF, 0
            upsw4:  .word 0, halts, halts_end - halts + 1, 0
            halts:  .space 40, 0x90000000       ; halt, 40 times: each traps PRIVILEGED and is skipped
                    svc  0
            halts_end:
            ucode:  .phase 0
                    li   r3, 8
                    st   r3, 0(r3)               ; la = memsize: natively MEMORY
                    st   r3, 100(r3)
                    ld   r4, 2000(r0)
                    li   r5, -1
                    st   r5, 0(r5)               ; B + va overflows: SEGMENT
                    svc  1
                    .dephase
            """.formatted(MEMSZ);

    static final String PAGER = """
                    .org 16
            _start: li   r2, 'a'
                    out  r2, CONSOLE
                    lpsw p(r0)
            p:      .word PSW_S | PSW_P, 0, 0x1000, 0
            """;

    static final String DOUBLE_FAULTER = """
                    .org 16
            _start: li   r2, 0x3000000               ; MEM[1] = a handler PC past the end of memory
                    st   r0, NEW_PSW(r0)
                    st   r0, NEW_PSW+1(r0)
                    st   r1, NEW_PSW+2(r0)
                    st   r2, NEW_PSW+3(r0)
                    svc  5
            """;

    private static RunOptions options(long limit) {
        return RunOptions.defaults(Mode.SEGMENT).withMem(MEMSZ).withLimit(limit);
    }

    /** Each guest runs natively alone; then all together under segment, each must end as it did alone. */
    private static List<RunReport> runTogetherAndCompare(List<String> sources, long limit, int slice) {
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            images.add(GuestRuns.assemble("vm" + (i + 1) + ".s", sources.get(i)));
        }
        List<RunReport> together = Runner.run(images, options(limit), slice);
        assertEquals(images.size(), together.size(), "one report per VM");
        for (int i = 0; i < images.size(); i++) {
            RunReport alone = GuestRuns.runNative(images.get(i), options(limit));
            assertEquivalent("vm" + (i + 1) + " of " + images.size() + " (slice " + slice + ")", alone, together.get(i));
        }
        return together;
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 1000, 100_000})
    void aHostileVmNeverTouchesItsNeighbourBelowOrAbove(int slice) {
        List<RunReport> r = runTogetherAndCompare(List.of(HOSTILE, NEIGHBOUR, HOSTILE), 400_000, slice);
        RunReport hostile = r.get(0), neighbour = r.get(1);
        assertEquals(ExitKind.LIMIT, hostile.exitKind(), "the flood runs to its limit");
        assertTrue(hostile.traps(TrapCause.MEMORY) > 300, "the stores past memsize were all refused");
        assertTrue(hostile.traps(TrapCause.SEGMENT) > 0);
        assertTrue(hostile.traps(TrapCause.PRIVILEGED) >= 40);
        assertEquals(ExitKind.POWEROFF, neighbour.exitKind());
        assertEquals(239, neighbour.powerValue(), "239 primes below 1500");
        assertTrue(neighbour.traps(TrapCause.TIMER) > 10, "its own timer ticked while sharing the CPU");
        assertTrue(neighbour.consoleText().startsWith("p=00ef\nt="), neighbour.consoleText());
    }

    @Test
    void theNeighboursMemoryIsTheSameAsWhenItRunsAlone() {
        Image neighbour = GuestRuns.assemble("neighbour.s", NEIGHBOUR);
        Image hostile = GuestRuns.assemble("hostile.s", HOSTILE);
        RunReport alone = Runner.run(List.of(neighbour), options(400_000), 13).get(0);
        RunReport beside = Runner.run(List.of(hostile, neighbour), options(400_000), 13).get(1);
        assertEquals(alone.memorySha256(), beside.memorySha256());
        assertEquals(alone.instructions(), beside.instructions());
    }

    @Test
    void noHostWordOutsideTheHostileVmsRangeChanges() {
        int spare = 2048;
        shadowvisor.machine.cpu.Cpu host = Runner.hostCpu(SegmentVmm.hostWords(MEMSZ) + spare, options(0));
        SegmentVmm vmm = new SegmentVmm(host, 13);
        shadowvisor.vmm.Vm vm = vmm.createVm(GuestRuns.assemble("hostile.s", HOSTILE),
                Runner.vmConfig(options(400_000), 1, 1));
        vmm.run();
        assertEquals(ExitKind.LIMIT, vm.endKind());
        int[] words = host.memory().words();
        int addr0 = SegmentVmm.VMM_WORDS;
        for (int hpa = 0; hpa < words.length; hpa++) {
            if (hpa < addr0 || hpa >= addr0 + MEMSZ) {
                assertEquals(0, words[hpa], "host word " + hpa + " outside the VM's range");
            }
        }
    }

    @Test
    void aVmThatShutsDownEndsAlone() {
        List<RunReport> r = runTogetherAndCompare(List.of(DOUBLE_FAULTER, NEIGHBOUR), 1_000_000, 100);
        assertEquals(ExitKind.SHUTDOWN, r.get(0).exitKind());
        assertTrue(r.get(0).reason().contains("double fault"), r.get(0).reason());
        assertEquals(ExitKind.POWEROFF, r.get(1).exitKind());
    }

    @Test
    void aVmThatTurnsPagingOnIsRefusedAloneAndItsNeighbourRunsOn() {
        Image pager = GuestRuns.assemble("pager.s", PAGER);
        Image neighbour = GuestRuns.assemble("neighbour.s", NEIGHBOUR);
        List<RunReport> r = Runner.run(List.of(pager, neighbour), options(1_000_000), 50);
        assertEquals(ExitKind.SHUTDOWN, r.get(0).exitKind());
        assertTrue(r.get(0).reason().contains("shadow-trace") && r.get(0).reason().contains("shadow-vtlb"));
        assertEquals("a", r.get(0).consoleText());
        assertEquals(2, r.get(0).instructions(), "the lpsw that would set P did not retire");
        assertEquivalent("the neighbour of a pager", GuestRuns.runNative(neighbour, options(1_000_000)), r.get(1));
    }

    @Test
    void liveConsoleLinesArePrefixedByVmNumberFromOneAndRecordedConsolesAreNot() {
        Image neighbour = GuestRuns.assemble("neighbour.s", NEIGHBOUR);
        Image pager = GuestRuns.assemble("pager.s", PAGER);
        ByteArrayOutputStream live = new ByteArrayOutputStream();
        List<RunReport> r = Runner.run(List.of(neighbour, pager, neighbour), options(1_000_000).withLiveConsole(live), 7);
        String text = live.toString(StandardCharsets.ISO_8859_1);
        for (int vm = 1; vm <= 3; vm++) {
            StringBuilder own = new StringBuilder();
            for (String line : text.split("\n")) {
                assertTrue(line.matches("\\[vm[123]\\] .*"), "every live line is prefixed: " + line);
                if (line.startsWith("[vm" + vm + "] ")) {
                    own.append(line.substring(6)).append('\n');
                }
            }
            String recorded = r.get(vm - 1).consoleText();
            String expected = recorded.endsWith("\n") ? recorded : recorded + "\n";
            assertEquals(expected, own.toString(), "vm" + vm + "'s lines, prefix removed");
            assertTrue(!recorded.contains("[vm"), "the recorded console is the guest's bytes");
        }
    }

    @Test
    void aSingleVmsLiveConsoleIsNotPrefixed() {
        ByteArrayOutputStream live = new ByteArrayOutputStream();
        RunReport r = Runner.run(List.of(GuestRuns.assemble("neighbour.s", NEIGHBOUR)),
                options(1_000_000).withLiveConsole(live)).get(0);
        assertEquals(r.consoleText(), live.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void theRunExitStatusIsTheFirstNonZeroInVmOrder() {
        Image pager = GuestRuns.assemble("pager.s", PAGER);
        Image neighbour = GuestRuns.assemble("neighbour.s", NEIGHBOUR);
        assertEquals(125, Runner.exitStatus(Runner.run(List.of(pager, neighbour), options(1_000_000))));
        assertEquals(239, Runner.exitStatus(Runner.run(List.of(neighbour, pager), options(1_000_000))));
    }
}
