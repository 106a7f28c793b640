"""Shared by the inbox service tests: messages, a local webhook receiver, the app with the inbox."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

SECRET = "test-secret"


def demo_records() -> list[dict]:
    text = resources.files("postguard.demo").joinpath("inbox.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def message(external_id: str, text: str, *, received_at: str = "2026-11-23T10:00:00+01:00",
            arrived_at: str = "official", platform: str = "facebook", author: str = "kunde",
            name: str | None = "Kari Nordmann", thread: str | None = None, language: str | None = None) -> dict:
    record = {"platform": platform, "external_id": external_id, "author_handle": author, "text": text,
              "received_at": received_at, "arrived_at": arrived_at}
    if name:
        record["author_name"] = name
    if thread:
        record["thread_id"] = thread
    if language:
        record["language"] = language
    return record


class Receiver:
    """A webhook receiver on loopback: records every POST; answers with the queued statuses, then 200."""

    def __init__(self, statuses: list[int] | None = None):
        self.requests: list[tuple[dict, bytes]] = []
        self.statuses = list(statuses or [])
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                owner.requests.append(({k: v for k, v in self.headers.items()}, body))
                status = owner.statuses.pop(0) if owner.statuses else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self) -> list[str]:
        return [json.loads(body)["event"] for _headers, body in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
