"""A fault-injecting proxy: it sits between the client and a real server (the mock) and,
for the requests it is told to, fails the way networks and proxies fail.

Faults, per request, in the order planned:

* ``"drop_before"``: close the connection without passing the request on;
* ``"drop_after"``: pass it on (the server acts on it), then close without answering;
* ``"reset_mid_body"``: pass it on, then send half of the answer and close;
* ``"stall"``: wait ``stall_seconds`` before answering (longer than the client's timeout);
* an int (429, 500, 502, 503, 504): answer that status without passing the request on;
  ``(503, {"Retry-After": "1"})`` adds headers.

Requests without a planned fault go to the server unchanged.
"""

import threading

import requests

from .servers import Reply, ScriptedServer

_PASSED_HEADERS = ("Authorization", "Content-Type", "Idempotency-Key", "Accept-Language",
                   "User-Agent")


class FaultProxy(ScriptedServer):
    def __init__(self, upstream, stall_seconds=2.0):
        super().__init__()
        self.upstream = upstream
        self.stall_seconds = stall_seconds
        self.plans = {}
        self.forwarded = 0
        self._plan_lock = threading.Lock()
        self._session = requests.Session()
        self.default = self._handle

    def plan(self, method, path, faults):
        """Fail the next requests to ``method path`` with ``faults``, one each."""
        self.plans[(method, path)] = list(faults)

    def _next_fault(self, recorded):
        with self._plan_lock:
            planned = self.plans.get((recorded.method, recorded.path))
            return planned.pop(0) if planned else None

    def _forward(self, recorded):
        headers = {k: v for k, v in recorded.headers.items() if k in _PASSED_HEADERS}
        query = [(k, v) for k, values in recorded.query.items() for v in values]
        answer = self._session.request(recorded.method, self.upstream + recorded.path,
                                       params=query, data=recorded.body, headers=headers, timeout=30)
        self.forwarded += 1
        passed = {k: v for k, v in answer.headers.items()
                  if k in ("Content-Type", "Link") or k.startswith("X-RateLimit")}
        return Reply(answer.status_code, answer.content, passed)

    def _handle(self, recorded):
        fault = self._next_fault(recorded)
        if fault is None:
            return self._forward(recorded)
        if fault == "drop_before":
            return Reply(fault="drop")
        if fault == "drop_after":
            self._forward(recorded)
            return Reply(fault="drop")
        if fault == "reset_mid_body":
            reply = self._forward(recorded)
            reply.fault = "truncate"
            return reply
        if fault == "stall":
            reply = self._forward(recorded)
            reply.delay = self.stall_seconds
            return reply
        status, headers = fault if isinstance(fault, tuple) else (fault, {})
        return Reply(status, {"error": f"injected {status}"}, dict(headers))
