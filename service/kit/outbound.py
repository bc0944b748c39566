"""The one HTTP client for requests the service itself sends out (callbacks, and anything added later).

A caisse chooses where Passerelle posts its notifications; left unguarded, that makes the worker a proxy
into the internal network (the database's port, the broker, cloud metadata at 169.254.169.254). So:

- every address a host name resolves to must be public: loopback, private, link-local, multicast,
  reserved, unspecified and other non-global ranges are refused, IPv4-mapped IPv6 and the integer or
  short forms of IPv4 (`2130706433`, `127.1`, `0x7f.1`) included, all read by the `ipaddress` module;
- the check runs where the socket is opened: the client connects to the very address it checked (the
  URL keeps its host name, so the Host header and TLS SNI/certificate check are the name's), leaving no
  window for a DNS answer that changes between the check and the connection (DNS rebinding);
- redirects are never followed, proxies from the environment are ignored, and hosts an administrator
  allow-listed (a caisse's system on an internal network) skip the address rule but nothing else.

`check_url` runs the same rule ahead of time, so intake can refuse a bad URL with a clear error.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
DEFAULT_TIMEOUT_S = 10.0
UNRESOLVABLE = "unresolvable"

# Checked in this order; the first that applies names the refusal.
RULES: tuple[tuple[str, str], ...] = (
    ("unspecified", "is_unspecified"),
    ("loopback", "is_loopback"),
    ("link_local", "is_link_local"),
    ("multicast", "is_multicast"),
    ("reserved", "is_reserved"),  # before private: Python counts 240.0.0.0/4 in both
    ("private", "is_private"),
)


class OutboundRefused(Exception):
    """The destination is not one the service may call; `rule` says which rule refused it."""

    def __init__(self, host: str, rule: str, address: str | None = None) -> None:
        self.host, self.rule, self.address = host, rule, address
        shown = f"{host} ({address})" if address and address != host else host
        super().__init__(f"{shown}: {RULE_WORDS.get(rule, rule)}")


RULE_WORDS = {
    "unspecified": "an unspecified address (0.0.0.0 or ::) is not a destination",
    "loopback": "a loopback address (this machine) is refused",
    "link_local": "a link-local address (169.254.0.0/16, fe80::/10, cloud metadata) is refused",
    "multicast": "a multicast address is refused",
    "private": "a private-network address (10/8, 172.16/12, 192.168/16, fc00::/7...) is refused",
    "reserved": "a reserved address is refused",
    "not_global": "an address outside the public Internet (shared, documentation or benchmark range) "
                  "is refused",
    "unresolvable": "the host name does not resolve to any address",
    "scheme": "only http and https URLs are allowed",
}


def literal_address(host: str) -> IPAddress | None:
    """The address `host` spells, in any form a resolver accepts; None for a host name.

    IPv4 is read as `inet_aton` reads it (1 to 4 parts, each decimal, 0x-hex or 0-octal, the last part
    filling the remaining bytes), so `2130706433`, `127.1` and `0x7f.1` are all 127.0.0.1.
    """
    name = host.strip().strip("[]").rstrip(".")
    if ":" in name:
        try:
            return ipaddress.IPv6Address(name.split("%", 1)[0])
        except ValueError:
            return None
    parts = name.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    try:
        numbers = [_number(p) for p in parts]
    except ValueError:
        return None
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(parts)):
        return None
    value = last
    for index, number in enumerate(head):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _number(part: str) -> int:
    lowered = part.lower()
    if lowered.startswith("0x"):
        return int(lowered[2:] or "0", 16)
    if len(lowered) > 1 and lowered.startswith("0"):
        return int(lowered[1:], 8)
    if not lowered.isdigit():
        raise ValueError(part)
    return int(lowered)


def refused_rule(address: IPAddress) -> str | None:
    """The rule that refuses `address`, or None when it is a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return refused_rule(address.ipv4_mapped)
        # 6to4 and Teredo carry an IPv4 address that the tunnel would reach.
        for embedded in (address.sixtofour, *(address.teredo or ())):
            if embedded is not None and (rule := refused_rule(embedded)) is not None:
                return rule
    for rule, attribute in RULES:
        if getattr(address, attribute):
            return rule
    return None if address.is_global else "not_global"


def normalise_host(host: str) -> str:
    """How a host is compared with the allow-list: lower case, no trailing dot, addresses canonical."""
    address = literal_address(host)
    return str(address) if address is not None else host.strip().strip("[]").rstrip(".").lower()


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` stands for (itself when it is an address); OutboundRefused when none."""
    address = literal_address(host)
    if address is not None:
        return [address]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise OutboundRefused(host, UNRESOLVABLE) from e
    found: list[IPAddress] = []
    for *_, sockaddr in infos:
        resolved = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if resolved not in found:
            found.append(resolved)
    if not found:
        raise OutboundRefused(host, UNRESOLVABLE)
    return found


def checked_addresses(host: str, port: int, *, allowed_hosts: Iterable[str] = ()) -> list[IPAddress]:
    """The addresses to connect to for `host`; OutboundRefused when any of them is not public.

    One refused address refuses the host: a name answering with both a public and an internal address
    would otherwise reach the internal one whenever the public one is down.
    """
    addresses = resolve(host, port)
    if normalise_host(host) in {normalise_host(h) for h in allowed_hosts}:
        return addresses
    for address in addresses:
        rule = refused_rule(address)
        if rule is not None:
            raise OutboundRefused(host, rule, str(address))
    return addresses


def check_url(url: str, *, allowed_hosts: Iterable[str] = ()) -> None:
    """Raise OutboundRefused when `url` is not an http(s) URL whose host the guarded client may reach."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundRefused(parts.hostname or url, "scheme")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    checked_addresses(parts.hostname, port, allowed_hosts=allowed_hosts)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's socket opener with the address rule: resolve, check, connect to the checked address."""

    def __init__(self, allowed_hosts: Iterable[str] = ()) -> None:
        self.allowed_hosts = frozenset(normalise_host(h) for h in allowed_hosts)
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        """Open a TCP connection to the first reachable checked address of `host`."""
        last_error: Exception | None = None
        for address in checked_addresses(host, port, allowed_hosts=self.allowed_hosts):
            try:
                stream = self._sockets.connect_tcp(str(address), port, timeout=timeout,
                                                   local_address=local_address, socket_options=socket_options)
            except httpcore.ConnectError as e:
                last_error = e
                continue
            self._check_peer(host, address, stream)
            return stream
        raise last_error or httpcore.ConnectError(f"no address of {host} accepted the connection")

    def _check_peer(self, host: str, address: IPAddress, stream: httpcore.NetworkStream) -> None:
        # The address connected to is the one checked; reading it back guards against a socket layer
        # (a preloaded resolver, a transparent proxy library) that would have substituted another.
        sock = stream.get_extra_info("socket")
        peer = ipaddress.ip_address(sock.getpeername()[0].split("%", 1)[0]) if sock is not None else address
        if peer != address and normalise_host(host) not in self.allowed_hosts:
            stream.close()
            raise OutboundRefused(host, refused_rule(peer) or "not_global", str(peer))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        """Never: a local socket is this machine."""
        raise OutboundRefused(path, "loopback")

    def sleep(self, seconds: float) -> None:
        """Wait between retries (httpcore's interface)."""
        self._sockets.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport on a connection pool that opens its sockets through `GuardedBackend`."""

    def __init__(self, *, allowed_hosts: Iterable[str] = (), verify: bool = True) -> None:
        super().__init__(verify=verify, trust_env=False)
        # httpx builds its pool without a way to pass a network backend: rebuild it the same way with ours.
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
                                             network_backend=GuardedBackend(allowed_hosts))


def client(*, allowed_hosts: Iterable[str] = (), timeout: float = DEFAULT_TIMEOUT_S) -> httpx.Client:
    """An httpx client for outbound calls: the address rule, no redirects, no proxy from the environment."""
    return httpx.Client(transport=GuardedTransport(allowed_hosts=allowed_hosts), timeout=timeout,
                        follow_redirects=False, trust_env=False)
