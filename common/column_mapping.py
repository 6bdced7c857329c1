"""Column mappings kept as data: a JSON file {"columns": {field: [accepted headers]}} that an
admin edits when an export renames a column (the target import, the device-log import)."""

import json
from functools import cache
from pathlib import Path


def header_key(text) -> str:
    """A header as compared: spaces collapsed, lower case ('' for an empty cell)."""
    return " ".join(str(text).split()).lower() if text is not None else ""


@cache
def load_mapping(path: str, required: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """{field: its accepted headers, as compared}; a file that leaves out a required field is
    refused at once (a mistake in a settings file, not a user's)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))["columns"]
    missing = required - set(data)
    if missing:
        raise ValueError(f"{path}: kolom {sorted(missing)} tidak dipetakan")
    return {key: tuple(header_key(h) for h in headers) for key, headers in data.items()}
