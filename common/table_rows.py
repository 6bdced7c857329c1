"""The data rows of an uploaded table below its header row, shared by every import.

The staff import, the absences import and the targets import read a sheet (or a CSV) the same
way once they have found the header row: blank rows are skipped, each row becomes {column key:
cell} for the columns the header named, with the row's number as people see it in their
spreadsheet, and a file with more data rows than the limit is refused before anything is written.
"""

from collections.abc import Iterable, Iterator

from django.core.exceptions import ValidationError


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def data_rows(
    cells: Iterable, positions: dict[str, int], *, header_row: int, limit: int
) -> Iterator[tuple[int, dict]]:
    """(row number, {key: cell}) for each non-blank row after `header_row`; more than `limit`
    such rows is a ValidationError (code "too_many_rows")."""
    count = 0
    for number, values in enumerate(cells, start=header_row + 1):
        values = list(values)
        if all(blank(value) for value in values):
            continue
        count += 1
        if count > limit:
            raise ValidationError(
                f"Berkas berisi lebih dari {limit:,} baris data".replace(",", ".")
                + "; bagi menjadi beberapa berkas. Tidak ada data yang diubah.",
                code="too_many_rows",
            )
        yield number, {k: values[i] if i < len(values) else None for k, i in positions.items()}
