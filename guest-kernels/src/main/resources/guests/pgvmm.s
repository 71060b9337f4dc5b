; pgvmm.s: a Popek & Goldberg trap-and-emulate VMM written in the machine's own language
; (spec section 7.7). It runs the program given with `--load ADDR=PROGRAM` as its one guest.
;
; What it shows
;   Theorem 2 read literally: a VMM is just a program, so it runs wherever the machine runs,
;   on the bare machine or in a VM of any VMM, and its guest cannot tell. Run
;       shadowvisor run --mem 36K --load 4K=hello.s pgvmm.s
;   and the guest (here with memsize = 32K) ends with exactly the console bytes, exit kind and
;   status of its native run with --mem 32K; add --mode segment, shadow-trace or shadow-vtlb and
;   it still does, now two monitors deep. Only the instruction count grows: the monitor's own
;   instructions are the machine's, never the guest's.
;
; The parts, in the paper's words
;   dispatcher   `trap_entry` (every trap from the guest lands here through pgvmm's own
;                MEM[1]), `dispatch` (PRIVILEGED in vm-supervisor -> the interpreter, a SEGMENT
;                fault -> `segment_fault`, everything else -> reflect) and `run_loop` (a pending
;                virtual tick is raised before the guest's next instruction, then `resume`)
;   allocator    `_start` (the guest's region [addr0, addr0 + memsize) with addr0 = r2 and
;                memsize = SZ - addr0: everything above pgvmm itself) and `resume`, the
;                resume formula of spec 7.2:
;                    M' = u  P' = 0  I' = 1  B' = addr0 + vPSW.B  PC' = vPSW.PC
;                    L' = min(vPSW.L, memsize - vPSW.B)     (0 when vPSW.B >= memsize)
;   interpreter  `emulate` and the `em_*` routines, one per privileged instruction, run
;                against the vPSW, the virtual timer, ptbr and devices; `gtranslate` is the
;                guest's address translation (segment check, then la < memsize) for lpsw
;   reflect      `reflect`: the delivery of spec section 4 done in software into the guest's
;                own trap area (vPSW -> guest MEM[0], cause/value/detail -> guest words
;                8..10, vPSW <- guest MEM[1]), with the guest's double fault
;   shutdown     `shutdown`: a guest that sets P = 1 or double-faults ends the machine with
;                exit kind shutdown, as it would natively: pgvmm makes the machine itself
;                double-fault (a new PSW whose first fetch faults, then a trap)
;
; Time: the guest's timer is virtual and exact. The hardware timer runs whenever the guest
; runs: with the guest's remaining count when its timer runs (so the hardware tick comes
; exactly where the guest's would), else with a large count. `resume` loads it with that count
; plus RESUME_TAIL, the instructions that still retire between its `mtcr timer` and the guest's
; first instruction (the register loads and the resuming lpsw), so the count is exactly
; `cstart` when the guest starts. `trap_entry` reads what is left with `mfcr` as its second
; instruction: one handler instruction (the store of r1) has counted down before it, so a
; synchronous trap left hwleft + 1 and a TIMER trap 0 (the hardware tick: the count ran out).
; The difference is the number of guest instructions that retired on the hardware, charged to
; the virtual timer (`charge`); emulated instructions charge 1 each, except `mtcr timer`. So
; pgvmm's own instructions never reach the guest's timer. A hardware tick that falls due while
; pgvmm runs (I = 0) is cleared by the `mtcr timer` of the next resume.
;
; Double fault: a synchronous trap of the guest before any guest instruction retired since the
; last delivery into it (`window` = 1) shuts the guest down instead of reflecting.
;
; Counters: pgvmm counts the guest's retired instructions (`vretired`, 64 bits) and the traps it
; delivered into the guest by cause (`vtraps`), as the native machine counts its own; with the
; vPSW and the guest's registers they sit at fixed addresses (the data below), where a test
; compares them with the guest's native run.
;
; Physical memory map (pgvmm runs with B = 0, L = SZ, so its addresses are physical)
;
;   0x0000 +----------------------------+
;          | pgvmm's trap area: the      |
;          | hardware's MEM[0], MEM[1],  |
;          | cause, value, detail        |
;   0x0010 +----------------------------+
;          | pgvmm's data: the vPSW, the |
;          | guest's registers, its      |
;          | virtual timer, ptbr, ...    |
;          | pgvmm's code                |
;          +----------------------------+ pgvmm_end (below 0x200)
;          | (unused)                    |
;   ADDR   +----------------------------+ addr0: the guest's physical 0, its own trap area
;          | the guest's memory          |
;          | (memsize = SZ - ADDR words) |
;   SZ     +----------------------------+
;
; Console: silent. Only the guest's own output reaches the console, passed through by the
; emulated `out`; the guest's `in`, power-off and halt pass through too. Without --load (r2 = 0)
; or with a load address inside pgvmm, or a guest memory below 16 words, it prints one line
; and powers off with status 255:
;   pgvmm: no guest: run pgvmm.s with --load ADDR=PROGRAM, ADDR above pgvmm's own words
;
; Limits: the machine's profile must be pg (a profile's own instructions are not emulated, and
; a `kseg` access is not interpreted: a guest of another profile may not run as natively), and
; the guest must not turn paging on (then it is shut down, as under --mode segment, although
; natively it runs). `--max-instructions` counts the machine's instructions, pgvmm's included,
; so a guest stopped by the limit stops earlier in its own run than natively.

        .equ OP_LPSW, 0x40              ; the first privileged opcode; the others follow in order:
        .equ N_PRIVILEGED, 9            ; lpsw rdpsw mtcr mfcr invlpg tlbflush out in halt
        .equ CR_PTBR, 0
        .equ CR_TIMER, 1
        .equ FLAGS_DEFINED, PSW_S | PSW_P | PSW_I
        .equ PTBR_IGNORED, 0x3FF        ; ptbr's low 10 bits read as 0
        .equ MIN_MEMSIZE, 16            ; the smallest memory (spec section 5)
        .equ IDLE_COUNT, 0x40000000     ; the hardware count while the guest's timer is stopped
        .equ RESUME_TAIL, 16            ; instructions retiring after resume's mtcr timer: 15 ld + lpsw

; ---------------------------------------------------------------- data
; The VM's state, at fixed addresses from 0x10 (a debugger or a test reads them there; the
; guest's final registers, vPSW, retired count and delivered traps match its native run).
; Everything lies below 0x8000, so it is reached as `sym(r0)`.
        .org 16
vflags: .word 0                         ; 0x10 the vPSW: flags, B, L, PC
vb:     .word 0
vl:     .word 0
vpc:    .word 0
vtimer: .word 0                         ; 0x14 the guest's timer count (0 = stopped)
vtick:  .word 0                         ; 0x15 1 while the guest's tick is pending
vptbr:  .word 0                         ; 0x16 the guest's ptbr (no paging here: only read back)
window: .word 0                         ; 0x17 1 while the guest's double-fault window is open
vretired: .word 0, 0                    ; 0x18 retired guest instructions (low word, high word)
addr0:  .word 0                         ; 0x1a the allocator: the guest's region
memsize: .word 0                        ; 0x1b
cstart: .word 0                         ; 0x1c the hardware count when the guest's first instruction ran
hwleft: .word 0                         ; 0x1d the hardware count trap_entry read
        .org 0x20
greg:   .space 16                       ; 0x20 the guest's r0..r15 while pgvmm runs (greg+0 stays 0)
vtraps: .space 16                       ; 0x30 traps delivered into the guest, by cause code
rpsw:   .space 4                        ; 0x40 the hardware PSW that resumes the guest
lpswbuf: .space 4                       ; 0x44 the four words an emulated lpsw read

; ---------------------------------------------------------------- macros

; save_guest_registers: the first code of the trap handler. r1 goes first, through an absolute
; address (pgvmm runs with B = 0): a store below SZ that cannot trap, as the first instruction
; after a delivery must not. The second reads the hardware timer before more of pgvmm's
; instructions count it down.
        .macro save_guest_registers
        st   r1, greg+1(r0)
        mfcr r1, timer
        st   r1, hwleft(r0)
        st   r2, greg+2(r0)
        st   r3, greg+3(r0)
        st   r4, greg+4(r0)
        st   r5, greg+5(r0)
        st   r6, greg+6(r0)
        st   r7, greg+7(r0)
        st   r8, greg+8(r0)
        st   r9, greg+9(r0)
        st   r10, greg+10(r0)
        st   r11, greg+11(r0)
        st   r12, greg+12(r0)
        st   r13, greg+13(r0)
        st   r14, greg+14(r0)
        st   r15, greg+15(r0)
        .endm

; load_guest_registers_and_go: the last code before the guest runs again, RESUME_TAIL
; instructions that all retire (and count the hardware timer down): 15 loads and the lpsw.
        .macro load_guest_registers_and_go
        ld   r1, greg+1(r0)
        ld   r2, greg+2(r0)
        ld   r3, greg+3(r0)
        ld   r4, greg+4(r0)
        ld   r5, greg+5(r0)
        ld   r6, greg+6(r0)
        ld   r7, greg+7(r0)
        ld   r8, greg+8(r0)
        ld   r9, greg+9(r0)
        ld   r10, greg+10(r0)
        ld   r11, greg+11(r0)
        ld   r12, greg+12(r0)
        ld   r13, greg+13(r0)
        ld   r14, greg+14(r0)
        ld   r15, greg+15(r0)
        lpsw rpsw(r0)
        .endm

; set_guest_reg idx, val: the guest's register number idx (a register holding 0..15) gets val;
; a write to r0 is discarded.
        .macro set_guest_reg idx, val
        st   \val, greg(\idx)
        st   r0, greg(r0)
        .endm

; ---------------------------------------------------------------- the allocator: boot
; At boot r1 = SZ, r2 = ADDR (the guest's image), r3 = the guest's entry. The guest gets
; everything from ADDR up and boots as spec 1.2 says, with SZ = memsize:
; vPSW = (s, P=0, I=0, B=0, L=memsize, PC=entry), r1 = memsize, the other registers 0,
; its timer stopped with no tick pending (the data above starts zero).
_start: la   r4, pgvmm_end
        bltu r2, r4, no_guest           ; no --load (r2 = 0), or ADDR inside pgvmm
        bgeu r2, r1, no_guest
        sub  r5, r1, r2                 ; memsize = SZ - addr0
        li   r6, MIN_MEMSIZE
        bltu r5, r6, no_guest
        st   r2, addr0(r0)
        st   r5, memsize(r0)
        li   r6, PSW_S                  ; pgvmm's own trap PSW: supervisor, P = 0, I = 0, flat
        st   r6, NEW_PSW(r0)
        st   r0, NEW_PSW+1(r0)
        st   r1, NEW_PSW+2(r0)
        la   r7, trap_entry
        st   r7, NEW_PSW+3(r0)
        st   r6, vflags(r0)             ; the guest's boot PSW
        st   r0, vb(r0)
        st   r5, vl(r0)
        st   r3, vpc(r0)
        st   r5, greg+1(r0)             ; the guest's r1 = its SZ
        j    run_loop

no_guest:
        la   r1, msg_no_guest
        call puts
        li   r1, 255
        out  r1, POWER

; puts: print the string at r1 (.string: a word per character, 0 at the end). Clobbers r1, r2.
puts:   mov  r2, r1
puts_loop:
        ld   r1, 0(r2)
        beqz r1, puts_done
        out  r1, CONSOLE
        addi r2, r2, 1
        j    puts_loop
puts_done:
        ret

; ---------------------------------------------------------------- the dispatcher
; trap_entry: every trap the guest raises lands here (pgvmm's MEM[1]: supervisor, I = 0).
; Saves the guest's registers, takes the saved PC into vPSW.PC, charges the guest for the
; instructions it retired on the hardware, and dispatches on the cause.
trap_entry:
        save_guest_registers
        ld   r1, OLD_PSW+3(r0)          ; the saved PC: the trapping instruction (the next for TIMER)
        st   r1, vpc(r0)
        ld   r2, TRAP_CAUSE(r0)
        li   r3, T_TIMER
        li   r4, 0                      ; the hardware count at the trap: 0 after a hardware tick,
        beq  r2, r3, trap_charge
        ld   r4, hwleft(r0)             ; else what mfcr read plus the one store before it
        addi r4, r4, 1
trap_charge:
        ld   r1, cstart(r0)
        sub  r1, r1, r4                 ; guest instructions retired on the hardware
        call charge

; dispatch: what to do about the trap. A TIMER trap is the guest's tick (charge has made it
; pending) or the end of an idle count: nothing more to do. PRIVILEGED in vm-supervisor is
; emulated. Everything else is reflected, a fault with the detail's U bit from vPSW.M.
dispatch:
        ld   r1, TRAP_CAUSE(r0)
        li   r2, T_TIMER
        beq  r1, r2, run_loop
        li   r2, T_PRIVILEGED
        bne  r1, r2, dispatch_other
        ld   r3, vflags(r0)
        andi r3, r3, PSW_S
        bnez r3, emulate
dispatch_other:
        ld   r2, TRAP_VALUE(r0)
        li   r3, 0                      ; PRIVILEGED, ILLEGAL, SVC and ARITH carry detail 0
        li   r4, T_SEGMENT
        beq  r1, r4, segment_fault
        li   r4, T_MEMORY
        bltu r1, r4, dispatch_reflect
        li   r4, T_PAGE
        bltu r4, r1, dispatch_reflect
        call fault_detail               ; MEMORY or PAGE (neither happens with P' = 0 and the min)
dispatch_reflect:
        call reflect
        j    run_loop

; segment_fault: a hardware SEGMENT fault at va = r2. When the guest's own segment allows va
; (va < vPSW.L and vPSW.B + va does not overflow) it exists only because of the min of the
; resume formula: natively la = vPSW.B + va lies past memsize, a MEMORY fault with value la.
segment_fault:
        call fault_detail
        ld   r4, vl(r0)
        bgeu r2, r4, dispatch_reflect   ; va >= vPSW.L: the guest's own SEGMENT fault
        ld   r4, vb(r0)
        add  r5, r4, r2
        bltu r5, r4, dispatch_reflect   ; vPSW.B + va overflows: SEGMENT too
        li   r1, T_MEMORY
        mov  r2, r5
        j    dispatch_reflect

; fault_detail: r3 = the hardware's access bits (TRAP_DETAIL) with U taken from vPSW.M, not
; from the hardware's M' = u. Clobbers r4.
fault_detail:
        ld   r3, TRAP_DETAIL(r0)
        andi r3, r3, ~ACC_U & 0xFFFF
        ld   r4, vflags(r0)
        andi r4, r4, PSW_S
        bnez r4, fault_detail_done
        ori  r3, r3, ACC_U
fault_detail_done:
        ret

; run_loop: before the guest's next instruction, a pending tick with vPSW.I = 1 is delivered
; (reflected as TIMER, value 0, detail 0, the saved PC the next instruction); then resume.
run_loop:
        ld   r1, vtick(r0)
        beqz r1, resume
        ld   r1, vflags(r0)
        andi r1, r1, PSW_I
        beqz r1, resume
        st   r0, vtick(r0)
        li   r1, T_TIMER
        li   r2, 0
        li   r3, 0
        call reflect
        j    run_loop

; ---------------------------------------------------------------- the allocator: resume
; resume: runs the guest from its vPSW with the resume formula, the hardware timer loaded so
; that it holds exactly `cstart` when the guest's first instruction runs (the header's "Time").
resume:
        ld   r1, memsize(r0)
        ld   r2, vb(r0)
        ld   r3, vl(r0)
        li   r4, 0                      ; L' = 0 when vPSW.B >= memsize
        bgeu r2, r1, resume_psw
        sub  r4, r1, r2                 ; L' = min(vPSW.L, memsize - vPSW.B), unsigned
        bgeu r3, r4, resume_psw
        mov  r4, r3
resume_psw:
        ld   r5, addr0(r0)
        add  r5, r5, r2                 ; B' = addr0 + vPSW.B
        li   r6, PSW_I                  ; M' = u, P' = 0, I' = 1
        st   r6, rpsw(r0)
        st   r5, rpsw+1(r0)
        st   r4, rpsw+2(r0)
        ld   r6, vpc(r0)                ; PC' = vPSW.PC
        st   r6, rpsw+3(r0)
        ld   r1, vtimer(r0)             ; the count the guest starts with: its own timer's,
        li   r2, IDLE_COUNT             ; or a large one while its timer is stopped
        beqz r1, resume_idle
        bleu r1, r2, resume_count
resume_idle:
        mov  r1, r2
resume_count:
        st   r1, cstart(r0)
        addi r1, r1, RESUME_TAIL
        mtcr timer, r1                  ; also clears a hardware tick that fell due in pgvmm
        load_guest_registers_and_go

; charge: r1 guest instructions retired. Counts them, closes the double-fault window when
; r1 > 0 and counts the guest's timer down by r1; reaching 0 makes the guest's tick pending.
; Clobbers r2.
charge:
        beqz r1, charge_done
        st   r0, window(r0)
        ld   r2, vretired(r0)           ; 64-bit count of the guest's retired instructions
        add  r2, r2, r1
        st   r2, vretired(r0)
        bgeu r2, r1, charge_timer
        ld   r2, vretired+1(r0)
        addi r2, r2, 1
        st   r2, vretired+1(r0)
charge_timer:
        ld   r2, vtimer(r0)
        beqz r2, charge_done            ; the guest's timer is stopped
        bltu r1, r2, charge_some
        st   r0, vtimer(r0)
        li   r2, 1
        st   r2, vtick(r0)
        ret
charge_some:
        sub  r2, r2, r1
        st   r2, vtimer(r0)
charge_done:
        ret

; ---------------------------------------------------------------- reflect
; reflect: delivers trap r1 (cause), r2 (value), r3 (detail) into the guest as the native
; machine would (spec section 4), against guest-physical memory at addr0. A synchronous trap
; while the double-fault window is open, or a MEM[1] with P = 1 (reserved flag bits are
; ignored), shuts the guest down instead. Clobbers r4..r7.
reflect:
        li   r4, T_TIMER
        beq  r1, r4, reflect_deliver
        ld   r4, window(r0)
        bnez r4, shutdown               ; the guest's double fault
reflect_deliver:
        ld   r4, addr0(r0)
        ld   r5, NEW_PSW(r4)            ; the guest's MEM[1] flags
        andi r5, r5, FLAGS_DEFINED
        andi r6, r5, PSW_P
        bnez r6, shutdown               ; the guest's handler would run with paging on
        ld   r6, vflags(r0)             ; vPSW -> the guest's MEM[0]
        st   r6, OLD_PSW(r4)
        ld   r6, vb(r0)
        st   r6, OLD_PSW+1(r4)
        ld   r6, vl(r0)
        st   r6, OLD_PSW+2(r4)
        ld   r6, vpc(r0)
        st   r6, OLD_PSW+3(r4)
        st   r1, TRAP_CAUSE(r4)
        st   r2, TRAP_VALUE(r4)
        st   r3, TRAP_DETAIL(r4)
        ld   r6, vtraps(r1)             ; counted by cause, as the native machine counts
        addi r6, r6, 1
        st   r6, vtraps(r1)
        st   r5, vflags(r0)             ; vPSW <- the guest's MEM[1]
        ld   r6, NEW_PSW+1(r4)
        st   r6, vb(r0)
        ld   r6, NEW_PSW+2(r4)
        st   r6, vl(r0)
        ld   r6, NEW_PSW+3(r4)
        st   r6, vpc(r0)
        li   r6, 1                      ; a new first-instruction window
        st   r6, window(r0)
        ret

; ---------------------------------------------------------------- shutdown
; shutdown: the guest set P = 1 or double-faulted, and natively the machine would shut down.
; So pgvmm shuts the machine down the same way: its own MEM[1] gets L = 0, so the handler's
; first fetch faults, and an svc delivers to it (pgvmm has retired instructions since its last
; delivery, so the svc itself is delivered): the fetch fault is the machine's double fault.
shutdown:
        st   r0, NEW_PSW+2(r0)
        st   r0, NEW_PSW+3(r0)
        svc  0

; ---------------------------------------------------------------- the interpreter
; emulate: the PRIVILEGED trap of an instruction executed in vm-supervisor. r1 = the
; instruction word (the trap's value), r13 keeps it; the fields go to r5 (A: rd), r6 (B: rs),
; r7 (imm16), and the routine of its opcode carries it out as the native machine would.
; Decode-time ILLEGAL (an unknown control register or PSW field) is the hardware's, checked
; before PRIVILEGED in user mode too, so it is reflected as it is; the routines check it all the
; same, so that the interpreter alone carries the instructions' whole semantics.
emulate:
        ld   r1, TRAP_VALUE(r0)
        mov  r13, r1
        shri r5, r1, 21
        andi r5, r5, 15
        shri r6, r1, 17
        andi r6, r6, 15
        andi r7, r1, 0xFFFF
        shri r4, r1, 25
        addi r4, r4, -OP_LPSW
        li   r8, N_PRIVILEGED
        bgeu r4, r8, shutdown           ; a profile's own privileged instruction: not emulated
        ld   r4, em_table(r4)
        jalr r0, r4, 0

em_table:
        .word em_lpsw, em_rdpsw, em_mtcr, em_mfcr, em_invlpg, em_tlbflush, em_out, em_in, em_halt

; retire: the emulated instruction retired: vPSW.PC moves past it, and it is charged as one
; guest instruction; then on to the guest's next. retire_here: the same with the PC already
; set (lpsw). retire_now: retire's work as a routine, for what comes after it (clobbers r1, r2).
retire:
        call retire_now
        j    run_loop
retire_here:
        li   r1, 1
        call charge
        j    run_loop
retire_now:
        ld   r1, vpc(r0)
        addi r1, r1, 1
        st   r1, vpc(r0)
        li   r1, 1
        j    charge                     ; charge returns to retire_now's caller

; em_lpsw: lpsw imm(rs): the four words at v..v+3, each through the guest's segment check and
; then la < memsize (a fault is reflected at the lpsw, detail 0: a supervisor read); then
; ILLEGAL for reserved flag bits; P = 1 shuts the guest down; else the vPSW is loaded.
em_lpsw:
        ld   r8, greg(r6)
        shli r9, r13, 16                ; sign-extend imm16
        sari r9, r9, 16
        add  r8, r8, r9                 ; v
        li   r10, 0                     ; word number
em_lpsw_word:
        add  r1, r8, r10
        call gtranslate
        bnez r2, em_fault
        ld   r11, addr0(r0)
        add  r11, r11, r1
        ld   r11, 0(r11)
        st   r11, lpswbuf(r10)
        addi r10, r10, 1
        li   r11, 4
        bltu r10, r11, em_lpsw_word
        ld   r1, lpswbuf(r0)
        andi r2, r1, FLAGS_DEFINED
        bne  r1, r2, em_illegal
        andi r2, r1, PSW_P
        bnez r2, shutdown               ; paging on: this VMM has none (as --mode segment)
        st   r1, vflags(r0)
        ld   r1, lpswbuf+1(r0)
        st   r1, vb(r0)
        ld   r1, lpswbuf+2(r0)
        st   r1, vl(r0)
        ld   r1, lpswbuf+3(r0)
        st   r1, vpc(r0)
        j    retire_here

; em_fault: the emulated instruction's access faulted: cause r2, value r3, detail 0.
em_fault:
        mov  r1, r2
        mov  r2, r3
        li   r3, 0
        call reflect
        j    run_loop

em_illegal:
        li   r1, T_ILLEGAL
        mov  r2, r13
        li   r3, 0
        call reflect
        j    run_loop

; gtranslate: the guest-virtual address r1 under the vPSW (P = 0), as spec section 3 does it
; against the VM: r2 = 0 and r1 = la, or r2 = the fault's cause and r3 its value.
; Clobbers r4.
gtranslate:
        ld   r4, vl(r0)
        bgeu r1, r4, gtranslate_segment
        ld   r4, vb(r0)
        add  r3, r4, r1
        bltu r3, r4, gtranslate_segment ; B + va overflows
        ld   r4, memsize(r0)
        bgeu r3, r4, gtranslate_memory
        mov  r1, r3
        li   r2, 0
        ret
gtranslate_segment:
        li   r2, T_SEGMENT
        mov  r3, r1
        ret
gtranslate_memory:
        li   r2, T_MEMORY
        ret

; em_rdpsw: rdpsw rd, field: flags (0), B (1) or L (2) of the vPSW.
em_rdpsw:
        li   r2, 3                      ; fields 0..2
        bgeu r7, r2, em_illegal
        ld   r1, vflags(r7)             ; vflags, vb and vl follow each other
        set_guest_reg r5, r1
        j    retire

; em_mtcr: mtcr cr, rs. ptbr: the guest's ptbr (nothing to flush: the VM has no paging).
; timer: the guest's count, its pending tick cleared; mtcr timer does not count itself down.
em_mtcr:
        ld   r1, greg(r6)
        li   r2, CR_TIMER
        beq  r7, r2, em_mtcr_timer
        bnez r7, em_illegal             ; neither ptbr nor timer
        andi r2, r1, PTBR_IGNORED
        xor  r1, r1, r2
        st   r1, vptbr(r0)
        j    retire
em_mtcr_timer:
        mov  r3, r1
        call retire_now                 ; counts the old count down: the new one replaces it
        st   r3, vtimer(r0)
        st   r0, vtick(r0)
        j    run_loop

; em_mfcr: mfcr rd, cr: the guest's ptbr or the remaining count of its timer.
em_mfcr:
        ld   r1, vptbr(r0)
        beqz r7, em_mfcr_set            ; CR_PTBR
        ld   r1, vtimer(r0)
        li   r2, CR_TIMER
        bne  r7, r2, em_illegal
em_mfcr_set:
        set_guest_reg r5, r1
        j    retire

; em_invlpg, em_tlbflush: no paging, no TLB of the guest's to drop; they retire.
em_invlpg:
em_tlbflush:
        j    retire

; em_out: out rs, port. The console and the power port pass through to the machine (the guest's
; power-off is the machine's); writes to other ports are ignored.
em_out:
        ld   r1, greg(r6)
        li   r2, CONSOLE
        beq  r7, r2, em_out_console
        li   r2, POWER
        bne  r7, r2, retire
        mov  r3, r1
        call retire_now                 ; it retires, as natively, before the machine is off
        out  r3, POWER
em_out_console:
        out  r1, CONSOLE
        j    retire

; em_in: in rd, port. The console passes through (a byte is consumed even when rd is r0);
; other ports read 0.
em_in:
        li   r1, 0
        bnez r7, em_in_set              ; not CONSOLE (port 0)
        in   r1, CONSOLE
em_in_set:
        set_guest_reg r5, r1
        j    retire

; em_halt: the guest's halt stops the machine.
em_halt:
        call retire_now
        halt

msg_no_guest:
        .string "pgvmm: no guest: run pgvmm.s with --load ADDR=PROGRAM, ADDR above pgvmm's own words\n"
pgvmm_end:
