"""Long work opd hands to the task worker (the staff import's confirmation).

The jobs app runs background work and depends on opd (its access rules), so opd may not import it:
jobs registers its starter here at start-up (JobsConfig.ready), as schedules registers its plan
guard in opd.guards. `start` returns (job, whether it is new); the job's page is jobs:detail.
"""

_starter = None


def register(starter) -> None:
    global _starter
    _starter = starter


def start(*, owner, kind: str, parameters: dict, title: str):
    if _starter is None:
        raise RuntimeError("The jobs app is not installed: nothing can run in the background.")
    return _starter(owner=owner, kind=kind, parameters=parameters, title=title)
