// The seccomp program (RT-2): its structure is one the kernel accepts, and evaluating it the way
// the kernel does gives the intended verdict for every syscall it names on both architectures.
// (That the kernel enforces it inside the sandbox is shown in sandbox.test.ts.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assemble,
  BPF,
  BPF_MAXINSNS,
  CLONE_NAMESPACE_MASK,
  decodeProgram,
  ENOSYS,
  EPERM,
  SandboxError,
  SECCOMP_RET,
  SECCOMP_TABLES,
  type SockFilter,
  seccompFilter,
  seccompProgram,
} from '../../../src/runtime/host/index.js';

interface Data {
  arch: number;
  nr: number;
  arg0?: number;
}

/** A classic-BPF interpreter for the opcodes the filter uses, reading a seccomp_data. */
function run(prog: readonly SockFilter[], d: Data): number {
  const word = (off: number): number => {
    if (off === 0) return d.nr >>> 0;
    if (off === 4) return d.arch >>> 0;
    if (off === 16) return (d.arg0 ?? 0) >>> 0;
    if (off === 20) return 0;
    throw new Error(`unexpected load at ${off}`);
  };
  let a = 0;
  for (let pc = 0; pc < prog.length; pc++) {
    const f = prog[pc] as SockFilter;
    switch (f.code) {
      case BPF.LD_W_ABS:
        a = word(f.k);
        break;
      case BPF.JEQ_K:
        pc += a === f.k ? f.jt : f.jf;
        break;
      case BPF.JGE_K:
        pc += a >= f.k ? f.jt : f.jf;
        break;
      case BPF.JSET_K:
        pc += (a & f.k) !== 0 ? f.jt : f.jf;
        break;
      case BPF.JA:
        pc += f.k;
        break;
      case BPF.RET_K:
        return f.k;
      default:
        throw new Error(`unexpected opcode ${f.code}`);
    }
  }
  throw new Error('fell off the end');
}

const ERRNO = (e: number): number => (SECCOMP_RET.ERRNO | e) >>> 0;
const [X86, ARM] = SECCOMP_TABLES as [(typeof SECCOMP_TABLES)[0], (typeof SECCOMP_TABLES)[0]];

test('RT-2 seccomp: the program is short, every jump stays inside it, and every path returns', () => {
  const prog = seccompFilter();
  assert.ok(prog.length > 0 && prog.length <= BPF_MAXINSNS);
  prog.forEach((f, i) => {
    if (f.code === BPF.RET_K) return;
    assert.ok(i + 1 + Math.max(f.jt, f.jf) < prog.length, `jump out of range at ${i}`);
  });
  assert.equal(prog.at(-1)?.code, BPF.RET_K);
  const bytes = seccompProgram();
  assert.equal(bytes.length, prog.length * 8);
  assert.deepEqual(decodeProgram(bytes), prog);
  // Little-endian sock_filter layout: the first instruction loads seccomp_data.arch (offset 4).
  assert.deepEqual([...bytes.subarray(0, 8)], [0x20, 0, 0, 0, 4, 0, 0, 0]);
});

test('RT-2 seccomp: an unknown architecture is killed; x32 syscalls are refused', () => {
  const prog = seccompFilter();
  assert.equal(run(prog, { arch: 0x40000003, nr: 0 }), SECCOMP_RET.KILL_PROCESS);
  assert.equal(run(prog, { arch: X86.arch, nr: 0x40000000 | 39 }), ERRNO(EPERM));
  assert.equal(run(prog, { arch: X86.arch, nr: 39 }), SECCOMP_RET.ALLOW);
});

test('RT-2 seccomp: every named syscall is refused with EPERM on x86_64 and aarch64', () => {
  const prog = seccompFilter();
  for (const t of [X86, ARM]) {
    for (const [name, nr] of Object.entries(t.denied)) {
      assert.equal(run(prog, { arch: t.arch, nr }), ERRNO(EPERM), `${name} on ${t.arch.toString(16)}`);
    }
  }
});

test('RT-2 seccomp: only AF_UNIX sockets; clone without namespace flags; clone3 is ENOSYS', () => {
  const prog = seccompFilter();
  for (const t of [X86, ARM]) {
    for (const nr of [t.socket, t.socketpair]) {
      assert.equal(run(prog, { arch: t.arch, nr, arg0: 1 }), SECCOMP_RET.ALLOW);
      for (const domain of [2, 10, 16, 17, 40])
        assert.equal(run(prog, { arch: t.arch, nr, arg0: domain }), ERRNO(EPERM));
    }
    const threadFlags = 0x3d0f00;
    assert.equal(run(prog, { arch: t.arch, nr: t.clone, arg0: threadFlags }), SECCOMP_RET.ALLOW);
    assert.equal(run(prog, { arch: t.arch, nr: t.clone, arg0: 0x11 }), SECCOMP_RET.ALLOW);
    for (let bit = 0; bit < 32; bit++) {
      const flag = 2 ** bit;
      if ((flag & CLONE_NAMESPACE_MASK) === 0) continue;
      assert.equal(run(prog, { arch: t.arch, nr: t.clone, arg0: threadFlags | flag }), ERRNO(EPERM));
    }
    assert.equal(run(prog, { arch: t.arch, nr: t.clone3 }), ERRNO(ENOSYS));
  }
});

test('RT-2 seccomp: ordinary syscalls are allowed', () => {
  const prog = seccompFilter();
  for (const nr of [0, 1, 2, 3, 9, 39, 42, 59, 60, 231, 257]) {
    assert.equal(run(prog, { arch: X86.arch, nr }), SECCOMP_RET.ALLOW);
  }
  for (const nr of [63, 64, 56, 57, 93, 172, 203, 221, 222]) {
    assert.equal(run(prog, { arch: ARM.arch, nr }), SECCOMP_RET.ALLOW);
  }
});

test('RT-2 seccomp: the assembler refuses jumps it cannot encode, unknown and duplicate labels', () => {
  const ret = { code: BPF.RET_K, k: 0 };
  const far = [
    { code: BPF.JEQ_K, k: 1, jt: 'end' },
    ...Array.from({ length: 300 }, () => ret),
    { label: 'end' },
    ret,
  ];
  const code = SandboxError.SECCOMP;
  assert.throws(
    () => assemble(far),
    (e: unknown) => SandboxError.is(e, 'sandbox', code),
  );
  assert.throws(() => assemble([{ code: BPF.JEQ_K, k: 1, jt: 'nowhere' }, ret]), /unknown BPF label/);
  assert.throws(() => assemble([{ label: 'a' }, { label: 'a' }, ret]), /duplicate BPF label/);
  assert.throws(
    () => assemble([{ label: 'back' }, ret, { code: BPF.JEQ_K, k: 1, jt: 'back' }]),
    /out of range/,
  );
  assert.throws(() => assemble(Array.from({ length: BPF_MAXINSNS + 1 }, () => ret)), /instructions/);
  assert.throws(() => decodeProgram(new Uint8Array(7)), /multiple of 8/);
});
