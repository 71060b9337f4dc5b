; lib/workload-kernel.s: lib/pagecore.s configured for the paging workloads (forkwait.s,
; pagefault.s, syscall.s): quiet (KLOG 0: the console shows only what the workload prints, and
; any kill), one boot process (program 0 of the guest's table), a pool big enough that nothing
; is ever reclaimed. The guest supplies `programs`, NPROGS and `image_end`.
;
; Memory: the machine needs SZ >= POOL_END = 0xD800 words (0x4800, then 4 swap slots and 32
; frames of 1024 words); shadow-paging VMMs want memsize a multiple of 1024.
        .equ QUANTUM, 10000
        .equ NPROC, 4
        .equ POOL_FRAMES, 32
        .equ SWAP_SLOTS, 4
        .equ KLOG, 0
        .include "pagecore.s"
        .include "readnum.s"
kernel_banner:
        .string "workload"
boot_list:
        .word 0
        .equ NBOOT, 1
