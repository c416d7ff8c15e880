"""The Redis a solution's worker reaches: a socket per client the tests hand over, served here.

A Redis client a test hands to a solution in a worker does not cross as a proxy. The worker gets
the path of a Unix socket and connects a `redis.Redis` of its own to it; every command it sends
is read here and run on the test's server (fakeredis' server object, or the real server given
with `--redis-url`). The faults injected into the test's client (`die_after`, `after_command`,
`RedisBackend.down`) are applied here, to each command, so the solution cannot dodge them by
opening another connection: the socket is the only way it has to the server, and the tests' side
decides what happens to every command that arrives.

A round trip is counted as the tests' client counts it: each command, and a transaction (`MULTI`
to `EXEC`) as one, named `EXEC`. The commands a connection starts with to set itself up (`HELLO`,
`AUTH`, `CLIENT`, `SELECT`) are not counted, as the tests' client does not count them either. The
commands of a pipeline without a transaction count one each.
"""

from __future__ import annotations

import _thread
import contextlib
import secrets
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import redis

from grading.split.worker_redis import RAN_TESTS_CODE, TIMED_OUT
from grading.testkit.redis_faults import interceptors_of, patched_by_hand

# Commands a client sends on connecting, before any of its caller's.
_HANDSHAKE = frozenset({b"HELLO", b"AUTH", b"CLIENT", b"SELECT", b"READONLY"})
_MAX_REQUEST = 512 * 1024 * 1024  # a real server's limit on one bulk string
# Commands whose second word names what they do: redis-py names them both ("SCRIPT LOAD").
_CONTAINERS = frozenset(
    b"ACL CLIENT CLUSTER COMMAND CONFIG DEBUG FUNCTION LATENCY MEMORY MODULE OBJECT PUBSUB "
    b"SCRIPT SLOWLOG XGROUP XINFO".split()
)


class Upstream(Protocol):
    """One connection to the server the relay forwards to."""

    def send(self, raw: bytes, commands: int) -> bytes:
        """Send `commands` whole commands (`raw`) and return their replies, encoded."""
        ...

    def wait_unasked(self) -> bool:
        """Wait until the server may have sent something unasked (a pub/sub message); False
        once closed, or at once where this connection cannot tell."""
        ...

    def pending(self) -> bytes:
        """What the server sent unasked and nobody took yet, encoded."""
        ...

    def close(self) -> None: ...


class RequestError(Exception):
    """Bytes that are not a command as clients send them (an array of bulk strings)."""


def split_commands(buffer: bytearray) -> Iterator[tuple[list[bytes], bytes]]:
    """Take each complete command off the front of `buffer`: its fields and its raw bytes."""
    while buffer:
        parsed = _one_command(buffer)
        if parsed is None:
            return
        fields, end = parsed
        raw = bytes(buffer[:end])
        del buffer[:end]
        yield fields, raw


def _one_command(buffer: bytearray) -> tuple[list[bytes], int] | None:
    line_end = buffer.find(b"\r\n")
    if line_end < 0:
        return None
    if buffer[:1] != b"*":
        raise RequestError("a command that is not an array")
    count = _number(buffer[1:line_end])
    position, fields = line_end + 2, []
    for _ in range(count):
        line_end = buffer.find(b"\r\n", position)
        if line_end < 0:
            return None
        if buffer[position : position + 1] != b"$":
            raise RequestError("a command field that is not a bulk string")
        length = _number(buffer[position + 1 : line_end])
        start = line_end + 2
        if len(buffer) < start + length + 2:
            return None
        fields.append(bytes(buffer[start : start + length]))
        position = start + length + 2
    return fields, position


def _number(text: bytes | bytearray) -> int:
    try:
        value = int(text)
    except ValueError:
        raise RequestError("a length that is not a number") from None
    if not 0 <= value <= _MAX_REQUEST:
        raise RequestError("a length out of range")
    return value


class _RoundTrips:
    """Which commands of a connection are round trips of their own, as the tests' client counts
    them: not the connection's set-up, and a transaction as one, at its EXEC."""

    def __init__(self) -> None:
        self.set_up = False
        self.queueing = False

    def counts(self, fields: list[bytes]) -> bool:
        name = fields[0].upper() if fields else b""
        if not self.set_up and name in _HANDSHAKE:
            return False
        self.set_up = True
        if name in (b"MULTI", b"DISCARD"):
            self.queueing = name == b"MULTI"
            return False
        if self.queueing and name != b"EXEC":
            return False
        self.queueing = False
        return True


class _Closed(Exception):
    """The connection is to be dropped: the client sees the server go away."""


class RedisRelay:
    """Serves one test client's socket: every connection the worker opens on it is forwarded."""

    def __init__(
        self,
        client: redis.Redis,
        directory: Path,
        upstream: Callable[[], Upstream],
        reachable: Callable[[], bool],
    ) -> None:
        self._client = client
        self._upstream = upstream
        self._reachable = reachable
        self.path = directory / secrets.token_hex(8)
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(str(self.path))
        self.path.chmod(0o666)  # the worker may run as a user of its own
        self._listener.listen()
        self._connections: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._lock = _thread.allocate_lock()  # a real lock, whatever scenario runs
        self._closed = False
        self.failures: list[BaseException] = []  # raised by a test's hook on this relay's thread
        self._start(self._accept, "kata-redis-relay")

    def _start(self, target: Callable[..., None], name: str, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True, name=name)
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return  # closed
            with self._lock:
                if self._closed:
                    connection.close()
                    return
                self._connections.append(connection)
                self._start(self._serve, "kata-redis-connection", connection)

    def _serve(self, connection: socket.socket) -> None:
        upstream: Upstream | None = None
        try:
            if not self._reachable():
                return
            upstream = self._upstream()
            turn = _thread.allocate_lock()  # one of the two threads writes to the worker at once
            self._start(self._push, "kata-redis-push", connection, upstream, turn)
            self._relay(connection, upstream, turn)
        except (_Closed, RequestError, redis.ConnectionError, OSError):
            pass
        except BaseException as exc:  # a test's hook failed: its test fails at teardown
            self.failures.append(exc)
        finally:
            if upstream is not None:
                upstream.close()
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def _relay(self, connection: socket.socket, upstream: Upstream, turn: Any) -> None:
        buffer, rounds = bytearray(), _RoundTrips()
        while True:
            data = connection.recv(65536)
            if not data:
                return
            buffer += data
            for fields, raw in split_commands(buffer):
                with turn:
                    if rounds.counts(fields):
                        reply = self._round_trip(upstream, _name(fields), raw)
                    else:
                        reply = self._forward(upstream, raw)
                    connection.sendall(reply)

    def _push(self, connection: socket.socket, upstream: Upstream, turn: Any) -> None:
        """Send the worker what the server sends unasked (pub/sub messages), between replies."""
        with contextlib.suppress(redis.ConnectionError, OSError):
            while upstream.wait_unasked():
                with turn:
                    unasked = upstream.pending()
                    if unasked:
                        connection.sendall(unasked)

    def _forward(self, upstream: Upstream, raw: bytes) -> bytes:
        if not self._reachable():
            raise _Closed
        return upstream.send(raw, 1)

    def _round_trip(self, upstream: Upstream, name: str, raw: bytes) -> bytes:
        """One round trip of the test's client: through the faults injected into it, in order."""

        def send(*_args: Any, **_options: Any) -> bytes:
            return self._forward(upstream, raw)

        if patched_by_hand(self._client):
            raise RuntimeError(
                "a test replaced execute_command on a Redis client handed to the solution: "
                "use grading.testkit.redis_faults.intercept, which its worker's client sees"
            )
        chain: Callable[..., Any] = send
        interceptors = interceptors_of(self._client)
        for around in interceptors:
            chain = _wrapped(around, chain)
        # The tests' code ran: the worker reads their clocks again, as a call in one process would.
        ran = b"+" + RAN_TESTS_CODE + b"\r\n" if interceptors else b""
        try:
            return ran + bytes(chain(name))
        except redis.ConnectionError:
            raise _Closed from None
        except redis.TimeoutError as error:
            return ran + _error_reply(TIMED_OUT, error)
        except redis.ResponseError as error:
            return ran + _error_reply(_error_code(error), error)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            connections = list(self._connections)
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5)
        with contextlib.suppress(OSError):
            self.path.unlink()

    def drop_connections(self) -> None:
        """End every open connection: what a client sees when the server goes away."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


def _name(fields: list[bytes]) -> str:
    words = fields[:2] if fields and fields[0].upper() in _CONTAINERS else fields[:1]
    return b" ".join(words).decode("latin-1").upper()


def _error_code(error: redis.ResponseError) -> str:
    """The code a server's error reply starts with, for the worker's client to rebuild `error`."""
    from redis._parsers.base import BaseParser

    for code, kind in BaseParser.EXCEPTION_CLASSES.items():
        if type(error) is kind:
            return code
    return "ERR"


def _error_reply(code: str, error: redis.RedisError) -> bytes:
    message = " ".join(str(error.args[0] if error.args else "").split())  # one line
    return f"-{code} {message}\r\n".encode()


def _wrapped(around: Callable[..., Any], inner: Callable[..., Any]) -> Callable[..., Any]:
    def send(*args: Any, **options: Any) -> Any:
        return around(inner, args, options)

    return send


def relay_directory(base: str | None) -> Path:
    """A directory for relays' sockets that nobody lists, its owner included: a worker reaches
    only the sockets whose names it was given (the sandbox binds it read-only, so the worker
    cannot make it listable either)."""
    directory = Path(tempfile.mkdtemp(prefix="kata-redis-", dir=base))
    directory.chmod(0o311)
    return directory


def remove_relay_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):
        directory.chmod(0o700)  # listable again, to be emptied
    shutil.rmtree(directory, ignore_errors=True)


class FakeUpstream:
    """A connection to a fakeredis server object of this process."""

    def __init__(self, server: Any) -> None:
        from fakeredis._clients._sync import FakeRedisConnection

        # As a fresh connection to a real server: RESP2 until the client sends HELLO.
        self._connection = FakeRedisConnection(server=server, protocol=2)
        self._socket = self._connection.get_socket()
        self._closed = False
        # Set by fakeredis whenever a reply is queued (a published message too).
        self._queued: threading.Event | None = getattr(self._socket, "response_ready", None)

    def send(self, raw: bytes, commands: int) -> bytes:
        self._socket.sendall(raw)  # fakeredis runs the command before it returns
        return self.pending()

    def pending(self) -> bytes:
        from fakeredis._clients._tcp_server import encode_reply
        from fakeredis._typing import RaiseErrorTypes

        if self._queued is not None:
            self._queued.clear()  # before reading: a reply queued from here on sets it again
        if self._closed:  # after clearing: `close` sets it once closed, for the waiter to see
            return b""
        protocol = self._socket._client_info.protocol_version
        replies = []
        while self._connection.can_read():
            try:
                reply = self._connection.read_response()
            except RaiseErrorTypes as error:  # an error reply
                reply = error
            replies.append(encode_reply(reply, protocol))
        return b"".join(replies)

    def wait_unasked(self) -> bool:
        if self._queued is None or self._closed:
            return False
        self._queued.wait()
        return not self._closed

    def close(self) -> None:
        self._closed = True
        if self._queued is not None:
            self._queued.set()
        with contextlib.suppress(Exception):
            self._connection.disconnect()  # type: ignore[no-untyped-call]


class ServerUpstream:
    """A connection to a real Redis server."""

    def __init__(self, connection_kwargs: dict[str, Any]) -> None:
        self._connection = redis.Connection(**connection_kwargs)  # type: ignore[no-untyped-call]
        self._connection.connect()  # type: ignore[no-untyped-call]
        # Its replies are re-encoded as they came: in the protocol it speaks, as the worker's
        # client does (the same redis-py, the same settings).
        self._protocol = int(getattr(self._connection, "protocol", None) or 2)

    def send(self, raw: bytes, commands: int) -> bytes:
        from fakeredis._clients._tcp_server import encode_reply

        self._connection.send_packed_command([raw], check_health=False)  # type: ignore[no-untyped-call]
        replies = []
        for _ in range(commands):
            try:
                reply = self._connection.read_response(disable_decoding=True)
            except redis.ResponseError as error:
                reply = error
            replies.append(encode_reply(reply, self._protocol))
        return b"".join(replies)

    def wait_unasked(self) -> bool:
        return False  # its replies are read by count: pub/sub is served on fakeredis only

    def pending(self) -> bytes:
        return b""

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._connection.disconnect()  # type: ignore[no-untyped-call]
