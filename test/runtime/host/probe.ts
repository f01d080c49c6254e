/**
 * A python3 runtime (standard library only) that tries what a sandboxed runtime must not be able
 * to do and reports each outcome as an errno (0 = it worked) in one `PROBE {json}` stderr line.
 * Raw syscalls go through ctypes' `syscall()`, with arguments chosen so that, without the seccomp
 * filter, the kernel would answer something other than EPERM (success, EFAULT, EINVAL, ...).
 */
export const PROBE_PY = `#!/usr/bin/python3
import ctypes, json, os, socket, sys, threading
out = {}
nr = json.loads(os.environ['PROBE_NR'])
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
def sysc(name, *args):
    ctypes.set_errno(0)
    r = libc.syscall(ctypes.c_long(nr[name]), *[ctypes.c_long(a) for a in args])
    return ctypes.get_errno() if r == -1 else 0
def attempt(key, fn):
    try:
        fn(); out[key] = 0
    except OSError as e:
        out[key] = e.errno
attempt('tcp', lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM))
attempt('udp', lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
attempt('tcp6', lambda: socket.socket(socket.AF_INET6, socket.SOCK_STREAM))
attempt('netlink', lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0))
attempt('socketpair_inet', lambda: socket.socketpair(socket.AF_INET))
attempt('socketpair_unix', lambda: socket.socketpair(socket.AF_UNIX))
def host():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(os.environ['TANDEM_HOST_SOCKET'])
    s.sendall(b'hello from the sandbox\\n')
    s.close()
attempt('host_socket', host)
attempt('read_home', lambda: os.listdir(os.environ['PROBE_HOME']))
attempt('read_data', lambda: open(os.environ['PROBE_DATA']).read())
attempt('write_root', lambda: open('/escape', 'w').write('x'))
attempt('write_bundle', lambda: open('/bundle/escape', 'w').write('x'))
attempt('write_usr', lambda: open('/usr/escape', 'w').write('x'))
attempt('write_tmp', lambda: open('/tmp/ok', 'w').write('x'))
def fd_targets():
    t = {}
    for f in os.listdir('/proc/self/fd'):
        try: t[f] = os.readlink('/proc/self/fd/' + f)
        except OSError: pass
    return t
out['fds'] = fd_targets()
out['pids'] = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())
out['hostname'] = socket.gethostname()
out['env'] = sorted(k for k in os.environ if k not in ('LC_CTYPE',))
out['ptrace'] = sysc('ptrace', 0, 0, 0, 0)
out['mount'] = sysc('mount', 0, 0, 0, 0, 0)
out['umount2'] = sysc('umount2', 0, 0)
out['bpf'] = sysc('bpf', 9999, 0, 0)
out['keyctl'] = sysc('keyctl', 9999, 0, 0, 0, 0)
out['add_key'] = sysc('add_key', 0, 0, 0, 0, 0)
out['userfaultfd'] = sysc('userfaultfd', 0)
out['perf_event_open'] = sysc('perf_event_open', 0, 0, -1, -1, 0)
out['process_vm_readv'] = sysc('process_vm_readv', 1, 0, 0, 0, 0, 0)
out['unshare'] = sysc('unshare', 0)
out['setns'] = sysc('setns', -1, 0)
out['io_uring_setup'] = sysc('io_uring_setup', 1, 0)
out['clone3'] = sysc('clone3', 0, 0)
out['clone_newns'] = sysc('clone', 0x00020000 | 0x00000200, 0, 0, 0, 0)
if 'x32' in nr: out['x32'] = sysc('x32')
out['getpid'] = sysc('getpid')
pid = os.fork()
if pid == 0:
    os._exit(7)
out['fork'] = os.waitpid(pid, 0)[1] >> 8
t = threading.Thread(target=lambda: out.__setitem__('thread', 1)); t.start(); t.join()
print('PROBE ' + json.dumps(out), file=sys.stderr, flush=True)
`;

/** A runtime that writes one huge stderr line, then a short one. */
export const LONG_LINE_PY = `#!/usr/bin/python3
import sys
sys.stderr.write('x' * 100000)
sys.stderr.write('\\nshort\\n')
`;

/** A runtime that sleeps until killed (for lifetime tests). */
export const SLEEP_PY = `#!/usr/bin/python3
import sys, time
print('READY', file=sys.stderr, flush=True)
time.sleep(60)
`;
