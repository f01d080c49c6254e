"""MKVS root hashes (spec/oasis.md §1) computed directly from a key set.

The tree is a canonical path-compressed binary trie, so its root depends only on the final
key/value set: this module builds no nodes, it hashes the shape the sorted keys imply. A subtree
entered at bit depth d with one key is that key's leaf; with more, it is an internal node whose
label is the keys' common bits from d, whose leaf slot holds the key ending exactly there, and
whose children split the rest by their next bit (the child's label starts with that bit).
"""

import hashlib

EMPTY_HASH = hashlib.new('sha512_256', b'').digest()
MAX_KEY_BYTES = 8191


def h(*parts):
    """SHA-512/256 of the concatenated parts."""
    d = hashlib.new('sha512_256')
    for p in parts:
        d.update(p)
    return d.digest()


def leaf_hash(key, value):
    """Hash of a leaf: 00 ‖ u32le(len key) ‖ key ‖ u32le(len value) ‖ value."""
    return h(b'\x00', len(key).to_bytes(4, 'little'), key, len(value).to_bytes(4, 'little'), value)


def _bit(key, i):
    return (key[i >> 3] >> (7 - (i & 7))) & 1


def _common_bits(a, b):
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    if i == n:
        return 8 * n
    x = a[i] ^ b[i]
    return 8 * i + (8 - x.bit_length())


def _label(key, start, end):
    """Bits [start, end) of `key`, shifted to bit 0, tail bits zero (spec §1.2 split)."""
    nbits = end - start
    if nbits == 0:
        return b''
    as_int = int.from_bytes(key, 'big') >> (8 * len(key) - end)
    as_int &= (1 << nbits) - 1
    nbytes = (nbits + 7) // 8
    return (as_int << (8 * nbytes - nbits)).to_bytes(nbytes, 'big')


def _subtree(items, depth):
    if not items:
        return EMPTY_HASH
    if len(items) == 1:
        return leaf_hash(*items[0])
    common = min(_common_bits(items[i][0], items[i + 1][0]) for i in range(len(items) - 1))
    rest = items
    slot = EMPTY_HASH
    if 8 * len(items[0][0]) == common:
        slot = leaf_hash(*items[0])
        rest = items[1:]
    left = [kv for kv in rest if _bit(kv[0], common) == 0]
    right = [kv for kv in rest if _bit(kv[0], common) == 1]
    bits = common - depth
    return h(b'\x01', bits.to_bytes(2, 'little'), _label(items[0][0], depth, common), slot,
             _subtree(left, common), _subtree(right, common))


def root_hash(kv):
    """Root hash of the tree holding exactly the entries of dict `kv` (bytes → bytes)."""
    for k in kv:
        if len(k) > MAX_KEY_BYTES:
            raise ValueError(f'key of {len(k)} bytes exceeds {MAX_KEY_BYTES}')
    return _subtree(sorted(kv.items()), 0)
