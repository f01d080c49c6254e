/**
 * Receipts `{status, module, code, gas_used, events}`: status 0 ok, 1 failed (module and code say
 * why; a failed transaction keeps only its fee and nonce bump). A transaction skipped by a domain
 * gets no receipt there.
 */
import { array, type Codec, encodeWith, raw, struct, text, u8, u32, u64 } from '../../common/index.js';
import type { ServiceEvent } from '../service.js';

/** Receipt status codes. */
export const ReceiptStatus = { Ok: 0, Failed: 1 } as const;

/** Most events one transaction may emit. */
export const MAX_TX_EVENTS = 256;

/** A transaction's outcome in the domain that executed it. */
export interface Receipt {
  status: number;
  module: string;
  code: number;
  gas_used: bigint;
  events: ServiceEvent[];
}

/** Codec of an event. */
export const eventCodec: Codec<ServiceEvent> = struct(
  { module: text(64), kind: text(64), value: raw },
  'Event',
) as Codec<ServiceEvent>;

/** Codec of a receipt. */
export const receiptCodec: Codec<Receipt> = struct(
  {
    status: u8,
    module: text(64),
    code: u32,
    gas_used: u64,
    events: array(eventCodec, MAX_TX_EVENTS),
  },
  'Receipt',
) as Codec<Receipt>;

/** Canonical bytes of a receipt (the receipts root commits to these). */
export function encodeReceipt(r: Receipt): Uint8Array {
  return encodeWith(receiptCodec, r);
}
