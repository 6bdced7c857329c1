"""Text that can be trusted: no invisible characters, one Unicode form.

Names, titles, places and free text typed into the portal are shown to others, printed and
exported. Invisible characters change what a reader sees: RIGHT-TO-LEFT OVERRIDE (U+202E) shows
"Budi\u202eexe.txt" as "Budi" followed by "txt.exe", zero-width spaces and joiners make two
different names look the same. So text holds no format character (Unicode category Cf: bidi
controls, zero-width characters, soft hyphens, tags) and no control character but tab and line
breaks (Cc), and is stored in NFC (an "é" typed as e + combining accent is the same name).

Three layers say it the same way:
- forms (`VisibleTextForm`): short texts (names, titles, places) are refused with the character
  named; long free texts listed in `strip_invisible` (comments, report texts) lose them, and the
  form says so (`stripped_note`), because a phone's emoji can carry a zero-width joiner;
- models (`VisibleTextModel`, for the admin and the staff import): refused per field;
- the database (`VisibleText`, a CHECK constraint): on PostgreSQL, a regular expression over the
  same characters. SQLite has no regular expressions of its own (Django adds REGEXP to its own
  connections only), so there the forms and models are the guard.
"""

import sys
import unicodedata
from functools import reduce
from operator import and_

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

KEPT_CONTROLS = "\t\n\r"
CODE = "invisible_characters"


def _is_invisible(char: str) -> bool:
    category = unicodedata.category(char)
    return category == "Cf" or (category == "Cc" and char not in KEPT_CONTROLS)


def _ranges() -> list[tuple[int, int]]:
    # From 1: no database text holds NUL, and PostgreSQL refuses it even in a pattern.
    points = [c for c in range(1, sys.maxunicode + 1) if _is_invisible(chr(c))]
    ranges = [[points[0], points[0]]]
    for point in points[1:]:
        if point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return [(start, end) for start, end in ranges]


def _escape(point: int) -> str:
    return f"\\u{point:04x}" if point <= 0xFFFF else f"\\U{point:08x}"


# One character class in the syntax both Python's re and PostgreSQL's regular expressions read.
PATTERN = (
    "["
    + "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in _ranges())
    + "]"
)


def invisible_characters(text: str) -> list[str]:
    """The invisible characters in `text`, each once, in order of appearance."""
    return list(dict.fromkeys(char for char in text if _is_invisible(char)))


def strip_invisible(text: str) -> str:
    return "".join(char for char in text if not _is_invisible(char))


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def describe(chars: list[str]) -> str:
    """'U+202E (RIGHT-TO-LEFT OVERRIDE)' for each character, the first three."""
    named = [f"U+{ord(c):04X} ({unicodedata.name(c, 'kontrol')})" for c in chars[:3]]
    more = f" dan {len(chars) - 3} lainnya" if len(chars) > 3 else ""
    return ", ".join(named) + more


def refusal(chars: list[str]) -> str:
    return (
        f"Berisi karakter tak terlihat {describe(chars)}, yang dapat membalik atau menyembunyikan "
        "sebagian teks. Ketik ulang isinya (karakter ini sering terbawa saat menyalin dari "
        "aplikasi lain)."
    )


def validate_visible(text: str) -> None:
    if found := invisible_characters(text):
        raise ValidationError(refusal(found), code=CODE)


class VisibleText(models.CheckConstraint):
    """`fields` hold no invisible character: a CHECK on PostgreSQL, nothing on other databases
    (the models and forms check it in Python everywhere)."""

    def __init__(self, *, fields, name, **kwargs):
        kwargs.pop("condition", None)
        self.fields = tuple(fields)
        condition = reduce(and_, (~Q(**{f"{field}__regex": PATTERN}) for field in self.fields))
        super().__init__(condition=condition, name=name, **kwargs)

    def constraint_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model, instance, exclude=None, using=None):
        """Said per field by VisibleTextModel.clean_fields, with the character named."""

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs.pop("condition")
        return path, args, {**kwargs, "fields": self.fields}

    def __eq__(self, other):
        if isinstance(other, VisibleText):
            return (self.name, self.fields) == (other.name, other.fields)
        return super().__eq__(other)


def visible_text_fields(model) -> tuple[str, ...]:
    return tuple(
        field
        for constraint in model._meta.constraints
        if isinstance(constraint, VisibleText)
        for field in constraint.fields
    )


class VisibleTextModel:
    """Mixed into a model with a VisibleText constraint: its fields are stored in NFC, and an
    invisible character is refused on that field (the admin's forms, the staff import)."""

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name in visible_text_fields(type(self)):
            value = getattr(self, name)
            if (exclude and name in exclude) or name in errors or not isinstance(value, str):
                continue
            setattr(self, name, normalise(value))
            if found := invisible_characters(value):
                errors[name] = [ValidationError(refusal(found), code=CODE)]
        if errors:
            raise ValidationError(errors)


class VisibleTextForm:
    """Mixed into a form: every text it cleans is NFC; an invisible character is refused on its
    field, except in `strip_invisible` fields (long free text), where it is removed and
    `stripped_note()` says so for the page after saving."""

    strip_invisible: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        self.stripped = []
        for name, value in list(data.items()):
            if not isinstance(value, str):
                continue
            value = normalise(value)
            if found := invisible_characters(value):
                if name not in self.strip_invisible:
                    self.add_error(name, ValidationError(refusal(found), code=CODE))
                    continue
                value = strip_invisible(value)
                self.stripped.append(str(self.fields[name].label or name))
            data[name] = value
        return data

    def stripped_note(self) -> str:
        if not getattr(self, "stripped", None):
            return ""
        return (
            f"Karakter tak terlihat (pengatur arah teks atau karakter lebar-nol) dihapus dari "
            f"{', '.join(self.stripped)} sebelum disimpan."
        )


def strip_stored(apps, app_label: str, fields_by_model: dict[str, tuple[str, ...]]) -> None:
    """For the migrations that add VisibleText: rows already holding invisible characters lose
    them (in NFC), so the new CHECK finds none. Only matching rows are read and written."""
    for model_name, fields in fields_by_model.items():
        model = apps.get_model(app_label, model_name)
        matching = reduce(lambda a, b: a | b, (Q(**{f"{f}__regex": PATTERN}) for f in fields))
        rows = list(model._base_manager.filter(matching))
        for row in rows:
            for field in fields:
                if isinstance(getattr(row, field), str):
                    setattr(row, field, normalise(strip_invisible(getattr(row, field))))
        model._base_manager.bulk_update(rows, fields, batch_size=500)


def invisible_errors(form) -> list[str]:
    """The form's refusals of invisible characters, each with its field's label, for views that
    answer a bad form with one message instead of the form."""
    return [
        f"{form.fields[name].label or name}: {error.message}"
        for name, errors in form.errors.as_data().items()
        if name in form.fields
        for error in errors
        if error.code == CODE
    ]
