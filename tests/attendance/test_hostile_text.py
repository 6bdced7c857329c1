"""Invisible characters typed into the attendance pages: refused in places, stripped with a note
from a citizen's comment and a report's outputs (common/text.py)."""

from attendance.models import CheckIn, ServiceFeedback

FORM = "/masukan/pkm-makrayu/"
RLO = "\u202e"


def test_a_citizens_comment_loses_invisible_characters_and_is_told_so(client, window, unit_a):
    comment = "Petugas ramah 👍 tapi antre lama 🤦\u200d♀️"
    response = client.post(FORM, {"rating": "4", "comment": comment}, follow=True)
    assert response.status_code == 200
    assert "Karakter tak terlihat" in response.content.decode()
    assert ServiceFeedback.objects.get().comment == "Petugas ramah 👍 tapi antre lama 🤦♀️"


def test_a_spoofed_contact_is_refused_and_nothing_is_stored(client, window, unit_a):
    response = client.post(FORM, {"rating": "4", "contact": f"0811{RLO}999"})
    assert response.status_code == 400
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in response.content.decode()
    assert not ServiceFeedback.objects.exists()


def test_a_wfa_place_with_a_bidi_override_is_refused_at_check_in(login, employee_user, today):
    response = login(employee_user).post(
        "/presensi/masuk/", {"mode": "WFA", "day": today.pk, "place": f"Lahat{RLO}txt.exe"}
    )
    assert response.status_code == 400
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in response.content.decode()
    assert not CheckIn.objects.exists()
