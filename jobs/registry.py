"""What to run for each kind of job: the apps that own the work register a runner at start-up.

A runner is `runner(job, progress) -> Output`: `progress(done, total, message)` records how far
it is; it writes its file (if any) to `jobs.files.job_path(job, extension)`, and work without a
file names the page of its result in `Output.link`. It raises `jobs.files.Refused` with a
message in Indonesian when the work cannot be done.
"""

from dataclasses import dataclass
from pathlib import Path

_RUNNERS = {}


@dataclass
class Output:
    file: Path | None = None
    file_name: str = ""
    message: str = ""
    link: str = ""  # the page that shows what a job without a file did (e.g. a proposal)


def register(kind: str, runner) -> None:
    _RUNNERS[kind] = runner


def runner_for(kind: str):
    return _RUNNERS[kind]
