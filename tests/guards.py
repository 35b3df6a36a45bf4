"""A socket guard: no packet of the test suite leaves this machine.

Inside :func:`no_remote_connections`, name lookups of hosts that are not loopback and
connects to addresses that are not loopback are refused (``OSError``) and recorded, so a
test can show that the client did not even try.
"""

import contextlib
import ipaddress
import socket


class Attempts(list):
    """What the code under test tried to reach outside this machine."""


def _is_loopback(host):
    host = str(host).strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@contextlib.contextmanager
def no_remote_connections(resolve=None):
    """Refuse and record every lookup or connect beyond loopback. ``resolve`` maps host
    names to loopback addresses (a "remote" name served by a local test server)."""
    attempts = Attempts()
    resolve = dict(resolve or {})
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, bytes):
            host = host.decode("ascii")
        if host in resolve:
            host = resolve[host]
        elif host is not None and not _is_loopback(host):
            attempts.append(("lookup", host))
            raise socket.gaierror(socket.EAI_NONAME, f"test guard: no lookup of {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    def check(address):
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            attempts.append(("connect", address[0]))
            raise ConnectionRefusedError(f"test guard: no connection to {address[0]}")

    def connect(sock, address):
        check(address)
        return real_connect(sock, address)

    def connect_ex(sock, address):
        check(address)
        return real_connect_ex(sock, address)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    try:
        yield attempts
    finally:
        socket.getaddrinfo = real_getaddrinfo
        socket.socket.connect = real_connect
        socket.socket.connect_ex = real_connect_ex
