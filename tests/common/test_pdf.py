"""The PDF building blocks (common/pdf.py): wrapping never loses a character, columns share the
page width, and a heading never ends a page alone."""

from common.pdf import Column, Document, fit_columns


def document() -> Document:
    return Document(landscape=True, footer="Uji", title="Uji", subject="Uji")


def test_wrapping_keeps_every_character_of_a_text_too_wide_for_its_column():
    pdf = document()
    pdf.set_font("DejaVuSansCondensed", size=8)
    text = "Siti Nur’aini, S.Kep. éı Kelurahan 19Ilir-Sungai-Pangeran-Dalam-Kota"
    lines = pdf.wrap(text, 20)
    assert len(lines) > 2
    assert all(pdf.get_string_width(line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_fixed_columns_keep_their_width_and_the_others_share_the_rest():
    specs = [("NIP", 31, 0, "L"), ("Nama", 30, 40, "L"), ("Jabatan", 30, 80, "L")]
    nip, name, position = fit_columns(277, specs)
    assert nip == Column("NIP", 31, "L")
    assert round(name.width + position.width, 6) == 277 - 31
    assert position.width == 2 * name.width  # what they want fits: shared in proportion
    nip, name, position = fit_columns(100, specs)  # it does not: each gets its least width
    assert name.width >= 30 and position.width >= 30  # and the room left by what it lacks
    assert round(nip.width + name.width + position.width, 6) == 100


def test_a_heading_at_the_foot_of_a_page_moves_to_the_next_with_its_table():
    pdf = document()
    pdf.set_y(pdf.page_break_trigger - 15)
    pdf.heading("Mode kerja per pegawai", size=10)
    assert pdf.page_no() == 2
