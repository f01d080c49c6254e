/**
 * aarch64 syscall numbers the seccomp filter names (the kernel's generic table,
 * `include/uapi/asm-generic/unistd.h`). Only the ones the filter uses.
 */
import type { SyscallTable } from './syscalls.js';

/** `AUDIT_ARCH_AARCH64`: EM_AARCH64 (183) | 64-bit | little-endian. */
export const AUDIT_ARCH_AARCH64 = 0xc00000b7;

/** Syscall numbers on aarch64. */
export const AARCH64: SyscallTable = {
  arch: AUDIT_ARCH_AARCH64,
  x32Bit: undefined,
  socket: 198,
  socketpair: 199,
  clone: 220,
  clone3: 435,
  denied: {
    ptrace: 117,
    mount: 40,
    umount2: 39,
    pivot_root: 41,
    open_tree: 428,
    move_mount: 429,
    fsopen: 430,
    fsconfig: 431,
    fsmount: 432,
    fspick: 433,
    mount_setattr: 442,
    open_by_handle_at: 265,
    bpf: 280,
    kexec_load: 104,
    kexec_file_load: 294,
    init_module: 105,
    finit_module: 273,
    delete_module: 106,
    keyctl: 219,
    add_key: 217,
    request_key: 218,
    userfaultfd: 282,
    perf_event_open: 241,
    process_vm_readv: 270,
    process_vm_writev: 271,
    unshare: 97,
    setns: 268,
    io_uring_setup: 425,
    io_uring_enter: 426,
    io_uring_register: 427,
  },
};
