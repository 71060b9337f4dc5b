package shadowvisor.vmm.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static shadowvisor.vmm.shadow.ShadowRuns.assertEquivalent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shadowvisor.machine.ExitKind;
import shadowvisor.machine.cpu.Machine;
import shadowvisor.machine.Psw;
import shadowvisor.machine.TrapCause;
import shadowvisor.machine.cpu.Cpu;
import shadowvisor.machine.device.Devices;
import shadowvisor.machine.image.Image;
import shadowvisor.machine.paging.Pte;
import shadowvisor.machine.paging.Tlb;
import shadowvisor.mode.Mode;
import shadowvisor.run.RunOptions;
import shadowvisor.result.RunReport;
import shadowvisor.run.Runner;
import shadowvisor.vmm.TrapAndEmulateVmm;
import shadowvisor.vmm.Vm;

/**
 * Spec 7.4 and the safety promise of 7.1 for the shadow modes, as {@code
 * segment.SeveralVmsTest} checks them for {@code segment}: several paging VMs share the CPU by
 * time slices (short ones too), each ends exactly as it does alone on the bare machine, and a
 * hostile paging guest on either side of an honest paging kernel ({@code pagekernel.s}: seven
 * processes, demand paging, its own timer) changes nothing of it. The hostile guest's tables
 * name every guest-physical frame and the frames past memsize up to the top of the 32-bit
 * space, its directory maps itself, it puts page tables and its directory past memsize, writes
 * through every mapping (its page tables included, from user mode too), loads wild PSWs, and
 * ends in a double fault.
 *
 * <p>On the host side, the hardware runs on the VMM's shadows: before every hardware run the
 * active shadow is walked as the hardware would, and every page it can reach must be a frame of
 * the VM being run (one of the VMs whose vPSW the hardware PSW is), its directory and tables
 * none of any VM's frames; the VMM's own region stays zero.
 */
class SeveralPagingVmsTest {
    /** pagekernel.s needs 0x15800 words; whole pages, as the shadow modes need. */
    static final int MEMSZ = 96 * 1024;
    static final long LIMIT = 5_000_000;

    /** A guest that attacks the walk and the VMM's shadows in every way it can, then double-faults. */
    static final String HOSTILE = """
            ; hostile paging guest. Its handler skips a faulting instruction, or (svc, or a fault
            ; on a fetch) continues at the next step.
                    .equ PD,    0x1000              ; frame 4: the directory
                    .equ PT0,   0x1400              ; frame 5: la [0, 1M) = frames 0..1023: memsize and beyond
                    .equ PT3,   0x1800              ; frame 6: la [3M, 4M) = the top 1024 frames of 2^32
                    .equ UCODE, 0x0C00              ; frame 3: user code
                    .equ PWU,   PTE_P | PTE_W | PTE_U
                    .equ TOP,   0xFFFFFC00          ; the last frame of the 32-bit physical space
                    .equ PAST,  60*1024             ; la whose PTE is made to name a frame past memsize
                    .org 16
            _start: mov  r9, r1                     ; r9 = memsize
                    li   r2, PSW_S
                    st   r2, NEW_PSW(r0)
                    st   r0, NEW_PSW+1(r0)
                    st   r1, NEW_PSW+2(r0)
                    la   r2, trap
                    st   r2, NEW_PSW+3(r0)
                    la   r2, hello
                    call puts
                    li   r5, 1024
                    li   r3, PT0                    ; PT0[i] = frame i, P W U, for every i
                    li   r4, 0
            b0:     shli r6, r4, 10
                    ori  r6, r6, PWU
                    st   r6, 0(r3)
                    addi r3, r3, 1
                    addi r4, r4, 1
                    bne  r4, r5, b0
                    li   r6, PD | PTE_P | PTE_W     ; the directory: supervisor-only through the identity map
                    st   r6, PT0+4(r0)
                    li   r3, PT3                    ; PT3[k] = frame TOP - k pages
                    li   r4, 0
                    li   r6, TOP | PWU
            b3:     st   r6, 0(r3)
                    addi r3, r3, 1
                    addi r6, r6, -1024
                    addi r4, r4, 1
                    bne  r4, r5, b3
                    li   r6, PT0 | PWU
                    st   r6, PD(r0)
                    li   r6, PD | PWU               ; self-map: la 0x100000 + j pages = the frame PD[j] names
                    st   r6, PD+1(r0)
                    ori  r6, r9, PWU                ; a page table at memsize
                    st   r6, PD+2(r0)
                    li   r6, PT3 | PWU
                    st   r6, PD+3(r0)
                    li   r6, TOP | PWU              ; a page table in the last frame of 2^32
                    st   r6, PD+1022(r0)
                    li   r6, PD
                    mtcr ptbr, r6
                    la   r2, s2
                    st   r2, cont(r0)
                    la   r2, s1
            pon:    st   r2, kpsw+3(r0)             ; paging on, supervisor, flat; continue at r2
                    lpsw kpsw(r0)

            ; ---- 1. three passes: write and read one word of every page PT0 maps, from frame 3
            ; up (the directory's and PT0's last entries included), each pass ending in a flush
            s1:     li   r7, 1
            p_pass: li   r4, 3
            p_page: shli r3, r4, 10
                    shli r6, r7, 16
                    or   r6, r6, r4
                    st   r6, 1023(r3)
                    ld   r8, 1022(r3)
                    add  r12, r12, r8
                    addi r4, r4, 1
                    bne  r4, r5, p_page
                    tlbflush
                    addi r7, r7, 1
                    li   r6, 4
                    bne  r7, r6, p_pass
            ; ---- the self-mapped directory
                    li   r3, 0x100400               ; the directory, through itself
                    ld   r8, 0(r3)
                    ld   r13, 3(r3)
                    li   r6, PT0 | PWU
                    st   r6, 7(r3)                  ; PD[7] = PT0: la [7M, 8M) aliases the identity map
                    tlbflush
                    li   r3, 0x700000 + 50*1024 + 3
                    li   r6, 0xA11A5
                    st   r6, 0(r3)                  ; lands in frame 50
                    li   r3, 0x100000               ; PT0, through the directory
                    addi r6, r9, 5*1024
                    ori  r6, r6, PWU
                    st   r6, 60(r3)                 ; PT0[60] = a frame past memsize
                    li   r6, PAST
                    invlpg r6
                    st   r6, 0(r6)                  ; MEMORY
                    ld   r8, 5(r6)                  ; MEMORY
                    li   r6, PD | PWU
                    st   r6, 61(r3)                 ; PT0[61] = the directory, writable
                    li   r3, 0x200000 + 5
                    ld   r8, 0(r3)                  ; its table word is past memsize: MEMORY
                    st   r8, 0(r3)
                    li   r6, 61*1024
                    invlpg r6
                    li   r8, PT3 | PWU
                    st   r8, 2(r6)                  ; PD[2] = PT3, through the alias
                    tlbflush
                    ld   r8, 0(r3)                  ; now the frame is near 2^32: MEMORY
                    li   r3, 0x300000               ; every PT3 page once: MEMORY, and PAGE at PT3[1023]
                    li   r4, 0
            tl:     st   r4, 0(r3)
                    addi r3, r3, 1025
                    addi r4, r4, 1
                    bne  r4, r5, tl
                    li   r3, 0x3FE00000 + 1023*1024 + 77
                    ld   r8, 0(r3)                  ; table word 0xFFFFFFFF
                    li   r3, 0x3FE00000
                    st   r8, 0(r3)                  ; table word TOP
                    li   r3, 0x40000000
                    st   r8, 0(r3)                  ; la >= 2^30: PAGE
                    li   r3, -1
                    st   r8, 0(r3)                  ; va >= L: SEGMENT
                    ld   r8, 0(r3)
                    svc  1

            ; ---- 2. ptbr past memsize, then at TOP: the next fetch faults
            s2:     la   r2, s3
                    st   r2, cont(r0)
                    la   r2, s2p
                    j    pon
            s2p:    mtcr ptbr, r9
                    nop
            s3:     li   r6, -1
                    mtcr ptbr, r6
                    la   r2, s4
                    st   r2, cont(r0)
                    j    pon

            ; ---- 3. wild lpsw
            s4:     li   r6, PD
                    mtcr ptbr, r6
                    la   r2, s5
                    st   r2, cont(r0)
                    la   r2, s4p
                    j    pon
            s4p:    li   r3, PAST
                    lpsw 0(r3)                      ; a frame past memsize: MEMORY
                    li   r3, 0x3FFFFFFE
                    lpsw 0(r3)                      ; not present: PAGE
                    li   r3, 0x100400
                    lpsw 0(r3)                      ; the directory's words: reserved flag bits, ILLEGAL
                    lpsw wild(r0)                   ; user, B = TOP: the fetch at la >= 2^30 faults (to s5)
            wild:   .word PSW_P, TOP, 0x800, 0

            ; ---- 4. a user program under paging that writes its own page tables
            s5:     la   r2, s6
                    st   r2, cont(r0)
                    addi r7, r9, 7*1024
                    ori  r7, r7, PWU
                    lpsw upsw(r0)

            ; ---- 5. the end: a double fault (the handler's page names a frame past memsize)
            s6:     la   r2, bye
                    call puts
                    li   r6, PSW_S | PSW_P
                    st   r6, NEW_PSW(r0)
                    li   r6, -1
                    st   r6, NEW_PSW+2(r0)
                    li   r6, PAST
                    st   r6, NEW_PSW+3(r0)
                    la   r2, s6p
                    j    pon
            s6p:    svc  9

            trap:   ld   r10, count(r0)
                    addi r10, r10, 1
                    st   r10, count(r0)
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
            tokernel: ld r11, cont(r0)
                    jalr r0, r11, 0

            puts:   ld   r6, 0(r2)
                    beqz r6, puts_e
                    out  r6, CONSOLE
                    addi r2, r2, 1
                    j    puts
            puts_e: ret

            kpsw:   .word PSW_S | PSW_P, 0, 0xFFFFFFFF, 0
            upsw:   .word PSW_P, 0, 0xFFFFFFFF, UCODE
            cont:   .word 0
            count:  .word 0
            hello:  .string "hostile: up\\n"
            bye:    .string "hostile: down\\n"

                    .org UCODE
                    st   r0, PD(r0)                 ; supervisor-only: PAGE
                    ld   r8, PT0+9(r0)              ; PT0 is user-readable
                    st   r7, PT0+9(r0)              ; and user-writable: PT0[9] = a frame past memsize
                    li   r3, 9*1024
                    st   r3, 0(r3)                  ; MEMORY
                    li   r3, 0x40000000
                    ld   r8, 0(r3)                  ; PAGE
                    mtcr ptbr, r0                   ; PRIVILEGED
                    halt
                    lpsw 0(r0)
                    li   r3, 0x200000
                    jalr r0, r3, 0                  ; its frame is near 2^32: the fetch faults (to s6)
            """;

    private static Image hostile;
    private static Image honest;
    private static RunReport hostileAlone;
    private static RunReport honestAlone;

    private static RunOptions options() {
        return ShadowRuns.options(MEMSZ, LIMIT, null);
    }

    /** The two guests and their solo native runs, made once. */
    private static synchronized void guests() {
        if (hostile != null) {
            return;
        }
        Path dir = ShadowRuns.repositoryDirectory("guest-kernels/src/main/resources/guests");
        assertNotNull(dir, "guest-kernels/src/main/resources/guests not found");
        honest = ShadowRuns.assembleOrNull(dir.resolve("pagekernel.s"));
        assertNotNull(honest, "pagekernel.s does not assemble");
        hostile = ShadowRuns.assemble("hostile.s", HOSTILE);
        honestAlone = ShadowRuns.run(Mode.NATIVE, honest, options());
        hostileAlone = ShadowRuns.run(Mode.NATIVE, hostile, options());
        assertEquals(ExitKind.POWEROFF, honestAlone.exitKind(), ShadowRuns.summary(honestAlone));
        assertEquals(ExitKind.SHUTDOWN, hostileAlone.exitKind(), ShadowRuns.summary(hostileAlone));
    }

    static Stream<Arguments> modesAndSlices() {
        List<Arguments> out = new ArrayList<>();
        for (Mode m : ShadowRuns.SHADOW_MODES) {
            for (int slice : new int[] {13, ShadowEquivalenceTest.SHORT_SLICE, TrapAndEmulateVmm.DEFAULT_SLICE}) {
                out.add(Arguments.of(m, slice));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, slice {1}")
    @MethodSource("modesAndSlices")
    void hostilePagingVmsOnBothSidesChangeNothingOfTheHonestKernel(Mode mode, int slice) {
        guests();
        List<Image> images = List.of(hostile, honest, hostile);
        RunOptions o = options().withMode(mode);
        int[] sizes = new int[images.size()];
        Arrays.fill(sizes, MEMSZ);
        GuardedHost host = new GuardedHost(Runner.hostCpu(ShadowVmm.hostWords(sizes), o));
        TrapAndEmulateVmm vmm = mode == Mode.SHADOW_TRACE
                ? new ShadowTraceVmm(host, slice, Runner.SHADOW_SEED) : new ShadowVtlbVmm(host, slice, Runner.SHADOW_SEED);
        for (int i = 0; i < images.size(); i++) {
            vmm.createVm(images.get(i), Runner.vmConfig(o, images.size(), i + 1));
        }
        host.watch(vmm);
        vmm.run();
        List<RunReport> r = vmm.reports();
        assertEquals(3, r.size(), "one report per VM");

        String where = mode.cliName() + ", slice " + slice;
        assertEquivalent(where + ": hostile vm1 against its solo native run", hostileAlone, r.get(0));
        assertEquivalent(where + ": honest vm2 against its solo native run", honestAlone, r.get(1));
        assertEquivalent(where + ": hostile vm3 against its solo native run", hostileAlone, r.get(2));
        assertEquals(honestAlone.memorySha256(), r.get(1).memorySha256(), "the honest VM's memory is its own");

        for (int i : new int[] {0, 2}) {
            RunReport h = r.get(i);
            assertEquals(ExitKind.SHUTDOWN, h.exitKind(), ShadowRuns.summary(h));
            assertTrue(h.reason().contains("double fault"), h.reason());
            assertEquals(hostileAlone.reason(), h.reason(), "the same double fault as natively");
            assertEquals("hostile: up\nhostile: down\n", h.consoleText());
            assertTrue(h.traps(TrapCause.MEMORY) > 6000, "the accesses past memsize were all refused: " + ShadowRuns.summary(h));
            assertTrue(h.traps(TrapCause.PAGE) > 0 && h.traps(TrapCause.ILLEGAL) > 0 && h.traps(TrapCause.PRIVILEGED) > 0,
                    ShadowRuns.summary(h));
            assertTrue(h.vmm().get("true_faults") > 6000, "true faults, not hidden ones: " + ShadowRuns.summary(h));
        }
        RunReport k = r.get(1);
        assertEquals(ExitKind.POWEROFF, k.exitKind(), ShadowRuns.summary(k));
        assertTrue(k.consoleText().contains("[k] done: 4 exited, 3 killed"), k.consoleText());
        assertTrue(k.traps(TrapCause.TIMER) > 10, "its own timer ticked while sharing the CPU");
        for (RunReport each : r) {
            assertTrue(each.vmm().get("hidden_faults") > 0, "every VM starts on empty shadows");
        }
        if (slice < 100) {
            assertTrue(r.get(1).vmm().sliceEnds > 1000, "short slices interleave the VMs finely: " + r.get(1).vmm().sliceEnds + " slice ends");
        }

        assertTrue(host.checks > 1000, "the shadows were checked at every hardware run: " + host.checks);
        int[] words = host.cpu.memory().words();
        for (int a = 0; a < TrapAndEmulateVmm.VMM_WORDS; a++) {
            assertEquals(0, words[a], "host word " + a + ": the VMM's own region");
        }
    }

    /**
     * The host machine, passed through, except that before each hardware run it walks the
     * shadow the hardware is about to use and checks that it reaches only the frames of the VM
     * being run. That VM is one whose vPSW the hardware PSW is (two VMs of the same guest in the
     * same state may both be; then either's frames pass, never the third VM's).
     */
    static final class GuardedHost implements Machine {
        final Cpu cpu;
        /** Host frame to the index of the VM owning it, or -1. */
        private int[] owner;
        private List<Vm> vms;
        long checks;
        /** For the guard's own test: changes the active shadow once before a check (true when it did). */
        java.util.function.BooleanSupplier tamper;

        GuardedHost(Cpu cpu) {
            this.cpu = cpu;
        }

        void watch(TrapAndEmulateVmm vmm) {
            vms = vmm.vms();
            owner = new int[cpu.memorySize() >>> Pte.PAGE_SHIFT];
            Arrays.fill(owner, -1);
            for (int v = 0; v < vms.size(); v++) {
                GuestPhysicalMap map = ((ShadowGuestMemory) vms.get(v).memory()).map();
                for (int g = 0; g < map.frames(); g++) {
                    int f = map.hfn(g);
                    assertTrue(f >= TrapAndEmulateVmm.VMM_WORDS >>> Pte.PAGE_SHIFT, "a guest frame in the VMM's region");
                    assertEquals(-1, owner[f], "host frame " + f + " given to two VMs");
                    owner[f] = v;
                }
            }
        }

        private void checkShadow() {
            if (vms == null) {
                return;
            }
            Psw psw = cpu.psw();
            boolean[] running = new boolean[vms.size()];
            boolean any = false;
            for (int v = 0; v < vms.size(); v++) {
                Vm vm = vms.get(v);
                if (!vm.ended() && vm.vpswB() == psw.b() && vm.vpswL() == psw.l() && vm.vpswPc() == psw.pc()) {
                    running[v] = true;
                    any = true;
                }
            }
            assertTrue(any, "the hardware PSW " + psw + " is no VM's vPSW");
            assertTrue(psw.paging() && !psw.supervisor(), "a guest runs in hardware user mode on a shadow: " + psw);
            int[] words = cpu.memory().words();
            int root = cpu.ptbr() >>> Pte.PAGE_SHIFT;
            assertTrue(root < owner.length && owner[root] == -1, "the shadow directory is host frame " + root);
            for (int d = 0; d < 1024; d++) {
                int spde = words[root << Pte.PAGE_SHIFT | d];
                if ((spde & Pte.P) == 0) {
                    continue;
                }
                int table = spde >>> Pte.PAGE_SHIFT;
                if (table >= owner.length || owner[table] != -1) {
                    fail("shadow PDE " + d + " names host frame " + table + (table < owner.length
                            ? ", a frame of vm" + (owner[table] + 1) : ", past host memory"));
                }
                for (int t = 0; t < 1024; t++) {
                    int spte = words[table << Pte.PAGE_SHIFT | t];
                    if ((spte & Pte.P) == 0) {
                        continue;
                    }
                    int f = spte >>> Pte.PAGE_SHIFT;
                    if (f >= owner.length || owner[f] < 0 || !running[owner[f]]) {
                        fail(String.format("la 0x%08x maps host frame %d (%s) while the hardware runs %s", d << 20 | t << 10,
                                f, f >= owner.length ? "past host memory" : owner[f] < 0 ? "no VM's frame"
                                        : "vm" + (owner[f] + 1) + "'s", psw));
                    }
                }
            }
            checks++;
        }

        int ownerOf(int frame) {
            return owner[frame];
        }

        @Override
        public int run(long budget) {
            if (tamper != null && checks > 100 && tamper.getAsBoolean()) {
                tamper = null;
            }
            checkShadow();
            return cpu.run(budget);
        }

        @Override
        public long retired() {
            return cpu.retired();
        }

        @Override
        public int trapCause() {
            return cpu.trapCause();
        }

        @Override
        public int trapValue() {
            return cpu.trapValue();
        }

        @Override
        public int trapDetail() {
            return cpu.trapDetail();
        }

        @Override
        public String shutdownReason() {
            return cpu.shutdownReason();
        }

        @Override
        public void setTrapIntercept(boolean intercept) {
            cpu.setTrapIntercept(intercept);
        }

        @Override
        public void setTrace(shadowvisor.machine.CpuTrace trace) {
            cpu.setTrace(trace);
        }

        @Override
        public int register(int index) {
            return cpu.register(index);
        }

        @Override
        public void setRegister(int index, int value) {
            cpu.setRegister(index, value);
        }

        @Override
        public Psw psw() {
            return cpu.psw();
        }

        @Override
        public void setPsw(Psw psw) {
            cpu.setPsw(psw);
        }

        @Override
        public void setPsw(int flags, int b, int l, int pc) {
            cpu.setPsw(flags, b, l, pc);
        }

        @Override
        public int pc() {
            return cpu.pc();
        }

        @Override
        public void setPc(int pc) {
            cpu.setPc(pc);
        }

        @Override
        public int ptbr() {
            return cpu.ptbr();
        }

        @Override
        public void setPtbr(int ptbr) {
            cpu.setPtbr(ptbr);
        }

        @Override
        public int timer() {
            return cpu.timer();
        }

        @Override
        public void setTimer(int count) {
            cpu.setTimer(count);
        }

        @Override
        public boolean tickPending() {
            return cpu.tickPending();
        }

        @Override
        public void invalidatePage(int la) {
            cpu.invalidatePage(la);
        }

        @Override
        public void flushTlb() {
            cpu.flushTlb();
        }

        @Override
        public int memorySize() {
            return cpu.memorySize();
        }

        @Override
        public int readPhysical(int pa) {
            return cpu.readPhysical(pa);
        }

        @Override
        public void writePhysical(int pa, int word) {
            cpu.writePhysical(pa, word);
        }

        @Override
        public Devices devices() {
            return cpu.devices();
        }

        @Override
        public Tlb tlb() {
            return cpu.tlb();
        }

        @Override
        public shadowvisor.machine.isa.Profile profile() {
            return cpu.profile();
        }
    }

    static Stream<Mode> shadowModes() {
        return ShadowRuns.SHADOW_MODES.stream();
    }

    /** The guard is not vacuous: a shadow PTE re-aimed at the neighbour's frame is caught at the next hardware run. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shadowModes")
    void theGuardCatchesAShadowThatNamesTheNeighboursFrame(Mode mode) {
        guests();
        RunOptions o = options().withMode(mode);
        GuardedHost host = new GuardedHost(Runner.hostCpu(ShadowVmm.hostWords(MEMSZ, MEMSZ), o));
        TrapAndEmulateVmm vmm = mode == Mode.SHADOW_TRACE
                ? new ShadowTraceVmm(host, 1000, Runner.SHADOW_SEED) : new ShadowVtlbVmm(host, 1000, Runner.SHADOW_SEED);
        vmm.createVm(hostile, Runner.vmConfig(o, 2, 1));
        vmm.createVm(honest, Runner.vmConfig(o, 2, 2));
        host.watch(vmm);
        int[] foreign = {((ShadowGuestMemory) vmm.vms().get(1).memory()).map().hfn(7),
            ((ShadowGuestMemory) vmm.vms().get(0).memory()).map().hfn(7)};
        host.tamper = () -> {
            // Aim the first present entry at a frame of the VM not running now.
            int[] words = host.cpu.memory().words();
            int root = host.cpu.ptbr() >>> Pte.PAGE_SHIFT;
            for (int d = 0; d < 1024; d++) {
                int spde = words[root << Pte.PAGE_SHIFT | d];
                if ((spde & Pte.P) == 0) {
                    continue;
                }
                int table = spde >>> Pte.PAGE_SHIFT;
                for (int t = 0; t < 1024; t++) {
                    int at = table << Pte.PAGE_SHIFT | t;
                    if ((words[at] & Pte.P) != 0) {
                        int mine = host.ownerOf(words[at] >>> Pte.PAGE_SHIFT);
                        words[at] = foreign[mine] << Pte.PAGE_SHIFT | (words[at] & 0x3FF);
                        return true;
                    }
                }
            }
            return false;
        };
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, vmm::run);
        assertTrue(e.getMessage().contains("'s") && e.getMessage().contains("while the hardware runs"), e.getMessage());
    }
}
