"""Unit tests of tcbor and mkvs: run with `python3 -B -m unittest discover -s <this dir>`."""

import unittest

import mkvs
import tcbor
from tcbor import CborError, decode, encode


class Encode(unittest.TestCase):
    def test_edge_integers(self):
        cases = {
            0: '00', 23: '17', 24: '1818', 255: '18ff', 256: '190100', 65535: '19ffff',
            65536: '1a00010000', 2**32 - 1: '1affffffff', 2**32: '1b0000000100000000',
            2**64 - 1: '1bffffffffffffffff', -1: '20', -24: '37', -25: '3818', -256: '38ff',
            -257: '390100', -2**64: '3bffffffffffffffff',
        }
        for v, want in cases.items():
            self.assertEqual(encode(v).hex(), want, v)
            self.assertEqual(decode(bytes.fromhex(want)), v)
        for v in (2**64, -2**64 - 1):
            self.assertRaises(CborError, encode, v)

    def test_simple_and_strings(self):
        self.assertEqual(encode([True, False, None, b'', '', b'\x01', 'é']).hex(), '87f5f4f64060410162c3a9')

    def test_key_order_length_first_then_bytewise(self):
        m = {'bb': 1, 'a': 2, 'c': 3, 'aaa': 4, 10: 5, -1: 6, b'z': 7}
        got = encode(m)
        self.assertEqual(got.hex(), 'a7' + '0a05' + '2006' + '417a07' + '616102' + '616303' + '62626201' + '6361616104')
        self.assertEqual(decode(got), m)

    def test_refuses_unsupported_values(self):
        for v in (1.5, {(1,): 2}, {True: 1}, object()):
            self.assertRaises(CborError, encode, v)


class StrictDecode(unittest.TestCase):
    def refuse(self, hexstr):
        self.assertRaises(CborError, decode, bytes.fromhex(hexstr))

    def test_non_shortest_heads(self):
        for h in ('1817', '190017', '1a000000ff', '1b00000000ffffffff', '3817', '5801ff', '780161', '9800', 'b800'):
            self.refuse(h)

    def test_indefinite_tags_floats_simple(self):
        for h in ('9fff', '5fff', '7fff', 'bfff', 'c100', 'd818ff', 'f93c00', 'fa3f800000', 'f7', 'f0', 'f820', 'fc'):
            self.refuse(h)

    def test_maps_unsorted_or_duplicate(self):
        self.refuse('a2616201616101')   # "b" before "a"
        self.refuse('a2626161016162')   # longer key first
        self.refuse('a2616101616102')   # duplicate
        self.refuse('a18001')           # array key

    def test_truncated_trailing_bounds(self):
        for h in ('', '18', '6261', '8201', 'a101', '0000', 'f5f5'):
            self.refuse(h)
        self.refuse('62c328')           # invalid UTF-8
        self.refuse('9bffffffffffffffff')  # length beyond the input
        self.assertRaises(CborError, decode, b'\x81' * 65 + b'\x00')
        self.assertEqual(decode(b'\x81' * 63 + b'\x00', max_depth=64), eval('[' * 63 + '0' + ']' * 63))
        self.assertRaises(CborError, decode, b'\x00' * 10, max_size=5)
        self.assertRaises(CborError, decode, bytes.fromhex('83000000'), max_items=3)
        self.assertRaises(CborError, decode, 'text')


class Roots(unittest.TestCase):
    def test_known_roots(self):
        self.assertEqual(mkvs.root_hash({}), mkvs.EMPTY_HASH)
        self.assertEqual(mkvs.EMPTY_HASH.hex()[:8], 'c672b8d1')
        self.assertEqual(mkvs.root_hash({b'foo': b'bar'}).hex()[:8], 'db67c057')
        self.assertEqual(mkvs.root_hash({b'foo': b'bar', b'moo': b'foo'}).hex()[:8], 'e627581d')
        items = {f'key {i}'.encode(): f'value {i}'.encode() for i in range(1000)}
        self.assertEqual(mkvs.root_hash(items).hex()[:8], '2187c556')

    def test_leaf_vector(self):
        self.assertEqual(mkvs.leaf_hash(b'a golden key', b'value').hex()[:8], '5c05183d')


if __name__ == '__main__':
    unittest.main()
