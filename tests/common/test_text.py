"""Text that can be trusted (common/text.py): one rule for forms, models and the database."""

import re
import unicodedata

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from common.text import PATTERN, VisibleTextForm, invisible_characters, strip_invisible
from opd.models import Employee

pytestmark = pytest.mark.django_db

RLO = "\u202e"


@given(st.characters())
def test_the_database_pattern_and_the_python_rule_agree_on_every_character(char):
    invisible = unicodedata.category(char) == "Cf" or (
        unicodedata.category(char) == "Cc" and char not in "\t\n\r"
    )
    assert bool(re.search(PATTERN, char)) == (invisible and char != "\x00")
    assert bool(invisible_characters(char)) == invisible


@given(st.text())
def test_stripping_leaves_nothing_invisible(text):
    assert not invisible_characters(strip_invisible(text))


def test_the_admin_refuses_a_spoofed_name_with_the_character_named(client, bkpsdm, employee_a):
    bkpsdm.is_staff = bkpsdm.is_superuser = True
    bkpsdm.save()
    client.force_login(bkpsdm)
    url = f"/admin/opd/employee/{employee_a.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"name": f"Siti{RLO}exe.txt", "unit": employee_a.unit_id}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in response.content.decode()
    employee_a.refresh_from_db()
    assert RLO not in employee_a.name


def test_a_form_refuses_short_text_and_strips_free_text_with_a_note():
    from django import forms

    class Note(VisibleTextForm, forms.Form):
        strip_invisible = ("comment",)
        place = forms.CharField(label="Tempat")
        comment = forms.CharField(label="Komentar")

    form = Note({"place": f"Lahat{RLO}", "comment": "Antre lama 🤦\u200d♀️ Cafe\u0301"})
    assert not form.is_valid()
    assert "U+202E" in form.errors["place"][0]
    assert form.cleaned_data["comment"] == "Antre lama 🤦♀️ Café"  # stripped, in NFC
    assert "dihapus dari Komentar" in form.stripped_note()


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="the CHECK is PostgreSQL's; SQLite has no regular expressions of its own",
)
@pytest.mark.parametrize("table, column", [("opd_employee", "name"), ("opd_unit", "name")])
def test_postgresql_refuses_an_invisible_character_written_past_the_portal(
    employee_a, table, column
):
    with (
        pytest.raises(IntegrityError, match="text_visible"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET {column} = %s", [f"Budi{RLO}exe"])
    assert Employee.objects.get().name == employee_a.name
