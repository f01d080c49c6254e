"""The counter's state machine: transactions {"add": n}, one state key `counter` (u64 BE).

Executing a batch yields the ComputedBatch of spec/oasis.md §3.2: the results header (round + 1,
hash of the parent header, IO and state roots, empty-list message hashes) and both write logs.
The runtime remembers the counter behind every state root it produced (plus the empty tree).
For any other root (after a restart, or a state another node computed) it asks the host for the
key with HostStorageSyncRequest SyncGet and uses the answer only if the proof verifies against
the root in the block header; otherwise it refuses with "state unavailable" rather than guess.
"""

from collections import OrderedDict

import mkvs
import proof
import tcbor
from rhp import RequestError, bad_request, is_u64

MODULE = 'py-counter'
COUNTER_KEY = b'counter'
# Error codes of this runtime (module py-counter).
MALFORMED_TX = 1
STATE_UNAVAILABLE = 2
UNKNOWN_METHOD = 3
KNOWN_ROOTS = 1024
HEADER_FIELDS = {
    'version': 0xffff, 'round': tcbor.MAX_U64, 'timestamp': tcbor.MAX_U64, 'header_type': 0xff,
    'namespace': 32, 'previous_hash': 32, 'io_root': 32, 'state_root': 32, 'messages_hash': 32,
    'in_msgs_hash': 32,
}
INPUT_KIND, OUTPUT_KIND = b'\x01', b'\x02'


def check_header(header):
    """A runtime block header with exactly its ten fields of the right types."""
    if not isinstance(header, dict) or set(header) != set(HEADER_FIELDS):
        raise bad_request('block header must have exactly the ten header fields')
    for name, bound in HEADER_FIELDS.items():
        v = header[name]
        ok = isinstance(v, bytes) and len(v) == bound if bound == 32 else is_u64(v) and v <= bound
        if not ok:
            raise bad_request(f'block header field {name} has the wrong type')
    return header


def parse_tx(raw):
    """The amount of a well-formed transaction, else None."""
    try:
        tx = tcbor.decode(raw, max_size=64, max_depth=2, max_items=4)
    except tcbor.CborError:
        return None
    if isinstance(tx, dict) and set(tx) == {'add'} and is_u64(tx['add']):
        return tx['add']
    return None


def inputs_of(req):
    """The request's inputs (absent means none), each a byte string."""
    inputs = req.get('inputs', [])
    if not isinstance(inputs, list) or not all(isinstance(i, bytes) for i in inputs):
        raise bad_request('inputs must be a list of byte strings')
    return inputs


class Counter:
    """Counter state keyed by state root."""

    def __init__(self, sync_get):
        self.known = OrderedDict({mkvs.EMPTY_HASH: None})
        self.sync_get = sync_get

    def fetch(self, header):
        """The counter in the state of `header`, read from the host and checked by its proof."""
        root = header['state_root']
        tree = {'root': {'ns': header['namespace'], 'version': header['round'], 'root_type': 1, 'hash': root}}
        tree['position'] = root
        try:
            res = self.sync_get({'endpoint': 0, 'SyncGet': {'tree': tree, 'key': COUNTER_KEY}})
            if not isinstance(res, dict) or set(res) != {'proof'}:
                raise proof.ProofError('answer is not a ProofResponse')
            value = proof.lookup(proof.verify(res['proof'], root), COUNTER_KEY)
        except (RequestError, proof.ProofError) as e:
            raise RequestError(MODULE, STATE_UNAVAILABLE, f'state root {root.hex()}: {e}') from e
        if value is not None and len(value) != 8:
            raise RequestError(MODULE, STATE_UNAVAILABLE, f'state root {root.hex()}: counter is not a u64')
        return None if value is None else int.from_bytes(value, 'big')

    def value_at(self, header):
        """The counter (None if the key is absent) in the state of this block header."""
        root = header['state_root']
        if root not in self.known:
            self.remember(root, self.fetch(header))
        self.known.move_to_end(root)
        return self.known[root]

    def remember(self, state_root, value):
        self.known[state_root] = value
        self.known.move_to_end(state_root)
        while len(self.known) > KNOWN_ROOTS:
            self.known.popitem(last=False)

    def check(self, req):
        """Results of RuntimeCheckTxBatchRequest: accept every well-formed transaction."""
        check_header(req.get('block', {}).get('header') if isinstance(req.get('block'), dict) else None)
        ok = {'error': {}}
        bad = {'error': {'module': MODULE, 'code': MALFORMED_TX, 'message': 'malformed transaction'}}
        return {'results': [ok if parse_tx(i) is not None else bad for i in inputs_of(req)]}

    def query(self, req):
        """RuntimeQueryRequest: method `counter` returns the CBOR counter (0 when unset)."""
        header = check_header(req.get('header'))
        if req.get('method') != 'counter':
            raise RequestError(MODULE, UNKNOWN_METHOD, f'unknown query method {str(req.get("method"))[:64]}')
        return {'data': tcbor.encode(self.value_at(header) or 0)}

    def execute(self, req):
        """RuntimeExecuteTxBatchResponse for a batch on top of the request's block."""
        block = req.get('block')
        header = check_header(block.get('header') if isinstance(block, dict) else None)
        if header['round'] == tcbor.MAX_U64:
            raise bad_request('block round is at its maximum')
        before = self.value_at(header)
        value = before or 0
        io, included, rejected, seen = {}, [], [], set()
        for raw in inputs_of(req):
            th = mkvs.h(raw)
            n = parse_tx(raw)
            if n is None or th in seen or value + n > tcbor.MAX_U64:
                rejected.append(th)
                continue
            value += n
            io[b'T' + th + INPUT_KIND] = tcbor.encode([raw, len(included)])
            io[b'T' + th + OUTPUT_KIND] = tcbor.encode([tcbor.encode(value)])
            included.append(th)
            seen.add(th)
        written = before is not None or included
        state = {COUNTER_KEY: value.to_bytes(8, 'big')} if written else {}
        state_root = mkvs.root_hash(state)
        self.remember(state_root, value if written else None)
        results = {
            'round': header['round'] + 1,
            'previous_hash': mkvs.h(tcbor.encode(header)),
            'io_root': mkvs.root_hash(io),
            'state_root': state_root,
            'messages_hash': mkvs.EMPTY_HASH,
            'in_msgs_hash': mkvs.EMPTY_HASH,
        }
        batch = {
            'header': results,
            'io_write_log': [[k, io[k]] for k in sorted(io)],
            'state_write_log': [[COUNTER_KEY, state[COUNTER_KEY]]] if included else [],
        }
        out = {'batch': batch}
        if included:
            out['tx_hashes'] = included
        if rejected:
            out['tx_reject_hashes'] = rejected
        return out
