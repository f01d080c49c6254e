/**
 * The seccomp filter every sandboxed runtime runs under (RT-2). It is a deny-list on top of the
 * namespaces bubblewrap sets up: the namespaces already hide the host, and this filter closes the
 * kernel interfaces that could be used to leave them or to attack the kernel itself.
 *
 * Why each group is refused (EPERM unless noted):
 * - `socket`/`socketpair` for any domain but AF_UNIX: the only way out is the host's unix socket;
 *   an IP, netlink, packet or vsock socket would be a second channel (the net namespace is empty,
 *   but netlink and packet sockets also reach kernel code that has had many bugs).
 * - `ptrace`, `process_vm_readv/writev`: reading or steering another process's memory.
 * - the mount family (`mount`, `umount2`, `pivot_root`, `open_tree`, `move_mount`, `fsopen`,
 *   `fsconfig`, `fsmount`, `fspick`, `mount_setattr`): rearranging the filesystem view bubblewrap
 *   built, e.g. unmounting an overlay to reveal what is under it.
 * - `open_by_handle_at`: opens files by handle, bypassing the mount view (the classic container
 *   escape); refused even though it also needs a capability.
 * - `unshare`, `setns`, and `clone` with any namespace flag (mask 0x7c020000): new namespaces
 *   (above all user namespaces) re-grant capabilities inside and expose much more kernel surface.
 * - `clone3` gets ENOSYS, not EPERM: its flags are in memory a filter cannot read, and ENOSYS makes
 *   libcs fall back to `clone`, whose flags are checked above.
 * - `bpf`, `perf_event_open`, `userfaultfd`: large, bug-prone kernel interfaces that exploits use
 *   (loading programs, reading kernel state, stalling the kernel on page faults).
 * - `kexec_load`, `kexec_file_load`, `init_module`, `finit_module`, `delete_module`: replacing the
 *   kernel or loading code into it.
 * - `keyctl`, `add_key`, `request_key`: the kernel keyring is not namespaced.
 * - `io_uring_setup/enter/register`: io_uring performs operations (including socket and open)
 *   without passing through seccomp, which would make this filter meaningless.
 * - x32 syscalls (x86_64 numbers with bit 30 set) reach the same kernel code through another
 *   table, so they are refused wholesale; an unknown architecture kills the process.
 * Everything else is allowed: the runtime is a normal program and must be able to use threads,
 * files in its view, memory, time and its unix socket.
 */
import { assemble, BPF, encodeProgram, type Insn, type SockFilter } from './bpf.js';
import type { SyscallTable } from './syscalls.js';
import { AARCH64 } from './syscalls-aarch64.js';
import { X86_64 } from './syscalls-x86_64.js';

/** `seccomp_data` offsets: `{ int nr; u32 arch; u64 ip; u64 args[6]; }` (low half of a u64 on LE). */
const OFF_NR = 0;
const OFF_ARCH = 4;
const OFF_ARG0_LO = 16;

/** Filter return values. */
export const SECCOMP_RET = {
  KILL_PROCESS: 0x80000000,
  ERRNO: 0x00050000,
  ALLOW: 0x7fff0000,
} as const;

/** errno values the filter returns. */
export const EPERM = 1;
/** errno for `clone3`. */
export const ENOSYS = 38;
/** `AF_UNIX`, the only socket domain allowed. */
export const AF_UNIX = 1;
/** Every `CLONE_NEW*` flag: NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET. */
export const CLONE_NAMESPACE_MASK = 0x7c020000;

/** The architectures the filter knows; any other is killed. */
export const SECCOMP_TABLES: readonly SyscallTable[] = [X86_64, AARCH64];

const ld = (off: number): Insn => ({ code: BPF.LD_W_ABS, k: off });
const ret = (k: number): Insn => ({ code: BPF.RET_K, k });

/** The checks for one architecture, entered with nothing loaded. */
function archBlock(t: SyscallTable, name: string): Insn[] {
  const out: Insn[] = [{ label: name }, ld(OFF_NR)];
  if (t.x32Bit !== undefined) out.push({ code: BPF.JGE_K, k: t.x32Bit, jt: 'eperm' });
  out.push({ code: BPF.JEQ_K, k: t.socket, jt: 'domain' });
  out.push({ code: BPF.JEQ_K, k: t.socketpair, jt: 'domain' });
  out.push({ code: BPF.JEQ_K, k: t.clone, jt: 'clone' });
  out.push({ code: BPF.JEQ_K, k: t.clone3, jt: 'enosys' });
  for (const nr of Object.values(t.denied)) out.push({ code: BPF.JEQ_K, k: nr, jt: 'eperm' });
  out.push(ret(SECCOMP_RET.ALLOW));
  return out;
}

/** The filter as instructions. */
export function seccompFilter(): SockFilter[] {
  const src: Insn[] = [ld(OFF_ARCH)];
  const names = SECCOMP_TABLES.map((_, i) => `arch${i}`);
  SECCOMP_TABLES.forEach((t, i) => {
    src.push({ code: BPF.JEQ_K, k: t.arch, jt: names[i] });
  });
  src.push(ret(SECCOMP_RET.KILL_PROCESS));
  SECCOMP_TABLES.forEach((t, i) => {
    src.push(...archBlock(t, names[i] as string));
  });
  // Shared tails: the argument checks read seccomp_data the same way on every architecture.
  src.push({ label: 'domain' }, ld(OFF_ARG0_LO), { code: BPF.JEQ_K, k: AF_UNIX, jt: 'allow', jf: 'eperm' });
  src.push({ label: 'clone' }, ld(OFF_ARG0_LO), {
    code: BPF.JSET_K,
    k: CLONE_NAMESPACE_MASK,
    jt: 'eperm',
    jf: 'allow',
  });
  src.push({ label: 'allow' }, ret(SECCOMP_RET.ALLOW));
  src.push({ label: 'eperm' }, ret(SECCOMP_RET.ERRNO | EPERM));
  src.push({ label: 'enosys' }, ret(SECCOMP_RET.ERRNO | ENOSYS));
  return assemble(src);
}

/** The filter as the bytes bubblewrap's `--seccomp FD` reads. */
export function seccompProgram(): Uint8Array {
  return encodeProgram(seccompFilter());
}
