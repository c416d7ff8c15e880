"""One thread's conversation with the other process: requests nest, either side may ask.

A request is answered by `["ok", value]` or `["err", exception]`; while waiting for its answer, a
side serves the other's requests (a callback made by the solution while serving a call, a call
the test makes from inside that callback, and so on), each answered before going on.
"""

from __future__ import annotations

import json
import socket
import struct
from collections.abc import Callable
from typing import Any

MAX_MESSAGE_BYTES = 64 * 1024**2
_HEADER = struct.Struct("!I")


class ChannelClosed(Exception):
    """The other side is gone."""


class Remote(Exception):
    """The other side answered a request with an error: `data` is the encoded exception."""

    def __init__(self, data: Any) -> None:
        super().__init__("the other side raised")
        self.data = data


Handler = Callable[[list[Any]], Any]


class Channel:
    """Length-prefixed JSON messages on a stream socket; `handler(request)` answers the other."""

    def __init__(self, sock: socket.socket, handler: Handler) -> None:
        self.socket = sock
        self.handler = handler
        self.broken = False  # a request was left unanswered midway: the conversation is lost
        # Called with each answer that arrives, before it is returned (the clocks ride on it).
        self.on_answer: Callable[[list[Any]], None] | None = None

    def close(self) -> None:
        self.broken = True
        self.socket.close()

    def send(self, message: list[Any]) -> None:
        data = json.dumps(message, separators=(",", ":")).encode()
        try:
            self.socket.sendall(_HEADER.pack(len(data)) + data)
        except OSError as exc:
            self.broken = True
            raise ChannelClosed(str(exc)) from None

    def _read(self, size: int) -> bytes:
        chunks: list[bytes] = []
        while size:
            try:
                chunk = self.socket.recv(min(size, 1 << 20))
            except OSError as exc:
                self.broken = True
                raise ChannelClosed(str(exc)) from None
            if not chunk:
                self.broken = True
                raise ChannelClosed("the other process ended")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def receive(self) -> list[Any]:
        """The next message. A blocking read: a process that ends closes its end, and a signal
        (a test's time limit) interrupts the wait."""
        (size,) = _HEADER.unpack(self._read(_HEADER.size))
        if size > MAX_MESSAGE_BYTES:
            self.broken = True
            raise ChannelClosed(f"a message of {size} bytes")
        data = self._read(size)
        try:
            message = json.loads(data)
        except (ValueError, RecursionError):
            self.broken = True
            raise ChannelClosed("a message that is not JSON") from None
        if type(message) is not list or not message or type(message[0]) is not str:
            self.broken = True
            raise ChannelClosed("a message that is not a request or an answer")
        return message

    def request(self, message: list[Any]) -> Any:
        """Send a request; serve the other side until the answer comes. Raises `Remote`."""
        self.send(message)
        try:
            while True:
                incoming = self.receive()
                kind = incoming[0]
                if kind == "ok" or kind == "err":
                    if self.on_answer is not None:
                        self.on_answer(incoming)
                    if kind == "err":
                        raise Remote(incoming[1] if len(incoming) > 1 else None)
                    return incoming[1] if len(incoming) > 1 else None
                self.serve(incoming)
        except Remote:
            raise
        except BaseException:
            self.broken = True
            raise

    def serve(self, request: list[Any]) -> None:
        self.send(self.handler(request))
