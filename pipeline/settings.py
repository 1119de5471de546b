"""Changing a case's settings (unpacking limits); every change is logged in custody."""

from __future__ import annotations

from . import db
from .case import DEFAULT_LIMITS, Case, write_settings
from .errors import ReturnsError
from .projection import apply_settings


def set_limit(case: Case, name: str, value: int, wait: float = 0.0) -> None:
    if name not in DEFAULT_LIMITS:
        raise ReturnsError(
            "SETTING_UNKNOWN",
            f"there is no limit called {name!r}",
            hint="one of: " + ", ".join(sorted(DEFAULT_LIMITS)),
        )
    if value < 0 or (name == "max_depth" and value < 1):
        raise ReturnsError("SETTING_INVALID", f"{name} cannot be {value}", hint="give a positive whole number")
    with case.writer("returns limits", wait) as conn:
        entry = case.custody().append("settings_changed", name, "ok", key=f"limits.{name}", value=value,
                                      previous=case.limits.get(name))
        case.settings.setdefault("limits", {})[name] = value
        write_settings(case)
        with db.transaction(conn):
            apply_settings(conn, entry)
