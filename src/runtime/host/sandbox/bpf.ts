/**
 * A tiny assembler for classic BPF (the language seccomp filters are written in). Jumps name
 * labels; {@link assemble} resolves them to the forward offsets the kernel wants and refuses any
 * program the kernel would refuse (a jump backwards or too far, too many instructions).
 */
import { SandboxError } from './errors.js';

/** Opcodes used by the seccomp filter (`BPF_CLASS | BPF_SIZE/OP | BPF_MODE/SRC`). */
export const BPF = {
  /** `A = *(u32 *)(data + k)` */
  LD_W_ABS: 0x20,
  /** `if (A == k) jt else jf` */
  JEQ_K: 0x15,
  /** `if (A >= k) jt else jf` (unsigned) */
  JGE_K: 0x35,
  /** `if (A & k) jt else jf` */
  JSET_K: 0x45,
  /** `pc += k` */
  JA: 0x05,
  /** `return k` */
  RET_K: 0x06,
} as const;

/** Largest program the kernel accepts (BPF_MAXINSNS). */
export const BPF_MAXINSNS = 4096;

/** One resolved instruction: `struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }`. */
export interface SockFilter {
  readonly code: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}

/** An instruction before assembly; `jt`/`jf` (or `k` of `JA`) may be labels. */
export type Insn =
  | { readonly label: string }
  | {
      readonly code: number;
      readonly k: number;
      readonly jt?: string;
      readonly jf?: string;
      readonly to?: string;
    };

/** Forward distance from the instruction after `at` to `label`; throws if the kernel can't encode it. */
function offset(labels: Map<string, number>, at: number, label: string | undefined, max: number): number {
  if (label === undefined) return 0;
  const target = labels.get(label);
  if (target === undefined) throw new SandboxError(SandboxError.SECCOMP, `unknown BPF label ${label}`);
  const off = target - (at + 1);
  if (off < 0 || off > max)
    throw new SandboxError(SandboxError.SECCOMP, `BPF jump to ${label} out of range (${off})`);
  return off;
}

/** Resolves labels into a list of instructions. */
export function assemble(src: readonly Insn[]): SockFilter[] {
  const labels = new Map<string, number>();
  let n = 0;
  for (const i of src) {
    if ('label' in i) {
      if (labels.has(i.label)) throw new SandboxError(SandboxError.SECCOMP, `duplicate BPF label ${i.label}`);
      labels.set(i.label, n);
    } else n++;
  }
  if (n > BPF_MAXINSNS) throw new SandboxError(SandboxError.SECCOMP, `BPF program has ${n} instructions`);
  const out: SockFilter[] = [];
  for (const i of src) {
    if ('label' in i) continue;
    const at = out.length;
    const k = i.to === undefined ? i.k : offset(labels, at, i.to, 0xffffffff);
    out.push({
      code: i.code,
      jt: offset(labels, at, i.jt, 255),
      jf: offset(labels, at, i.jf, 255),
      k: k >>> 0,
    });
  }
  return out;
}

/** The little-endian bytes bubblewrap's `--seccomp FD` reads (8 bytes per instruction). */
export function encodeProgram(prog: readonly SockFilter[]): Uint8Array {
  const out = new Uint8Array(prog.length * 8);
  const dv = new DataView(out.buffer);
  prog.forEach((f, i) => {
    dv.setUint16(i * 8, f.code, true);
    dv.setUint8(i * 8 + 2, f.jt);
    dv.setUint8(i * 8 + 3, f.jf);
    dv.setUint32(i * 8 + 4, f.k, true);
  });
  return out;
}

/** Parses bytes produced by {@link encodeProgram} (for tests and inspection). */
export function decodeProgram(bytes: Uint8Array): SockFilter[] {
  if (bytes.length % 8 !== 0)
    throw new SandboxError(SandboxError.SECCOMP, 'BPF program length is not a multiple of 8');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: SockFilter[] = [];
  for (let o = 0; o < bytes.length; o += 8) {
    out.push({
      code: dv.getUint16(o, true),
      jt: dv.getUint8(o + 2),
      jf: dv.getUint8(o + 3),
      k: dv.getUint32(o + 4, true),
    });
  }
  return out;
}
