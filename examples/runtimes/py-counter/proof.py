"""Verification of MKVS proofs (spec/oasis.md §1.10) and lookups in what they prove.

A proof lists the included part of a tree in pre-order: `None` for a nil subtree, 0x01 ‖ compact
node for an included node, 0x02 ‖ hash for a summarized subtree. After an included internal node
come its children: [left, right] in v0 (the leaf slot is inline in the node), [leaf, left, right]
in v1. The rebuilt tree must use every entry and hash to the trusted root; a lookup that would
need a summarized subtree is refused, so a value returned here is proven.
"""

from mkvs import EMPTY_HASH, h, leaf_hash

MAX_DEPTH = 128
NIL = ('nil', EMPTY_HASH)


class ProofError(ValueError):
    """The proof is malformed, does not match the trusted root, or does not cover the key."""


def _read_leaf(b, pos):
    if pos + 3 > len(b) or b[pos] != 0:
        raise ProofError('bad leaf encoding')
    klen = int.from_bytes(b[pos + 1:pos + 3], 'little')
    kend = pos + 3 + klen
    if kend + 4 > len(b):
        raise ProofError('truncated leaf')
    vlen = int.from_bytes(b[kend:kend + 4], 'little')
    vend = kend + 4 + vlen
    if vend > len(b):
        raise ProofError('truncated leaf value')
    key, value = bytes(b[pos + 3:kend]), bytes(b[kend + 4:vend])
    return ('leaf', leaf_hash(key, value), key, value), vend


def _read_node(b, version):
    """(node, needs_children) from a compact node encoding (without the entry type byte)."""
    if not b:
        raise ProofError('empty node entry')
    if b[0] == 0:
        node, end = _read_leaf(b, 0)
        if end != len(b):
            raise ProofError('trailing bytes after a leaf')
        return node, False
    if b[0] != 1 or len(b) < 3:
        raise ProofError('bad node type')
    bits = int.from_bytes(b[1:3], 'little')
    lend = 3 + (bits + 7) // 8
    if lend + 1 > len(b):
        raise ProofError('truncated internal node')
    label = bytes(b[3:lend])
    if b[lend] == 2:
        slot, end = NIL, lend + 1
    elif version == 0:
        slot, end = _read_leaf(b, lend)
    else:
        raise ProofError('v1 internal nodes carry no inline leaf')
    if end != len(b):
        raise ProofError('trailing bytes after an internal node')
    return ('internal', None, bits, label, slot), True


class _Entries:
    def __init__(self, entries, version):
        self.entries = entries
        self.version = version
        self.i = 0

    def next(self, depth):
        if depth > MAX_DEPTH:
            raise ProofError('proof nests too deeply')
        if self.i >= len(self.entries):
            raise ProofError('proof ends early')
        e = self.entries[self.i]
        self.i += 1
        if e is None:
            return NIL
        if not isinstance(e, bytes) or not e:
            raise ProofError('bad proof entry')
        if e[0] == 2:
            if len(e) != 33:
                raise ProofError('hash entry is not 32 bytes')
            return ('hash', bytes(e[1:]))
        if e[0] != 1:
            raise ProofError(f'unknown proof entry type {e[0]}')
        node, internal = _read_node(memoryview(e)[1:], self.version)
        if not internal:
            return node
        _, _, bits, label, slot = node
        if self.version == 1:
            slot = self.next(depth + 1)
        left = self.next(depth + 1)
        right = self.next(depth + 1)
        digest = h(b'\x01', bits.to_bytes(2, 'little'), label, slot[1], left[1], right[1])
        return ('internal', digest, bits, label, slot, left, right)


def verify(proof, trusted_root):
    """The tree a ProofResponse's proof proves for `trusted_root`; raises ProofError."""
    if not isinstance(proof, dict) or not set(proof) <= {'v', 'untrusted_root', 'entries'}:
        raise ProofError('proof is not a map of v, untrusted_root, entries')
    version = proof.get('v', 0)
    if version not in (0, 1) or isinstance(version, bool):
        raise ProofError(f'unsupported proof version {version!r}')
    if proof.get('untrusted_root') != trusted_root:
        raise ProofError('proof is for another root')
    entries = proof.get('entries')
    if not isinstance(entries, list) or not entries:
        raise ProofError('proof has no entries')
    r = _Entries(entries, version)
    root = r.next(0)
    if r.i != len(entries):
        raise ProofError('proof has unused entries')
    if root[1] != trusted_root:
        raise ProofError('proof does not hash to the trusted root')
    return root


def _bit(key, i):
    return (key[i >> 3] >> (7 - (i & 7))) & 1


def lookup(node, key):
    """The value of `key` in a verified tree, or None when the proof shows it absent."""
    depth = 0
    while True:
        kind = node[0]
        if kind == 'nil':
            return None
        if kind == 'hash':
            raise ProofError('the proof does not cover the key')
        if kind == 'leaf':
            return node[3] if node[2] == key else None
        end = depth + node[2]
        if 8 * len(key) < end:
            return None
        if 8 * len(key) == end:
            node = node[4]
            if node[0] == 'leaf' and node[2] != key:
                return None
            continue
        node, depth = (node[6] if _bit(key, end) else node[5]), end
