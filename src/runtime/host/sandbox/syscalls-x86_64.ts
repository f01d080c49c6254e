/**
 * x86_64 syscall numbers the seccomp filter names (from the kernel's
 * `arch/x86/entry/syscalls/syscall_64.tbl`, 64-bit ABI). Only the ones the filter uses.
 */
import type { SyscallTable } from './syscalls.js';

/** `AUDIT_ARCH_X86_64`: EM_X86_64 (62) | 64-bit | little-endian. */
export const AUDIT_ARCH_X86_64 = 0xc000003e;

/** Syscall numbers on x86_64. */
export const X86_64: SyscallTable = {
  arch: AUDIT_ARCH_X86_64,
  // x32 syscalls are x86_64 numbers with this bit set; they reach the same kernel code through a
  // second table, so a filter that only lists 64-bit numbers must refuse them wholesale.
  x32Bit: 0x40000000,
  socket: 41,
  socketpair: 53,
  clone: 56,
  clone3: 435,
  denied: {
    ptrace: 101,
    mount: 165,
    umount2: 166,
    pivot_root: 155,
    open_tree: 428,
    move_mount: 429,
    fsopen: 430,
    fsconfig: 431,
    fsmount: 432,
    fspick: 433,
    mount_setattr: 442,
    open_by_handle_at: 304,
    bpf: 321,
    kexec_load: 246,
    kexec_file_load: 320,
    init_module: 175,
    finit_module: 313,
    delete_module: 176,
    keyctl: 250,
    add_key: 248,
    request_key: 249,
    userfaultfd: 323,
    perf_event_open: 298,
    process_vm_readv: 310,
    process_vm_writev: 311,
    unshare: 272,
    setns: 308,
    io_uring_setup: 425,
    io_uring_enter: 426,
    io_uring_register: 427,
  },
};
