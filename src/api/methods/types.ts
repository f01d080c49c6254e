/** The shape of an API method: a params schema and a handler over the backend. */
import type { z } from 'zod';
import type { NodeBackend } from '../backend.js';
import type { Json } from '../json-codec.js';
import type { ApiLimits, WaiterGate } from '../limits.js';

/** What every method handler may use. */
export interface MethodContext {
  backend: NodeBackend;
  limits: ApiLimits;
  waiters: WaiterGate;
}

/** One JSON-RPC method. */
export interface MethodDef {
  readonly params: z.ZodType;
  run(ctx: MethodContext, params: unknown): Promise<Json>;
}

/** Define a method with params typed by its schema. */
export function defineMethod<S extends z.ZodType>(
  params: S,
  run: (ctx: MethodContext, params: z.output<S>) => Promise<Json>,
): MethodDef {
  return { params, run: (ctx, p) => run(ctx, p as z.output<S>) };
}
