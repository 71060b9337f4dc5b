; segkernel.s: a segment multiprogramming kernel for the pure Popek & Goldberg machine (P = 0).
;
; What it shows
;   - Six user programs, each in its own segment (B, L), in user mode with I = 1, scheduled
;     round-robin by a periodic timer tick; the kernel runs with the trap PSW (s, P=0, I=0).
;   - System calls through svc (lib/sysnums.s): exit, putc, puts (with '%' numbers),
;     yield, getpid, sleep N ticks, ticks.
;   - Protection: `rogue` stores past the end of its segment (SEGMENT) and `priv` executes
;     `halt` in user mode (PRIVILEGED); both are killed and the run goes on.
;   - Relocation: `big` needs a 1024-word segment and has to wait. When `pinger` exits there
;     are 1024 free words, but in two holes (where `rogue` was, and at the top), so the kernel
;     compacts: it copies each live segment down - processes in the middle of their work, one
;     of them asleep - and changes only its B. Then `big` is loaded into the hole made at the
;     top; the relocated processes carry on, none the wiser.
;   - An idle loop (supervisor mode, I = 1) waits for the tick when every process sleeps:
;     `sleeper`'s last nap outlasts everybody else.
;   - When no process is left the kernel prints a summary and powers off with the number of
;     processes that exited normally (4).
;
; Physical memory map (the kernel runs with B = 0, L = SZ, so its addresses are physical)
;
;   0x0000 +----------------------------+
;          | trap area: old PSW, new PSW, |
;          | cause, value, detail         |
;   0x0010 +----------------------------+
;          | kernel code                  |
;          | kernel data, process table   |
;          | user program images (copied  |
;          | into segments at load time)  |
;          +----------------------------+
;   0x1E00 | kernel stack (grows down)    |
;   0x2000 +----------------------------+ UPOOL
;          | user segments, allocated     |
;          | bottom-up, compacted when    |
;          | fragmented                   |
;   0x2800 +----------------------------+ UPOOL_END (the machine needs SZ >= this)
;
; A user segment (virtual addresses; the hardware adds B):
;   0 .. code and data (copied from the kernel image), the rest zeroed .. L-1, stack at the top
;   (sp = L at start; push pre-decrements).
;
; Ticks in the output: a line is one system call and the nap another, and a tick that falls
; due in the kernel preempts the caller as it returns, so a nap may begin a few ticks after
; the line that announced it; a woken process then waits for its turn in the round.
;
; Expected console output (exact; the run is deterministic, with any SZ >= 0x2800):
;   [k] segkernel: 6 programs, user pool 0x2000..0x2800
;   [k] load pid 1 rogue: B=0x2000 L=0x100
;   [k] load pid 2 priv: B=0x2100 L=0x100
;   [k] load pid 3 adder: B=0x2200 L=0x200
;   [k] load pid 4 sleeper: B=0x2400 L=0x100
;   [k] load pid 5 pinger: B=0x2500 L=0x100
;   rogue: yielding twice, then storing past my segment
;   priv: yielding three times, then halting the machine
;   sleeper: tick 3, sleeping 3 ticks
;   pinger: I am pid 5
;   pinger: ping 1
;   [1] killed: SEGMENT (va 0x12c at pc 0x6)
;   sleeper: woke at tick 10
;   pinger: ping 2
;   sleeper: tick 13, sleeping 3 ticks
;   pinger: ping 3
;   [5] exited: status 0
;   [k] relocate pid 2: B=0x2100 -> 0x2000
;   [k] relocate pid 3: B=0x2200 -> 0x2100
;   [k] relocate pid 4: B=0x2400 -> 0x2300
;   [k] load pid 6 big: B=0x2400 L=0x400
;   big: loaded after compaction, pid 6
;   [2] killed: PRIVILEGED (insn 0x90000000 at pc 0x6)
;   sleeper: woke at tick 20
;   sleeper: tick 23, sleeping 50 ticks
;   adder: sum = 2646700
;   adder: sum = 5293400
;   big: 109 primes below 600
;   [6] exited: status 0
;   adder: sum = 7940100
;   [3] exited: status 0
;   sleeper: woke at tick 76
;   [4] exited: status 0
;   [k] done: 4 exited, 2 killed, 77 ticks
;
; Exit: poweroff, status 4 (processes that exited normally).

        .include "lib/sysnums.s"
        .include "lib/proc.s"           ; slot layout (P_PSW, P_REGS), save_context, resume_*

        .equ QUANTUM, 400               ; instructions between timer ticks (kernel time counts too)
        .equ NPROC, 8                   ; process slots; slot 0 is the idle loop
        .equ P_STATE, 0                 ; S_FREE, S_RUN, S_SLEEP or S_WAITMEM
        .equ P_WAKE, 1                  ; tick at which a sleeper becomes runnable
        .equ P_PROG, 2                  ; its program descriptor
        .equ S_FREE, 0
        .equ S_RUN, 1
        .equ S_SLEEP, 2
        .equ S_WAITMEM, 3               ; created, waiting for a segment
        .equ PR_NAME, 0                 ; program descriptor: name string
        .equ PR_CODE, 1                 ; where its image is in the kernel
        .equ PR_LEN, 2                  ; image length in words
        .equ PR_SEG, 3                  ; segment length L it needs
        .equ PR_WORDS, 4
        .equ KSTACK_TOP, 0x2000
        .equ UPOOL, 0x2000
        .equ UPOOL_SIZE, 0x800
        .equ UPOOL_END, UPOOL + UPOOL_SIZE

        .org 16
; ---------------------------------------------------------------- boot
_start: li   sp, KSTACK_TOP
        st   r1, mem_size(r0)           ; r1 = SZ at boot
        li   r2, UPOOL_END
        bltu r1, r2, too_small
        li   r2, PSW_S                  ; trap PSW: supervisor, P = 0, I = 0, B = 0, L = SZ
        st   r2, NEW_PSW(r0)
        st   r0, NEW_PSW+1(r0)
        st   r1, NEW_PSW+2(r0)
        la   r2, trap_entry
        st   r2, NEW_PSW+3(r0)
        la   r1, msg_banner
        call puts
        li   r1, NPROGS
        call putdec
        la   r1, msg_pool
        call puts
        li   r1, UPOOL
        call puthex
        la   r1, msg_dots
        call puts
        li   r1, UPOOL_END
        call puthex
        call putnl
        ; slot 0: the idle loop, supervisor mode with the tick enabled
        la   r8, proc_table
        li   r2, PSW_S | PSW_I
        st   r2, P_PSW(r8)
        st   r0, P_PSW+1(r8)
        ld   r2, mem_size(r0)
        st   r2, P_PSW+2(r8)
        la   r2, idle_loop
        st   r2, P_PSW+3(r8)
        ; slots 1..NPROGS: one process per program, all waiting for memory at first
        la   r9, programs
        li   r10, NPROGS
boot_create:
        addi r8, r8, PROC_WORDS
        st   r9, P_PROG(r8)
        li   r2, S_WAITMEM
        st   r2, P_STATE(r8)
        addi r9, r9, PR_WORDS
        addi r10, r10, -1
        bnez r10, boot_create
        call load_waiting               ; as many as fit, in order
        la   r13, proc_table            ; "current" = idle, so the scheduler starts at slot 1
        st   r13, cur_proc(r0)
        li   r2, QUANTUM                ; start the periodic tick
        mtcr timer, r2
        j    schedule

too_small:
        la   r1, msg_small
        call puts
        li   r1, 255
        out  r1, POWER

; The idle "process" (slot 0): spins in supervisor mode with I = 1 until the next tick.
idle_loop:
        j    idle_loop

; ---------------------------------------------------------------- trap entry
; Every trap lands here with (s, P=0, I=0, B=0, L=SZ). Save the interrupted state into the
; current slot, then dispatch on the cause with r13 = the current slot.
trap_entry:
        save_context
        li   sp, KSTACK_TOP             ; a trap always starts on an empty kernel stack
        ld   r2, TRAP_CAUSE(r0)
        li   r3, T_TIMER
        beq  r2, r3, on_timer
        ld   r3, P_PSW(r13)             ; anything else from supervisor mode is a kernel bug
        andi r3, r3, PSW_S
        bnez r3, kernel_panic
        li   r3, T_SVC
        beq  r2, r3, on_svc
        j    on_fault

; The periodic tick: count it, re-arm the timer, wake the sleepers whose time has come and
; preempt the current process.
on_timer:
        li   r2, QUANTUM
        mtcr timer, r2
        ld   r2, ticks(r0)
        addi r2, r2, 1
        st   r2, ticks(r0)
        la   r8, proc_table+PROC_WORDS
        la   r9, proc_table_end
timer_wake:
        ld   r3, P_STATE(r8)
        li   r4, S_SLEEP
        bne  r3, r4, timer_next
        ld   r3, P_WAKE(r8)
        bltu r2, r3, timer_next         ; not yet
        li   r4, S_RUN
        st   r4, P_STATE(r8)
timer_next:
        addi r8, r8, PROC_WORDS
        bltu r8, r9, timer_wake
        j    schedule

; ---------------------------------------------------------------- system calls
on_svc: ld   r2, P_PSW+3(r13)           ; the saved PC is the svc: resume after it
        addi r2, r2, 1
        st   r2, P_PSW+3(r13)
        ld   r2, TRAP_VALUE(r0)
        li   r3, NSYSCALLS
        bgeu r2, r3, sys_unknown
        la   r3, syscall_table
        add  r3, r3, r2
        ld   r3, 0(r3)
        jalr r0, r3, 0

syscall_table:
        .word sys_exit, sys_putc, sys_puts, sys_yield, sys_getpid, sys_sleep, sys_ticks
        .equ NSYSCALLS, . - syscall_table

sys_unknown:
        li   r2, -1
        st   r2, P_REGS+1(r13)
        j    dispatch

sys_putc:
        ld   r1, P_REGS+1(r13)
        out  r1, CONSOLE
        j    dispatch

; puts walks the string through the caller's segment by hand, checking each address against
; L as the hardware would; a string that runs off the segment kills the caller.
sys_puts:
        ld   r8, P_REGS+1(r13)          ; va of the next character
        ld   r9, P_PSW+1(r13)           ; B
        ld   r10, P_PSW+2(r13)          ; L
        addi r11, r13, P_REGS+2         ; the saved register the next '%' prints
puts_user_loop:
        bgeu r8, r10, sys_badptr
        add  r2, r9, r8
        ld   r1, 0(r2)
        beqz r1, dispatch
        li   r2, '%'
        bne  r1, r2, puts_user_char
        ld   r1, 0(r11)
        addi r2, r13, P_REGS+5
        bgeu r11, r2, puts_user_arg     ; r2, r3, r4, then r5 for every later '%'
        addi r11, r11, 1
puts_user_arg:
        call putdec
        j    puts_user_next
puts_user_char:
        out  r1, CONSOLE
puts_user_next:
        addi r8, r8, 1
        j    puts_user_loop

sys_badptr:
        mov  r1, r13
        call say_pid
        la   r1, msg_badptr
        call puts
        j    count_kill

sys_yield:
        j    schedule

sys_getpid:
        call pid_of_current
        st   r1, P_REGS+1(r13)
        j    dispatch

sys_sleep:
        ld   r2, P_REGS+1(r13)
        beqz r2, schedule               ; sleep 0 is a yield
        ld   r3, ticks(r0)
        add  r2, r2, r3
        st   r2, P_WAKE(r13)
        li   r2, S_SLEEP
        st   r2, P_STATE(r13)
        j    schedule

sys_ticks:
        ld   r2, ticks(r0)
        st   r2, P_REGS+1(r13)
        j    dispatch

sys_exit:
        mov  r1, r13
        call say_pid
        la   r1, msg_exit
        call puts
        ld   r1, P_REGS+1(r13)
        call putdec
        call putnl
        ld   r2, n_exited(r0)
        addi r2, r2, 1
        st   r2, n_exited(r0)
        j    release

; ---------------------------------------------------------------- faults
; A user fault kills the process: "[pid] killed: CAUSE (va 0x.. at pc 0x..)" for address
; faults, "(insn 0x.. at pc 0x..)" for the others.
on_fault:
        mov  r1, r13
        call say_pid
        la   r1, msg_killed
        call puts
        ld   r2, TRAP_CAUSE(r0)
        la   r3, cause_names
        add  r3, r3, r2
        ld   r1, 0(r3)
        call puts
        ld   r2, TRAP_CAUSE(r0)
        la   r1, msg_insn
        li   r3, T_SEGMENT
        bltu r2, r3, fault_value
        li   r3, T_PAGE
        bltu r3, r2, fault_value
        la   r1, msg_va                 ; SEGMENT, MEMORY, PAGE: the value is an address
fault_value:
        call puts
        ld   r1, TRAP_VALUE(r0)
        call puthex
        la   r1, msg_atpc
        call puts
        ld   r1, P_PSW+3(r13)
        call puthex
        la   r1, msg_close
        call puts
count_kill:
        ld   r2, n_killed(r0)
        addi r2, r2, 1
        st   r2, n_killed(r0)
        ; fall through
; The current process is gone: free its slot and segment, let waiting programs in (which may
; compact the pool), and run somebody else.
release:
        st   r0, P_STATE(r13)           ; S_FREE: its segment no longer counts as used
        call load_waiting
        j    schedule

kernel_panic:
        la   r1, msg_panic
        call puts
        ld   r1, TRAP_CAUSE(r0)
        call putdec
        la   r1, msg_atpc
        call puts
        ld   r1, OLD_PSW+3(r0)
        call puthex
        call putnl
        li   r1, 255
        out  r1, POWER

; ---------------------------------------------------------------- scheduler
; Round-robin: the first runnable slot after the current one (the current one last). With
; nothing runnable, run the idle loop if somebody sleeps, else the run is over.
schedule:
        ld   r8, cur_proc(r0)
        la   r9, proc_table_end
        li   r10, NPROC - 1             ; user slots to look at
sched_next:
        addi r8, r8, PROC_WORDS
        bltu r8, r9, sched_check
        la   r8, proc_table+PROC_WORDS  ; wrap around to slot 1
sched_check:
        ld   r2, P_STATE(r8)
        li   r3, S_RUN
        beq  r2, r3, sched_found
        addi r10, r10, -1
        bnez r10, sched_next
        la   r8, proc_table+PROC_WORDS  ; nothing runnable: does anybody sleep or wait?
        li   r11, 0                     ; sleepers
        li   r12, 0                     ; waiting for memory
sched_scan:
        ld   r2, P_STATE(r8)
        li   r3, S_SLEEP
        bne  r2, r3, sched_scan_wait
        addi r11, r11, 1
sched_scan_wait:
        li   r3, S_WAITMEM
        bne  r2, r3, sched_scan_next
        addi r12, r12, 1
sched_scan_next:
        addi r8, r8, PROC_WORDS
        bltu r8, r9, sched_scan
        la   r13, proc_table            ; the idle loop
        bnez r11, dispatch
        bnez r12, stuck                 ; waiting for memory that nobody will free
        j    finish
sched_found:
        mov  r13, r8
        ; fall through
; Resume the process in slot r13: its PSW goes to a kernel word block for lpsw, its registers
; are reloaded with r13 (the base) last.
dispatch:
        resume_psw_prepare
        resume_registers

stuck:  la   r1, msg_stuck
        call puts
        li   r1, 254
        out  r1, POWER

; Every process is gone: print the summary and power off with the number of normal exits.
finish: la   r1, msg_done
        call puts
        ld   r1, n_exited(r0)
        call putdec
        la   r1, msg_exited
        call puts
        ld   r1, n_killed(r0)
        call putdec
        la   r1, msg_killed_n
        call puts
        ld   r1, ticks(r0)
        call putdec
        la   r1, msg_ticks
        call puts
        ld   r1, n_exited(r0)
        out  r1, POWER

; ---------------------------------------------------------------- memory: segments
; load_waiting: give a segment to each process waiting for one, in slot order, stopping at the
; first that cannot have one yet (first come, first served).
load_waiting:
        push lr
        push r8
        push r9
        la   r8, proc_table+PROC_WORDS
lw_next:
        ld   r2, P_STATE(r8)
        li   r3, S_WAITMEM
        bne  r2, r3, lw_skip
        ld   r9, P_PROG(r8)
        ld   r1, PR_SEG(r9)
        call seg_alloc
        beqz r1, lw_done                ; no room yet: it waits for the next exit
        call proc_load
lw_skip:
        addi r8, r8, PROC_WORDS
        la   r2, proc_table_end
        bltu r8, r2, lw_next
lw_done:
        pop  r9
        pop  r8
        pop  lr
        ret

; seg_usage: r1 <- the end of the highest live segment (UPOOL if none), r2 <- words in use.
; A slot has a segment while it is runnable or asleep.
seg_usage:
        li   r1, UPOOL
        li   r2, 0
        la   r3, proc_table+PROC_WORDS
        la   r7, proc_table_end
su_next:
        ld   r4, P_STATE(r3)
        addi r4, r4, -S_RUN
        sltiu r4, r4, 2                 ; S_RUN or S_SLEEP
        beqz r4, su_skip
        ld   r5, P_PSW+1(r3)            ; B
        ld   r6, P_PSW+2(r3)            ; L
        add  r2, r2, r6
        add  r5, r5, r6                 ; its end
        bgeu r1, r5, su_skip
        mov  r1, r5
su_skip:
        addi r3, r3, PROC_WORDS
        bltu r3, r7, su_next
        ret

; seg_alloc(r1 = L): r1 <- a base B for a new segment of L words, or 0 when there is no room.
; Segments are placed above the highest one; when that space is too small but the holes left
; by dead processes add up to enough, the pool is compacted first.
seg_alloc:
        push lr
        push r8
        mov  r8, r1
        call seg_usage
        li   r3, UPOOL_END
        sub  r4, r3, r1                 ; free above the top
        bgeu r4, r8, sa_done
        li   r5, UPOOL_SIZE
        sub  r5, r5, r2                 ; free in all
        bltu r5, r8, sa_fail
        call compact
        j    sa_done
sa_fail:
        li   r1, 0
sa_done:
        pop  r8
        pop  lr
        ret

; compact: slide the live segments down to UPOOL, lowest first, so that all the free words
; form one hole at the top. r1 <- the new top. Each move copies the segment upward-in-order
; (the destination is below the source, so overlapping copies are safe) and changes only the
; saved B: the process sees the same virtual addresses and never notices.
compact:
        push lr
        push r8
        push r9
        push r10
        push r11
        push r12
        li   r10, UPOOL                 ; where the next segment goes
compact_pick:
        li   r8, 0                      ; the live slot with the lowest B >= r10
        li   r11, -1                    ; its B
        la   r9, proc_table+PROC_WORDS
compact_scan:
        ld   r2, P_STATE(r9)
        addi r2, r2, -S_RUN
        sltiu r2, r2, 2
        beqz r2, compact_scan_next
        ld   r3, P_PSW+1(r9)
        bltu r3, r10, compact_scan_next ; already placed
        bgeu r3, r11, compact_scan_next
        mov  r11, r3
        mov  r8, r9
compact_scan_next:
        addi r9, r9, PROC_WORDS
        la   r2, proc_table_end
        bltu r9, r2, compact_scan
        beqz r8, compact_done
        ld   r12, P_PSW+2(r8)           ; L
        beq  r11, r10, compact_keep     ; already in place
        la   r1, msg_reloc              ; "[k] relocate pid N: B=0x... -> 0x..."
        call puts
        mov  r1, r8
        call pid_of
        call putdec
        la   r1, msg_reloc_b
        call puts
        mov  r1, r11
        call puthex
        la   r1, msg_arrow
        call puts
        mov  r1, r10
        call puthex
        call putnl
        mov  r2, r11                    ; copy L words from r11 down to r10
        mov  r3, r10
        mov  r4, r12
compact_copy:
        ld   r5, 0(r2)
        st   r5, 0(r3)
        addi r2, r2, 1
        addi r3, r3, 1
        addi r4, r4, -1
        bnez r4, compact_copy
        st   r10, P_PSW+1(r8)           ; the relocation itself: a new B
compact_keep:
        add  r10, r10, r12
        j    compact_pick
compact_done:
        mov  r1, r10
        pop  r12
        pop  r11
        pop  r10
        pop  r9
        pop  r8
        pop  lr
        ret

; proc_load(r8 = slot, r1 = B): copy the slot's program into a fresh segment at B, zero the
; rest of the segment (it may hold a dead process's words), and make it runnable at PC 0 with
; sp = L and every other register 0.
proc_load:
        push lr
        push r9
        push r10
        ld   r9, P_PROG(r8)
        mov  r10, r1                    ; B
        ld   r2, PR_CODE(r9)
        ld   r3, PR_LEN(r9)
        ld   r4, PR_SEG(r9)
        mov  r5, r10
pl_copy:
        beqz r3, pl_zero
        ld   r6, 0(r2)
        st   r6, 0(r5)
        addi r2, r2, 1
        addi r5, r5, 1
        addi r3, r3, -1
        j    pl_copy
pl_zero:
        add  r6, r10, r4                ; the segment's end
pl_zero_loop:
        bgeu r5, r6, pl_regs
        st   r0, 0(r5)
        addi r5, r5, 1
        j    pl_zero_loop
pl_regs:
        li   r2, PSW_I                  ; user mode, P = 0, I = 1
        st   r2, P_PSW(r8)
        st   r10, P_PSW+1(r8)
        st   r4, P_PSW+2(r8)
        st   r0, P_PSW+3(r8)
        addi r5, r8, P_REGS
        li   r6, 16
pl_regs_loop:
        st   r0, 0(r5)
        addi r5, r5, 1
        addi r6, r6, -1
        bnez r6, pl_regs_loop
        st   r4, P_REGS+14(r8)          ; sp = L
        li   r2, S_RUN
        st   r2, P_STATE(r8)
        la   r1, msg_load               ; "[k] load pid N name: B=0x... L=0x..."
        call puts
        mov  r1, r8
        call pid_of
        call putdec
        li   r1, ' '
        call putc
        ld   r1, PR_NAME(r9)
        call puts
        la   r1, msg_load_b
        call puts
        mov  r1, r10
        call puthex
        la   r1, msg_load_l
        call puts
        ld   r1, PR_SEG(r9)
        call puthex
        call putnl
        pop  r10
        pop  r9
        pop  lr
        ret

; ---------------------------------------------------------------- small helpers
; pid_of(r1 = slot): r1 <- its pid (the slot number).
pid_of: la   r2, proc_table
        sub  r1, r1, r2
        shri r1, r1, PROC_SHIFT
        ret

pid_of_current:
        mov  r1, r13
        j    pid_of

; say_pid(r1 = slot): print "[pid] ".
say_pid:
        push lr
        call pid_of
        push r1
        li   r1, '['
        call putc
        pop  r1
        call putdec
        li   r1, ']'
        call putc
        li   r1, ' '
        call putc
        pop  lr
        ret

        .include "lib/console.s"

; ---------------------------------------------------------------- kernel data
mem_size:   .word 0
cur_proc:   .word 0                     ; the slot that the last trap came from / runs next
trap_r1:    .word 0                     ; r1 while the trap entry frees it
resume_psw: .word 0, 0, 0, 0            ; the PSW that dispatch's lpsw loads
ticks:      .word 0
n_exited:   .word 0
n_killed:   .word 0

msg_banner: .string "[k] segkernel: "
msg_pool:   .string " programs, user pool "
msg_dots:   .string ".."
msg_small:  .string "[k] memory too small\n"
msg_load:   .string "[k] load pid "
msg_load_b: .string ": B="
msg_load_l: .string " L="
msg_reloc:  .string "[k] relocate pid "
msg_reloc_b: .string ": B="
msg_arrow:  .string " -> "
msg_exit:   .string "exited: status "
msg_killed: .string "killed: "
msg_insn:   .string " (insn "
msg_va:     .string " (va "
msg_atpc:   .string " at pc "
msg_close:  .string ")\n"
msg_badptr: .string "killed: bad string pointer\n"
msg_panic:  .string "[k] panic: kernel trap, cause "
msg_stuck:  .string "[k] stuck: a program can never get a segment\n"
msg_done:   .string "[k] done: "
msg_exited: .string " exited, "
msg_killed_n: .string " killed, "
msg_ticks:  .string " ticks\n"
cause_names:
        .word c_none, c_priv, c_ill, c_svc, c_seg, c_mem, c_page, c_arith, c_timer
c_none:  .string "?"
c_priv:  .string "PRIVILEGED"
c_ill:   .string "ILLEGAL"
c_svc:   .string "SVC"
c_seg:   .string "SEGMENT"
c_mem:   .string "MEMORY"
c_page:  .string "PAGE"
c_arith: .string "ARITH"
c_timer: .string "TIMER"

        .align PROC_WORDS
proc_table:
        .space NPROC * PROC_WORDS
proc_table_end:

; ---------------------------------------------------------------- the programs
programs:
        .word name_rogue,   rogue,   rogue_end - rogue,     0x100
        .word name_priv,    priv,    priv_end - priv,       0x100
        .word name_adder,   adder,   adder_end - adder,     0x200
        .word name_sleeper, sleeper, sleeper_end - sleeper, 0x100
        .word name_pinger,  pinger,  pinger_end - pinger,   0x100
        .word name_big,     big,     big_end - big,         0x400
        .equ NPROGS, (. - programs) / PR_WORDS
name_rogue:   .string "rogue"
name_priv:    .string "priv"
name_adder:   .string "adder"
name_sleeper: .string "sleeper"
name_pinger:  .string "pinger"
name_big:     .string "big"

; rogue: yields twice, then stores one word past the end of its 256-word segment.
rogue:  .phase 0
        la   r1, rogue_hello
        svc  SYS_PUTS
        svc  SYS_YIELD
        svc  SYS_YIELD
        li   r2, 0x100 + 44             ; L + 44: outside the segment
        st   r2, 0(r2)                  ; SEGMENT: the kernel kills us here
        li   r1, 1
        svc  SYS_EXIT                   ; never reached
rogue_hello:
        .string "rogue: yielding twice, then storing past my segment\n"
        .dephase
rogue_end:

; priv: yields three times, then tries to stop the machine.
priv:   .phase 0
        la   r1, priv_hello
        svc  SYS_PUTS
        svc  SYS_YIELD
        svc  SYS_YIELD
        svc  SYS_YIELD
        halt                            ; PRIVILEGED in user mode: killed
        li   r1, 1
        svc  SYS_EXIT
priv_hello:
        .string "priv: yielding three times, then halting the machine\n"
        .dephase
priv_end:

; adder: three rounds of table[i] = r * i * i (i < 200) and its sum, long enough to be
; preempted many times and relocated in the middle. Round r must sum to r * 2646700.
        .equ ADDER_N, 200
        .equ ADDER_TABLE, 0x100
adder:  .phase 0
        li   r8, 1                      ; round
adder_round:
        li   r3, 0                      ; i
        li   r4, ADDER_TABLE
adder_fill:
        mul  r5, r3, r3
        mul  r5, r5, r8
        add  r6, r4, r3
        st   r5, 0(r6)
        addi r3, r3, 1
        li   r7, ADDER_N
        bne  r3, r7, adder_fill
        li   r3, 0
        li   r2, 0                      ; the sum
adder_sum:
        add  r6, r4, r3
        ld   r5, 0(r6)
        add  r2, r2, r5
        addi r3, r3, 1
        li   r7, ADDER_N
        bne  r3, r7, adder_sum
        la   r1, adder_msg
        svc  SYS_PUTS                   ; "adder: round sum = %" with r2
        li   r7, 2646700
        mul  r7, r7, r8
        bne  r2, r7, adder_bad
        addi r8, r8, 1
        li   r7, 4
        bne  r8, r7, adder_round
        li   r1, 0
        svc  SYS_EXIT
adder_bad:
        la   r1, adder_wrong
        svc  SYS_PUTS
        li   r1, 1
        svc  SYS_EXIT
adder_msg:
        .string "adder: sum = %\n"
adder_wrong:
        .string "adder: WRONG SUM\n"
        .dephase
adder_end:

; sleeper: naps of 3, 3 and 50 ticks, saying when it went to sleep and when it woke up. The
; last nap outlasts every other process, so the kernel runs its idle loop until it ends.
sleeper: .phase 0
        la   r8, sleeper_naps
sleeper_nap:
        ld   r3, 0(r8)                  ; the nap's length, 0 after the last
        beqz r3, sleeper_done
        svc  SYS_TICKS
        mov  r2, r1
        la   r1, sleeper_zz
        svc  SYS_PUTS                   ; "tick %, sleeping % ticks" with r2, r3
        mov  r1, r3
        svc  SYS_SLEEP
        svc  SYS_TICKS
        mov  r2, r1
        la   r1, sleeper_up
        svc  SYS_PUTS
        addi r8, r8, 1
        j    sleeper_nap
sleeper_done:
        li   r1, 0
        svc  SYS_EXIT
sleeper_naps:
        .word 3, 3, 50, 0
sleeper_zz:
        .string "sleeper: tick %, sleeping % ticks\n"
sleeper_up:
        .string "sleeper: woke at tick %\n"
        .dephase
sleeper_end:

; pinger: says its pid, then pings three times, yielding in between.
pinger: .phase 0
        svc  SYS_GETPID
        mov  r2, r1
        la   r1, pinger_hello
        svc  SYS_PUTS
        li   r2, 1
pinger_loop:
        la   r1, pinger_ping
        svc  SYS_PUTS
        svc  SYS_YIELD
        addi r2, r2, 1
        li   r3, 4
        bne  r2, r3, pinger_loop
        li   r1, 0
        svc  SYS_EXIT
pinger_hello:
        .string "pinger: I am pid %\n"
pinger_ping:
        .string "pinger: ping %\n"
        .dephase
pinger_end:

; big: needs 1024 words, so it is loaded only after compaction. Sieves the primes below
; BIG_N in its segment (which the kernel zeroed) and counts them: 109 below 600.
        .equ BIG_N, 600
        .equ BIG_FLAGS, 0x100           ; flags[i] != 0: i is composite
big:    .phase 0
        svc  SYS_GETPID
        mov  r2, r1
        la   r1, big_hello
        svc  SYS_PUTS
        li   r3, 2                      ; candidate
        li   r9, BIG_N
big_outer:
        mul  r4, r3, r3
        bgeu r4, r9, big_count          ; i*i >= N: every composite is marked
        ld   r5, BIG_FLAGS(r3)
        bnez r5, big_next
        li   r6, 1
big_mark:
        st   r6, BIG_FLAGS(r4)
        add  r4, r4, r3
        bltu r4, r9, big_mark
big_next:
        addi r3, r3, 1
        j    big_outer
big_count:
        li   r2, 0
        li   r3, 2
big_count_loop:
        ld   r5, BIG_FLAGS(r3)
        bnez r5, big_count_next
        addi r2, r2, 1
big_count_next:
        addi r3, r3, 1
        bltu r3, r9, big_count_loop
        la   r1, big_result
        svc  SYS_PUTS
        li   r1, 0
        svc  SYS_EXIT
big_hello:
        .string "big: loaded after compaction, pid %\n"
big_result:
        .string "big: % primes below 600\n"
        .dephase
big_end:
