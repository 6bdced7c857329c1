"""Sections other apps add to the dashboards, without dashboards importing them.

The apps to the right of dashboards (the evaluation pack) register a panel at start-up
(AppConfig.ready), as schedules registers its guard in opd.guards. A panel is
`panel(user=, window=, opd=) -> Panel | None`: a heading, a sentence, rows of (label, number) and
a link; None when it has nothing to say to this user.
"""

from dataclasses import dataclass, field

_panels: list = []


@dataclass(frozen=True)
class Panel:
    title: str
    text: str
    rows: list[tuple[str, int]] = field(default_factory=list)
    link: str = ""
    link_text: str = ""


def register(panel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def for_dashboard(*, user, window, opd=None) -> list[Panel]:
    return [p for panel in _panels if (p := panel(user=user, window=window, opd=opd))]
