"""Named stages that long operations pass through.

The pipeline calls :func:`reached` at each named stage (``evidence.stored``,
``custody.appended``, ``db.transaction_open``, ``db.committed`` ...). Anything that wants to
follow progress subscribes: the CLI's progress display does, and so does the test harness,
which uses the same stages as kill points. Subscribers must be quick; an exception raised by
a subscriber propagates (a subscriber may stop the operation).
"""

from __future__ import annotations

from typing import Any, Callable

Listener = Callable[[str, dict[str, Any]], None]
_listeners: list[Listener] = []

#: every stage name the pipeline emits, documented for subscribers
STAGES = {
    "evidence.stored": "a file's bytes are in the evidence store (fsynced, renamed to its hash)",
    "custody.appended": "an entry was appended to the custody log",
    "package.staged": "every file of a package is stored and logged; the database commit is next",
    "db.transaction_open": "the package's database transaction is open, rows partly written",
    "db.committed": "the package's database transaction committed",
    "package.done": "the package is committed and its commit logged",
}


def subscribe(listener: Listener) -> Callable[[], None]:
    """Register a listener; returns a function that unregisters it."""
    _listeners.append(listener)

    def unsubscribe() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return unsubscribe


def reached(stage: str, **info: Any) -> None:
    """Tell every listener that ``stage`` was reached."""
    for listener in list(_listeners):
        listener(stage, info)
