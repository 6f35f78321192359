# Opens the sockets the diag kernel tests list, inside whatever namespace it runs in (ip netns exec):
# TCP listening (IPv4 and IPv6), established (both ends) and time-wait, UDP bound and connected,
# UNIX stream listener on a path and on an abstract name, a connected stream pair, a dgram socket.
# Prints one JSON line describing them once they exist, then holds them until stdin closes.
import json, os, socket, sys, tempfile, time

keep = []
def tcp_listener(family, addr):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 0))
    s.listen(16)
    keep.append(s)
    return s

lst4 = tcp_listener(socket.AF_INET, '127.0.0.1')
lst6 = tcp_listener(socket.AF_INET6, '::1')
client = socket.create_connection(lst4.getsockname())
server, _ = lst4.accept()
client.sendall(b'x' * 100)  # unread: the server's Recv-Q
keep += [client, server]
# Time-wait: the side that closes first keeps the connection in TIME-WAIT.
tw = socket.create_connection(lst4.getsockname())
tw_port = tw.getsockname()[1]
tw_peer, _ = lst4.accept()
tw.close()
time.sleep(0.05)
tw_peer.close()
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(('127.0.0.1', 0))
udpc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udpc.connect(udp.getsockname())
keep += [udp, udpc]
path = os.path.join(tempfile.mkdtemp(), 'diag.sock')
ux = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
ux.bind(path)
ux.listen(4)
abstract = 'nlroute-diag-%d' % os.getpid()
ab = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
ab.bind('\0' + abstract)
ab.listen(4)
pending = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
pending.connect('\0' + abstract)  # waits in the listener's queue
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
a.sendall(b'y' * 10)
dg = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
keep += [ux, ab, pending, a, b, dg]
time.sleep(0.05)
print(json.dumps({
    'listen4': lst4.getsockname()[1], 'listen6': lst6.getsockname()[1],
    'client': client.getsockname()[1], 'timeWait': tw_port,
    'udp': udp.getsockname()[1], 'udpClient': udpc.getsockname()[1],
    'path': path, 'abstract': abstract,
    'pairInode': os.fstat(a.fileno()).st_ino, 'pendingInode': os.fstat(pending.fileno()).st_ino,
}), flush=True)
sys.stdin.read()
