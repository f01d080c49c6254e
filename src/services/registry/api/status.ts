/** Node status (spec/oasis.md §6 NodeStatus): freezing, election eligibility, per-runtime faults. */
import { array, bool, bytes32, type Infer, struct, u8, u64 } from '../../../common/index.js';
import { MAX_NODE_RUNTIMES } from './methods.js';

/** Liveness faults of a node for one runtime. */
export const faultCodec = struct({ runtime_id: bytes32, failures: u8, suspended_until: u64 }, 'Fault');
/** Liveness faults of a node for one runtime. */
export type Fault = Infer<typeof faultCodec>;

/** The status the registry keeps beside each node descriptor. */
export const nodeStatusCodec = struct(
  {
    /** Whether the expiry of the current registration has been seen by the epoch hook. */
    expiration_processed: bool,
    /** Frozen (not electable) while > 0; `UnfreezeNode` is allowed once epoch ≥ this. */
    freeze_end_time: u64,
    /** Elections at epochs after this one may pick the node. */
    election_eligible_after: u64,
    /** Faults per runtime, sorted by runtime id. */
    faults: array(faultCodec, MAX_NODE_RUNTIMES),
  },
  'NodeStatus',
);
/** The status the registry keeps beside each node descriptor. */
export type NodeStatus = Infer<typeof nodeStatusCodec>;
