"""Run the real ``returns`` CLI in a subprocess, with resource limits and kill points.

Used by the crash, concurrency and reliability tests (and the scorecard). The child runs a
small bootstrap that

* blocks network access (``socket.connect`` and friends raise), whatever the machine allows;
* optionally subscribes to :mod:`pipeline.events` and kills itself with SIGKILL the N-th time
  a named stage is reached (``evidence.stored``, ``custody.appended``, ``package.staged``,
  ``db.transaction_open``, ``db.committed``, ``package.done``) — the production code only
  announces stages; the killing lives here;
* runs ``pipeline.cli`` with the given arguments.

Limits (address space, CPU seconds, file size) are applied with ``setrlimit`` in the child.
A run can also be killed from outside after a delay, for random-moment crash tests.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

REPO = Path(__file__).resolve().parent.parent

BOOTSTRAP = r"""
import os, signal, socket, sys

def _blocked(*args, **kwargs):
    raise OSError("network access is blocked by the test harness")

socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked
socket.socket.sendto = _blocked
socket.create_connection = _blocked
socket.getaddrinfo = _blocked

kill_at, kill_after = sys.argv[1], int(sys.argv[2])
if kill_at:
    from pipeline import events
    seen = {"n": 0}
    def _kill(stage, info):
        if stage == kill_at:
            seen["n"] += 1
            if seen["n"] >= kill_after:
                sys.stdout.flush(); sys.stderr.flush()
                os.kill(os.getpid(), signal.SIGKILL)
    events.subscribe(_kill)

from pipeline.cli import cli
cli(args=sys.argv[3:], prog_name="returns")
"""


@dataclass(frozen=True)
class Limits:
    """Resource limits for the child process (None: not limited)."""

    memory_bytes: int | None = 4 * 2**30
    cpu_seconds: int | None = 300
    file_size_bytes: int | None = None


@dataclass
class RunResult:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    killed: bool
    duration: float
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def assert_clean(self) -> None:
        """No traceback may reach the user, whatever happened."""
        assert "Traceback (most recent call last)" not in self.output, self.output


def _preexec(limits: Limits) -> None:
    if limits.memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    if limits.cpu_seconds:
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
    if limits.file_size_bytes:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size_bytes, limits.file_size_bytes))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of dying


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("RETURNS_EXAMINER", "Test Examiner")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if extra:
        env.update(extra)
    return env


def start_cli(
    args: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    limits: Limits = Limits(),
    kill_at: str | None = None,
    kill_after: int = 1,
    netns: bool = False,
) -> subprocess.Popen[str]:
    """Start the CLI in the background (for concurrency tests). ``netns``: in a new, empty network namespace."""
    cmd = [sys.executable, "-c", BOOTSTRAP, kill_at or "", str(kill_after), *map(str, args)]
    if netns:
        cmd = ["unshare", "--net", "--", *cmd]
    return subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=child_env(env),
        cwd=str(cwd or REPO),
        preexec_fn=lambda: _preexec(limits),
    )


def finish(proc: subprocess.Popen[str], args: Sequence[str], started: float, timeout: float = 300) -> RunResult:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"returns {' '.join(map(str, args))} did not finish in {timeout}s\n{out}\n{err}")
    return RunResult(list(map(str, args)), proc.returncode, out, err, proc.returncode == -signal.SIGKILL, time.monotonic() - started)


def run_cli(
    args: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    limits: Limits = Limits(),
    kill_at: str | None = None,
    kill_after: int = 1,
    kill_delay: float | None = None,
    timeout: float = 300,
    netns: bool = False,
) -> RunResult:
    """Run ``returns ARGS`` to completion (or until killed at a stage or after a delay)."""
    started = time.monotonic()
    proc = start_cli(args, env=env, cwd=cwd, limits=limits, kill_at=kill_at, kill_after=kill_after, netns=netns)
    if kill_delay is not None:
        try:
            proc.wait(timeout=kill_delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    return finish(proc, args, started, timeout)


def tree_snapshot(root: Path) -> set[str]:
    """Every path below ``root`` (to check nothing was written outside a case)."""
    return {str(p.relative_to(root)) for p in root.rglob("*")}
