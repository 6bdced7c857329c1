"""The target file's column mapping, kept as data (targets/columns.json, or the file named by
WFA_TARGET_COLUMNS_FILE): when BKN or BKPSDM renames a column, an admin edits the JSON."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings

LABELS = {
    "nip": "NIP",
    "year": "Tahun",
    "rhk": "RHK",
    "text": "Rencana Aksi",
    "quantity": "Target",
    "unit_of_measure": "Satuan",
}
DEFAULT = Path(__file__).with_name("columns.json")


def _key(text) -> str:
    return " ".join(str(text).split()).lower() if text is not None else ""


@cache
def _load(path: str) -> dict[str, tuple[str, ...]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))["columns"]
    missing = set(LABELS) - set(data)
    if missing:
        raise ValueError(f"{path}: kolom {sorted(missing)} tidak dipetakan")
    return {key: tuple(_key(h) for h in headers) for key, headers in data.items()}


def column_headers() -> dict[str, tuple[str, ...]]:
    """{field: the accepted headers, normalised} from the mapping in force."""
    return _load(str(settings.WFA_TARGET_COLUMNS_FILE or DEFAULT))


def match_header(texts: list) -> dict[str, int] | None:
    """Positions of the mapped columns in a row of headers, or None when it is not the header
    row (no NIP column)."""
    normalised = [_key(t) for t in texts]
    positions = {}
    for key, headers in column_headers().items():
        for index, text in enumerate(normalised):
            if text and text in headers:
                positions[key] = index
                break
    return positions if "nip" in positions else None
