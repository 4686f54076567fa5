"""The part every loopback test server shares: a threaded HTTP server on 127.0.0.1 that
keeps handler errors quiet, starts in a daemon thread and stops at once."""

from __future__ import annotations

import contextlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    errors: list[str]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-answer is normal here (timeouts, resets); keep the
        # note for debugging instead of printing into the captured stderr of a test.
        import traceback

        self.errors.append(traceback.format_exc(limit=1))


class LoopbackServer:
    """`handler` served on a free port of 127.0.0.1; `start()`, `stop()`, or `with`."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = QuietServer(("127.0.0.1", 0), handler)
        self.httpd.errors = []
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving at once. `shutdown()` takes effect only when serve_forever's
        select() wakes, every 0.5 s when idle; a connection wakes it now (the handler
        thread it starts reads no request and ends). Handlers still answering (a "hang")
        are daemon threads and are not waited for."""
        if self._thread.is_alive():
            stopper = threading.Thread(target=self.httpd.shutdown, daemon=True)
            stopper.start()
            while stopper.is_alive():  # again if the wake came before the request to stop
                with contextlib.suppress(OSError):
                    socket.create_connection(self.httpd.server_address[:2], timeout=1).close()
                stopper.join(0.01)
        self.httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
