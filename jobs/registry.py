"""What to run for each kind of job: the apps that own the work register their kinds at start-up.

A kind is a plain string (`Job.kind`), declared and registered by the app that owns the work in
its `AppConfig.ready`, with the label users read; the jobs app lists no other app's kinds, so a new
kind needs no change (and no migration) here.

A runner is `runner(job, progress) -> Output`: `progress(done, total, message)` records how far
it is; it writes its file (if any) to `jobs.files.job_path(job, extension)`, and work without a
file names the page of its result in `Output.link`. It raises `jobs.files.Refused` with a
message in Indonesian when the work cannot be done.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MAX_KIND = 32  # Job.kind's length


@dataclass
class Output:
    file: Path | None = None
    file_name: str = ""
    message: str = ""
    link: str = ""  # the page that shows what a job without a file did (e.g. a proposal)


@dataclass(frozen=True)
class _Kind:
    label: str
    runner: Callable
    reads_replica: bool = False


_KINDS: dict[str, _Kind] = {}


def register(kind: str, runner, *, label: str, reads_replica: bool = False) -> None:
    """Declare a kind of job: what it runs and what users call it (in Indonesian).

    `reads_replica`: the work only reads and writes a file (an export), so with a streaming
    replica configured it reads from the replica once that has replayed everything the primary
    had when the job was queued (common/replica.py); work that writes rows stays on the primary.
    """
    if not kind or len(kind) > MAX_KIND:
        raise ValueError(f"A job kind is 1 to {MAX_KIND} characters: {kind!r}")
    if kind in _KINDS and _KINDS[kind].runner is not runner:
        raise ValueError(f"Job kind {kind!r} is registered twice")
    _KINDS[kind] = _Kind(label, runner, reads_replica)


def reads_replica(kind: str) -> bool:
    found = _KINDS.get(kind)
    return found is not None and found.reads_replica


def is_registered(kind: str) -> bool:
    return kind in _KINDS


def runner_for(kind: str):
    return _KINDS[kind].runner


def label_of(kind: str) -> str:
    """What users call the kind; the code itself for a kind no app registers any more."""
    found = _KINDS.get(kind)
    return found.label if found else kind
