"""The device-log file's column mapping, kept as data (devicelogs/columns.json, or the file named
by WFA_DEVICE_LOG_COLUMNS_FILE): when an e-presensi app renames a column, an admin edits the
JSON. The attlog text of ZKTeco machines has no header and a fixed order (devicelogs/reading.py)."""

from pathlib import Path

from django.conf import settings

from common.column_mapping import header_key, load_mapping

LABELS = {
    "user_id": "No. ID",
    "timestamp": "Waktu",
    "date": "Tanggal",
    "time": "Jam",
    "verify": "Verifikasi",
    "state": "Status",
}
DEFAULT = Path(__file__).with_name("columns.json")


def column_headers() -> dict[str, tuple[str, ...]]:
    """{field: the accepted headers, normalised} from the mapping in force."""
    return load_mapping(
        str(settings.WFA_DEVICE_LOG_COLUMNS_FILE or DEFAULT), frozenset({"user_id", "timestamp"})
    )


def match_header(texts) -> dict[str, int] | None:
    """Positions of the mapped columns in a row of headers, or None when it is not the header
    row (no user id column, or no time: one timestamp column or a date and a time)."""
    normalised = [header_key(t) for t in texts]
    positions = {}
    for key, headers in column_headers().items():
        for index, text in enumerate(normalised):
            if text and text in headers and index not in positions.values():
                positions[key] = index
                break
    has_time = "timestamp" in positions or {"date", "time"} <= set(positions)
    return positions if "user_id" in positions and has_time else None
