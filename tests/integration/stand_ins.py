"""Stand-ins for SonoPath's own servers, for fault tests: an action server that never answers."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def hanging_action_server(on_call: Callable[[], object] | None = None) -> Iterator[str]:
    """An action server that accepts calls and never answers (until the test ends); ``on_call`` runs when
    a call arrives, at a known point of the message's handling (after its conversation was read)."""
    release = threading.Event()

    class Hang(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            if on_call is not None:
                on_call()
            release.wait(timeout=60)
            self.send_response(500)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hang)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/webhook"
    finally:
        release.set()
        server.shutdown()
        server.server_close()
