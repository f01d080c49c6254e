/** The shape of a per-architecture syscall table (one file per architecture). */

/** Syscalls refused outright with EPERM, by name; the groups and reasons are in `seccomp.ts`. */
export type DeniedSyscall =
  | 'ptrace'
  | 'mount'
  | 'umount2'
  | 'pivot_root'
  | 'open_tree'
  | 'move_mount'
  | 'fsopen'
  | 'fsconfig'
  | 'fsmount'
  | 'fspick'
  | 'mount_setattr'
  | 'open_by_handle_at'
  | 'bpf'
  | 'kexec_load'
  | 'kexec_file_load'
  | 'init_module'
  | 'finit_module'
  | 'delete_module'
  | 'keyctl'
  | 'add_key'
  | 'request_key'
  | 'userfaultfd'
  | 'perf_event_open'
  | 'process_vm_readv'
  | 'process_vm_writev'
  | 'unshare'
  | 'setns'
  | 'io_uring_setup'
  | 'io_uring_enter'
  | 'io_uring_register';

/** Syscall numbers of one architecture, plus its audit arch value. */
export interface SyscallTable {
  /** `AUDIT_ARCH_*` value seccomp reports in `seccomp_data.arch`. */
  readonly arch: number;
  /** Bit marking a second ABI sharing this arch value (x32 on x86_64), refused wholesale. */
  readonly x32Bit: number | undefined;
  readonly socket: number;
  readonly socketpair: number;
  readonly clone: number;
  readonly clone3: number;
  readonly denied: Readonly<Record<DeniedSyscall, number>>;
}
