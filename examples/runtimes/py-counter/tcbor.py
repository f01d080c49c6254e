"""Canonical CBOR, the subset the Runtime Host Protocol needs (standard library only).

Values: int (u64 and negative down to -2**64), bytes, str, list, dict (keys int, bytes or str),
bool and None. Encoding is canonical: shortest heads, definite lengths, map keys sorted by their
encoding's length and then bytewise. Decoding is strict, so each value has exactly one accepted
encoding: shortest heads only, no indefinite lengths, tags, floats or other simple values, map
keys strictly ascending (which also rules out duplicates), valid UTF-8 text, nothing after the
item, and bounded size, nesting depth and item count.
"""

MAX_U64 = (1 << 64) - 1
DEFAULT_MAX_SIZE = 16 * 1024 * 1024
DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_ITEMS = 1_000_000


class CborError(ValueError):
    """Input that is not canonical CBOR of the supported subset, or a value that cannot be encoded."""


def _head(major, n):
    if n < 24:
        return bytes([(major << 5) | n])
    for ai, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < (1 << (8 * width)):
            return bytes([(major << 5) | ai]) + n.to_bytes(width, 'big')
    raise CborError('length or integer does not fit in 64 bits')


def _key_order(encoded_key):
    return (len(encoded_key), encoded_key)


def _encode(v, out, depth):
    if depth > DEFAULT_MAX_DEPTH:
        raise CborError('value nests too deeply')
    if v is None:
        out.append(b'\xf6')
    elif v is True:
        out.append(b'\xf5')
    elif v is False:
        out.append(b'\xf4')
    elif isinstance(v, int):
        if v > MAX_U64 or v < -1 - MAX_U64:
            raise CborError(f'integer {v} out of the 64-bit range')
        out.append(_head(0, v) if v >= 0 else _head(1, -1 - v))
    elif isinstance(v, (bytes, bytearray, memoryview)):
        b = bytes(v)
        out.append(_head(2, len(b)))
        out.append(b)
    elif isinstance(v, str):
        b = v.encode('utf-8')
        out.append(_head(3, len(b)))
        out.append(b)
    elif isinstance(v, (list, tuple)):
        out.append(_head(4, len(v)))
        for item in v:
            _encode(item, out, depth + 1)
    elif isinstance(v, dict):
        entries = []
        for k, item in v.items():
            if not isinstance(k, (int, bytes, str)) or isinstance(k, bool):
                raise CborError(f'unsupported map key type {type(k).__name__}')
            entries.append((encode(k), item))
        entries.sort(key=lambda e: _key_order(e[0]))
        out.append(_head(5, len(entries)))
        for ek, item in entries:
            out.append(ek)
            _encode(item, out, depth + 1)
    else:
        raise CborError(f'cannot encode {type(v).__name__}')


def encode(v):
    """The canonical encoding of `v`."""
    out = []
    _encode(v, out, 0)
    return b''.join(out)


class _Reader:
    def __init__(self, data, max_depth, max_items):
        self.b = data
        self.pos = 0
        self.max_depth = max_depth
        self.items_left = max_items

    def take(self, n):
        if n > len(self.b) - self.pos:
            raise CborError(f'truncated: need {n} bytes at offset {self.pos}')
        s = self.b[self.pos:self.pos + n]
        self.pos += n
        return s

    def head(self):
        ib = self.take(1)[0]
        major, ai = ib >> 5, ib & 0x1f
        if ai < 24:
            return major, ai, ai
        if ai > 27:
            raise CborError(f'indefinite length or reserved additional info {ai} at {self.pos - 1}')
        width = 1 << (ai - 24)
        n = int.from_bytes(self.take(width), 'big')
        if n < (24 if width == 1 else 1 << (4 * width)):
            raise CborError(f'non-shortest head at offset {self.pos - 1 - width}')
        return major, ai, n

    def count(self, n):
        # Each item takes at least one byte, so a count beyond the input left is a lie.
        if n > len(self.b) - self.pos:
            raise CborError(f'length {n} exceeds the {len(self.b) - self.pos} bytes left')

    def item(self, depth):
        start = self.pos
        self.items_left -= 1
        if self.items_left < 0:
            raise CborError('too many items')
        major, ai, n = self.head()
        if major == 0:
            return n
        if major == 1:
            return -1 - n
        if major in (2, 3):
            self.count(n)
            s = self.take(n)
            if major == 2:
                return bytes(s)
            try:
                return bytes(s).decode('utf-8', errors='strict')
            except UnicodeDecodeError as e:
                raise CborError(f'invalid UTF-8 text at offset {start}') from e
        if major in (4, 5):
            if depth >= self.max_depth:
                raise CborError(f'nesting deeper than {self.max_depth}')
            self.count(n)
            if major == 4:
                return [self.item(depth + 1) for _ in range(n)]
            return self.map(n, depth)
        if major == 6:
            raise CborError(f'tags are not allowed (offset {start})')
        simple = {20: False, 21: True, 22: None}
        if ai in simple:
            return simple[ai]
        raise CborError(f'float or simple value {ai} is not allowed (offset {start})')

    def map(self, n, depth):
        out = {}
        prev = None
        for _ in range(n):
            kstart = self.pos
            k = self.item(depth + 1)
            if not isinstance(k, (int, bytes, str)) or isinstance(k, bool):
                raise CborError(f'unsupported map key at offset {kstart}')
            ek = bytes(self.b[kstart:self.pos])
            if prev is not None and _key_order(ek) <= _key_order(prev):
                what = 'duplicate' if ek == prev else 'unsorted'
                raise CborError(f'{what} map key at offset {kstart}')
            prev = ek
            out[k] = self.item(depth + 1)
        return out


def decode(data, max_size=DEFAULT_MAX_SIZE, max_depth=DEFAULT_MAX_DEPTH, max_items=DEFAULT_MAX_ITEMS):
    """Decode exactly one canonical item from `data`; raises CborError on anything else."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise CborError('input is not bytes')
    if len(data) > max_size:
        raise CborError(f'input of {len(data)} bytes exceeds {max_size}')
    r = _Reader(memoryview(bytes(data)), max_depth, max_items)
    v = r.item(0)
    if r.pos != len(data):
        raise CborError(f'{len(data) - r.pos} trailing bytes')
    return v
