"""Errors with stable codes.

Every failure a user can meet is a :class:`ReturnsError` carrying a stable ``code``
(e.g. ``CASE_LOCKED``), a one-line ``message`` saying what happened, ``kept`` saying
what was preserved, and ``hint`` saying what to do next. The CLI turns it into one
message and an exit code; library callers can branch on ``code``.

Exit codes (documented in README.md):

====  =====================================================================
0     success
1     the command failed for a reason given by its error code
2     the command line itself was wrong (unknown option, missing argument)
3     verification found a problem (``returns verify``)
4     the case is locked or busy: another command holds it; try again
5     internal error: a bug; the traceback is written to the case's logs/
====  =====================================================================
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_VERIFY_FAILED = 3
EXIT_BUSY = 4
EXIT_INTERNAL = 5


class ReturnsError(Exception):
    """An expected failure with a stable code and advice for the user."""

    exit_code: int = EXIT_FAILED

    def __init__(
        self,
        code: str,
        message: str,
        *,
        kept: str | None = None,
        hint: str | None = None,
        exit_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.kept = kept
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def render(self) -> str:
        """The user-facing text: code and message, then what was kept and what to do."""
        lines = [f"Error {self.code}: {self.message}"]
        if self.kept:
            lines.append(f"Kept: {self.kept}")
        if self.hint:
            lines.append(f"Next: {self.hint}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "kept": self.kept, "hint": self.hint}


class CaseBusy(ReturnsError):
    """The case is locked by another command (writer) or its database is busy."""

    exit_code = EXIT_BUSY


class LimitExceeded(Exception):
    """Raised by the evidence store when a stream produces more bytes than allowed.

    Not a ReturnsError: callers (archive walking) turn it into a member status.
    """

    def __init__(self, limit: int, produced: int) -> None:
        super().__init__(f"stream exceeded {limit} bytes (stopped after {produced})")
        self.limit = limit
        self.produced = produced
