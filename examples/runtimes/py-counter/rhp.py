"""The runtime side of the Runtime Host Protocol (docs/rhp.md, spec/oasis.md §9).

Frames are a u32 big-endian length and one canonical CBOR message of at most 16 MiB; a message
is {id, message_type (1 request, 2 response), body: {Variant: {...}}}. The serve loop answers
each host request with a response of the same id. A well-formed request this runtime cannot
serve (unknown variant, not ready, bad fields) gets an Error body; anything that breaks the
framing or the envelope is a protocol violation and ends the connection.
"""

import tcbor

MAX_FRAME_SIZE = 16 * 1024 * 1024
PROTOCOL_VERSION = {'major': 5}
REQUEST = 1
RESPONSE = 2
MAX_U64 = tcbor.MAX_U64
# Codes of the `rhp` module, the same numbers the TypeScript side uses (RhpError).
MALFORMED_MESSAGE = 3
UNKNOWN_VARIANT = 5
NOT_READY = 13


class ProtocolError(Exception):
    """The peer broke the protocol; the connection must be closed."""


class RequestError(Exception):
    """A request that is answered with an Error body {module, code, message}."""

    def __init__(self, module, code, message):
        super().__init__(f'{module}/{code}: {message}')
        self.body = {'module': module, 'code': code, 'message': message}


def bad_request(message):
    """A request whose fields do not match the schema."""
    return RequestError('rhp', MALFORMED_MESSAGE, message)


def _recv_exact(sock, n):
    chunks = []
    while n > 0:
        c = sock.recv(min(n, 1 << 20))
        if not c:
            break
        chunks.append(c)
        n -= len(c)
    return b''.join(chunks), n == 0


def read_frame(sock):
    """The next frame body, or None at a clean end of stream (between frames)."""
    prefix, ok = _recv_exact(sock, 4)
    if not ok:
        if prefix:
            raise ProtocolError('stream ended inside a length prefix')
        return None
    n = int.from_bytes(prefix, 'big')
    if n > MAX_FRAME_SIZE:
        raise ProtocolError(f'frame length {n} exceeds {MAX_FRAME_SIZE}')
    body, ok = _recv_exact(sock, n)
    if not ok:
        raise ProtocolError('stream ended inside a frame')
    return body


def write_frame(sock, body):
    """Send one frame."""
    if len(body) > MAX_FRAME_SIZE:
        raise ProtocolError(f'outgoing frame of {len(body)} bytes exceeds {MAX_FRAME_SIZE}')
    sock.sendall(len(body).to_bytes(4, 'big') + body)


def is_u64(v):
    """True for a non-bool int in [0, 2**64)."""
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_U64


def decode_message(frame):
    """(id, message_type, variant, value) of a frame body; ProtocolError when malformed."""
    try:
        m = tcbor.decode(frame, max_size=MAX_FRAME_SIZE)
    except tcbor.CborError as e:
        raise ProtocolError(f'bad message: {e}') from e
    if not isinstance(m, dict) or set(m) != {'id', 'message_type', 'body'}:
        raise ProtocolError('message is not a map of id, message_type and body')
    if not is_u64(m['id']) or m['message_type'] not in (REQUEST, RESPONSE):
        raise ProtocolError('bad id or message_type')
    body = m['body']
    if not isinstance(body, dict) or len(body) != 1:
        raise ProtocolError('body is not a map with exactly one variant')
    ((kind, value),) = body.items()
    if not isinstance(kind, str) or not isinstance(value, dict):
        raise ProtocolError('body variant must be a text key holding a map')
    return m['id'], m['message_type'], kind, value


def encode_message(msg_id, message_type, kind, value):
    """Canonical CBOR of a message."""
    return tcbor.encode({'id': msg_id, 'message_type': message_type, 'body': {kind: value}})


def error_body(body):
    """An Error body with its zero fields omitted, as the host's codec requires."""
    return {k: v for k, v in body.items() if v not in ('', 0)}


class Server:
    """Serves host requests with `handlers`: {variant: fn(value) -> (variant, value)}.

    Before the handshake only RuntimeInfoRequest is served. A handler may return a third item
    True to end the loop after its response is sent (shutdown). Handlers may call the host
    (`call`); host requests arriving meanwhile wait in a bounded backlog.
    """

    MAX_BACKLOG = 64

    def __init__(self, sock, handlers, log):
        self.sock = sock
        self.handlers = handlers
        self.log = log
        self.ready = False
        self.backlog = []
        self.next_id = 0

    def call(self, kind, value, response_kind):
        """Send a request to the host and wait for its answer; a host Error raises RequestError."""
        self.next_id += 1
        my_id = self.next_id
        write_frame(self.sock, encode_message(my_id, REQUEST, kind, value))
        while True:
            frame = read_frame(self.sock)
            if frame is None:
                raise ProtocolError(f'stream ended while waiting for {response_kind}')
            msg_id, message_type, got, body = decode_message(frame)
            if message_type == REQUEST:
                if len(self.backlog) >= self.MAX_BACKLOG:
                    raise ProtocolError('too many host requests while waiting for an answer')
                self.backlog.append((msg_id, got, body))
                continue
            if msg_id != my_id:
                raise ProtocolError(f'response to unknown id {msg_id}')
            if got == 'Error':
                message = str(body.get('message', ''))[:256]
                raise RequestError(str(body.get('module', ''))[:64], body.get('code', 0), f'host: {message}')
            if got != response_kind:
                raise ProtocolError(f'{got[:64]} does not answer {kind}')
            return body

    def answer(self, kind, value):
        if not self.ready and kind != 'RuntimeInfoRequest':
            raise RequestError('rhp', NOT_READY, f'{kind} before the handshake')
        handler = self.handlers.get(kind)
        if handler is None:
            raise RequestError('rhp', UNKNOWN_VARIANT, f'unknown request variant {kind[:64]}')
        out = handler(value)
        if kind == 'RuntimeInfoRequest':
            self.ready = True
        return out

    def serve(self):
        """Serve until shutdown or end of stream; raises ProtocolError on a violation."""
        while True:
            if self.backlog:
                msg_id, kind, value = self.backlog.pop(0)
                message_type = REQUEST
            else:
                frame = read_frame(self.sock)
                if frame is None:
                    return
                msg_id, message_type, kind, value = decode_message(frame)
            if message_type != REQUEST:
                raise ProtocolError(f'response {kind[:64]} to id {msg_id}: this runtime sends no requests')
            stop = False
            try:
                res = self.answer(kind, value)
                res_kind, res_value, stop = res if len(res) == 3 else (*res, False)
            except RequestError as e:
                res_kind, res_value = 'Error', error_body(e.body)
            except (ProtocolError, OSError):
                raise
            except Exception as e:  # a bug must not take the runtime down with a traceback
                self.log(f'internal error serving {kind}: {e!r}')
                res_kind, res_value = 'Error', error_body({'module': 'rhp', 'code': 0, 'message': 'internal error'})
            write_frame(self.sock, encode_message(msg_id, RESPONSE, res_kind, res_value))
            if stop:
                return
