"""The target file's column mapping, kept as data (targets/columns.json, or the file named by
WFA_TARGET_COLUMNS_FILE): when BKN or BKPSDM renames a column, an admin edits the JSON."""

from pathlib import Path

from django.conf import settings

from common.column_mapping import header_key, load_mapping

LABELS = {
    "nip": "NIP",
    "year": "Tahun",
    "rhk": "RHK",
    "text": "Rencana Aksi",
    "quantity": "Target",
    "unit_of_measure": "Satuan",
}
DEFAULT = Path(__file__).with_name("columns.json")


def column_headers() -> dict[str, tuple[str, ...]]:
    """{field: the accepted headers, normalised} from the mapping in force."""
    return load_mapping(str(settings.WFA_TARGET_COLUMNS_FILE or DEFAULT), frozenset(LABELS))


def match_header(texts: list) -> dict[str, int] | None:
    """Positions of the mapped columns in a row of headers, or None when it is not the header
    row (no NIP column)."""
    normalised = [header_key(t) for t in texts]
    positions = {}
    for key, headers in column_headers().items():
        for index, text in enumerate(normalised):
            if text and text in headers:
                positions[key] = index
                break
    return positions if "nip" in positions else None
