#!/usr/bin/env python3
"""py-counter: a Tandem runtime in Python 3 with only the standard library.

It connects to the host's unix socket (TANDEM_HOST_SOCKET) and serves the Runtime Host Protocol.
The bundle's checksum covers only this file, so the modules beside it are loaded from bytes
whose SHA-512/256 must equal the values pinned in MODULES (written by
scripts/build-py-bundle.js): the manifest's checksum thereby covers the whole runtime.

Exit status: 0 after a shutdown request or when the host closes the stream; 2 when the host
breaks the protocol; 3 when a module does not match its pinned hash or the socket is unusable.
"""

import hashlib
import os
import socket
import sys
import types

RUNTIME_VERSION = {'major': 1, 'minor': 0, 'patch': 2}
# BEGIN MODULES (generated)
MODULES = {
    'tcbor': '2de442504ade5cee99b864542f4187c53e176d701983a4827cada14fcecc691a',
    'mkvs': '6f5fdb781a13297e7adb69f9a9319f4c5fa3d96e06d31ce5c6c1608adc3d5d94',
    'proof': 'd7e3ff016f16a5f44599f8ab33678286e628a6844d8901091048d16c9524e9e8',
    'rhp': 'ed091976bfe9f99faf29e85af992ac799105799aadd8a273a39b2d89a9960abd',
    'counter': '212713a4e93f35bfeffd16f9c6861da704dd181bcf55737f0015cd25ecdc5203',
}
# END MODULES
HERE = os.path.dirname(os.path.abspath(__file__))


def log(msg):
    print(f'py-counter: {msg}', file=sys.stderr, flush=True)


def load_verified(name):
    """Import `name`.py from this directory, refusing bytes that differ from the pinned hash."""
    path = os.path.join(HERE, name + '.py')
    with open(path, 'rb') as f:
        src = f.read()
    got = hashlib.new('sha512_256', src).hexdigest()
    if got != MODULES.get(name):
        log(f'module {name}.py has hash {got}, expected {MODULES.get(name)}: refusing to start')
        sys.exit(3)
    mod = types.ModuleType(name)
    mod.__file__ = path
    sys.modules[name] = mod
    exec(compile(src, path, 'exec'), mod.__dict__)
    return mod


def version_body(v):
    """A Version with zero parts omitted, as the host's codec requires."""
    return {k: n for k, n in v.items() if n != 0}


def handlers(rhp, counter):
    """The host requests this runtime serves."""
    def info(req):
        rid = req.get('runtime_id')
        if not isinstance(rid, bytes) or len(rid) != 32:
            raise rhp.bad_request('runtime_id must be 32 bytes')
        return 'RuntimeInfoResponse', {
            'protocol_version': rhp.PROTOCOL_VERSION,
            'runtime_version': version_body(RUNTIME_VERSION),
        }

    return {
        'RuntimeInfoRequest': info,
        'RuntimePingRequest': lambda _: ('Empty', {}),
        'RuntimeShutdownRequest': lambda _: ('Empty', {}, True),
        # Requests are served one at a time, so nothing is in flight to abort.
        'RuntimeAbortRequest': lambda _: ('RuntimeAbortResponse', {}),
        'RuntimeCheckTxBatchRequest': lambda r: ('RuntimeCheckTxBatchResponse', counter.check(r)),
        'RuntimeExecuteTxBatchRequest': lambda r: ('RuntimeExecuteTxBatchResponse', counter.execute(r)),
        'RuntimeQueryRequest': lambda r: ('RuntimeQueryResponse', counter.query(r)),
    }


def main():
    # Only verified modules may be imported from the bundle directory.
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or '.') != HERE]
    for name in ('tcbor', 'mkvs', 'proof', 'rhp', 'counter'):
        load_verified(name)
    rhp, counter = sys.modules['rhp'], sys.modules['counter']
    path = os.environ.get('TANDEM_HOST_SOCKET')
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path or '')
    except OSError as e:
        log(f'cannot connect to the host socket {path!r}: {e}')
        return 3
    server = rhp.Server(sock, {}, log)
    state = counter.Counter(lambda req: server.call('HostStorageSyncRequest', req, 'HostStorageSyncResponse'))
    server.handlers = handlers(rhp, state)
    try:
        server.serve()
        return 0
    except rhp.ProtocolError as e:
        log(f'protocol violation, closing: {e}')
        return 2
    except OSError as e:
        log(f'connection failed: {e}')
        return 2
    finally:
        sock.close()


if __name__ == '__main__':
    sys.exit(main())
