"""What BKPSDM keeps in the portal so a SIASN export can be imported as it comes from BKN.

`SiasnColumn`: for each value the import reads (NIP, name, titles, position, organisation unit,
ASN type...), the column headings that carry it, kept as data: when BKN renames a column, BKPSDM
adds the new heading on the page "Kolom SIASN", no release needed. A migration fills SIASN's usual
headings (both the web export's "Nama", "Unit Organisasi" and the raw download's "NIP_BARU",
"UNOR_NAMA").

`UnitMapping`: SIASN's organisation unit (unor: its id and/or name) -> the portal's unit, or
explicitly skipped (rows of that unor are left out of an import). A unor whose normalised name is
exactly a portal unit's name needs no row: the import matches it by name (`name_key`).
"""

import re
import unicodedata

from django.db import models
from django.db.models import Q

from common.text import VisibleText, VisibleTextModel
from opd.models import Unit


def name_key(text: str) -> str:
    """A unit name compared as people read it: NFKC, case and punctuation spacing ignored."""
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    text = re.sub(r"[\s.,;:()\-/]+", " ", text)
    return text.strip()


class SiasnField(models.TextChoices):
    NIP = "nip", "NIP"
    NAME = "name", "Nama"
    FRONT_TITLE = "front_title", "Gelar depan"
    BACK_TITLE = "back_title", "Gelar belakang"
    ASN_TYPE = "asn_type", "Jenis ASN (PNS/PPPK)"
    POSITION_NAME = "position_name", "Jabatan"
    POSITION_TYPE = "position_type", "Jenis jabatan"
    GOLONGAN = "golongan", "Golongan"
    UNOR_ID = "unor_id", "ID unit organisasi (unor)"
    UNOR_NAME = "unor_name", "Unit organisasi (unor)"


# Which values a SIASN file must carry (one of the headings of each); the others may be absent.
REQUIRED_FIELDS = (
    SiasnField.NIP,
    SiasnField.NAME,
    SiasnField.ASN_TYPE,
    SiasnField.POSITION_NAME,
    SiasnField.UNOR_NAME,
)
DEFAULT_HEADERS = {
    SiasnField.NIP: ["NIP", "NIP Baru", "NIP_BARU", "NIP ASN"],
    SiasnField.NAME: ["Nama", "Nama Lengkap", "NAMA"],
    SiasnField.FRONT_TITLE: ["Gelar Depan", "GELAR_DEPAN"],
    SiasnField.BACK_TITLE: ["Gelar Belakang", "GELAR_BELAKANG"],
    SiasnField.ASN_TYPE: [
        "Jenis ASN",
        "Jenis Pegawai",
        "JENIS_PEGAWAI_NAMA",
        "Status ASN",
        "Status Kepegawaian",
    ],
    SiasnField.POSITION_NAME: ["Jabatan", "Nama Jabatan", "JABATAN_NAMA"],
    SiasnField.POSITION_TYPE: ["Jenis Jabatan", "JENIS_JABATAN_NAMA"],
    SiasnField.GOLONGAN: ["Golongan", "Gol Akhir", "GOL_AKHIR_NAMA", "Golongan/Ruang"],
    SiasnField.UNOR_ID: ["Unor ID", "ID Unor", "UNOR_ID"],
    SiasnField.UNOR_NAME: ["Unit Organisasi", "Unor", "Nama Unor", "UNOR_NAMA"],
}


def heading_key(text) -> str:
    """A column heading compared: case, spaces and underscores ignored ("NIP_BARU" = "nip baru")."""
    return " ".join(str(text or "").replace("_", " ").split()).casefold()


class SiasnColumn(models.Model):
    field = models.CharField("isian", max_length=20, choices=SiasnField.choices, unique=True)
    headers = models.TextField(
        "judul kolom di berkas SIASN",
        help_text="Satu judul per baris; huruf besar/kecil, spasi dan garis bawah diabaikan.",
    )

    class Meta:
        verbose_name = "kolom SIASN"
        verbose_name_plural = "kolom SIASN"
        ordering = ["pk"]

    def __str__(self):
        return self.get_field_display()

    def heading_keys(self) -> list[str]:
        return [heading_key(line) for line in self.headers.splitlines() if line.strip()]


class UnitMapping(VisibleTextModel, models.Model):
    siasn_id = models.CharField(
        "ID unor SIASN",
        max_length=64,
        blank=True,
        help_text="Bila berkas memuat kolom ID unor, baris dicocokkan dengan ID ini lebih dulu.",
    )
    siasn_name = models.CharField("nama unor SIASN", max_length=300)
    name_key = models.CharField(max_length=300, editable=False, unique=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="unit portal",
    )
    skip = models.BooleanField(
        "lewati",
        default=False,
        help_text="Baris dengan unor ini dilewati setiap impor (mis. unit di luar Pemerintah "
        "Kota).",
    )
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        verbose_name = "pemetaan unit SIASN"
        verbose_name_plural = "pemetaan unit SIASN"
        ordering = ["siasn_name", "pk"]
        constraints = [
            VisibleText(fields=["siasn_name", "siasn_id"], name="unit_mapping_text_visible"),
            # Either a portal unit or skipped, never both and never neither.
            models.CheckConstraint(
                condition=Q(unit__isnull=False, skip=False) | Q(unit__isnull=True, skip=True),
                name="unit_mapping_unit_or_skip",
            ),
            models.UniqueConstraint(
                fields=["siasn_id"], condition=~Q(siasn_id=""), name="unit_mapping_siasn_id_once"
            ),
        ]

    def __str__(self):
        return self.siasn_name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.siasn_name)
        super().save(*args, **kwargs)
