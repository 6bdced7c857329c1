"""Building blocks of the demo city's catalogue, and its ordinary OPDs (secretariat + bidang)."""

import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils.text import slugify

from opd.models import OpdKind, PositionType, UnitKind
from opd.models import ServiceCategory as Sc

DATA_FILE = Path(__file__).parent / "data" / "palembang.json"
PNS_TOTAL = 9_377
PPPK_TOTAL = 4_493
CITY_HALL = (-2.991, 104.7567)
ADMIN = PositionType.ADMINISTRATOR
PENGAWAS = PositionType.PENGAWAS


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    category: str
    size: int  # staff at scale 1, head included
    profile: str  # key of demo.positions.PROFILES, or "office"
    head: str
    head_type: str
    head_family: str = ""  # academic titles of the head; blank: the OPD's field
    location: tuple[Decimal, Decimal] | None = None
    kecamatan: str = ""


@dataclass(frozen=True)
class OpdSpec:
    code: str
    name: str
    short_name: str
    kind: str
    degree: str  # field of study of most of its staff (picks their titles)
    jpt: str  # the one senior leadership post, held in the first unit
    jpt_family: str
    units: tuple[UnitSpec, ...]


def apportion(total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), never above a cap."""
    caps = caps or [None] * len(weights)
    result = [0] * len(weights)
    free = [i for i, w in enumerate(weights) if w > 0]
    remaining = total
    while free:
        wsum = sum(weights[i] for i in free)
        quotas = {i: remaining * weights[i] / wsum for i in free}
        over = [i for i in free if caps[i] is not None and quotas[i] >= caps[i]]
        if not over:
            floors = {i: int(q) for i, q in quotas.items()}
            order = sorted(free, key=lambda i: (floors[i] - quotas[i], i))
            for i in order[: remaining - sum(floors.values())]:
                floors[i] += 1
            for i, n in floors.items():
                result[i] = n
            break
        for i in over:
            result[i] = caps[i]
            remaining -= caps[i]
            free.remove(i)
    return result


def point(lat, lon) -> tuple[Decimal, Decimal] | None:
    if lat is None or lon is None:
        return None
    return (Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}"))


def size_for(code: str, low: int, high: int) -> int:
    # Seeded by the code, so adding a unit elsewhere does not resize this one.
    return random.Random(f"size:{code}").randint(low, high)


def code_for(prefix: str, name: str) -> str:
    slug = slugify(name).removeprefix("bidang-").removeprefix("bagian-")
    return f"{prefix}-{slug}"[:60].rstrip("-")


def unit(opd: str, name: str, size: int, *, kind=UnitKind.BIDANG, category=Sc.NONE, **extra):
    """A unit whose head is "Kepala <name>": administrator for a bidang, else pengawas."""
    extra.setdefault("code", code_for(opd, name))
    extra.setdefault("profile", "office")
    extra.setdefault("head", f"Kepala {name}")
    extra.setdefault("head_type", ADMIN if kind == UnitKind.BIDANG else PENGAWAS)
    return UnitSpec(name=name, kind=kind, category=category, size=size, **extra)


def secretariat(opd: str, opd_name: str, size: int, category=Sc.NONE, name="Sekretariat", **kw):
    head = f"Sekretaris {opd_name}" if name == "Sekretariat" else f"Kepala {name}"
    return unit(
        opd, name, size, kind=UnitKind.SEKRETARIAT, category=category, profile="secretariat",
        head=head, head_type=ADMIN, **kw,
    )  # fmt: skip


def office(code, name, short, kind, degree, size, bidang, *, jpt="", main="Sekretariat", loc=None):
    """An ordinary OPD: a secretariat with about 30% of the staff, the rest over its bidang."""
    head_of_bidang = [b if isinstance(b, tuple) else (b, f"Kepala {b}") for b in bidang]
    weights = [size_for(code_for(code, b), 85, 115) for b, _ in head_of_bidang]
    sizes = apportion(size - round(size * 0.3), weights)
    units = [secretariat(code, name, round(size * 0.3), name=main, location=loc)]
    units += [
        unit(code, b, n, head=head, location=loc)
        for (b, head), n in zip(head_of_bidang, sizes, strict=True)
    ]
    return OpdSpec(code, name, short, kind, degree, jpt or f"Kepala {name}", "", tuple(units))


def special(code, name, short, kind, degree, units, *, jpt="", jpt_family=""):
    return OpdSpec(code, name, short, kind, degree, jpt or f"Kepala {name}", jpt_family, units)


# code, name, short name, kind, field of study, staff at scale 1, bidang (name or (name, head))
ORDINARY_OPDS = (
    ("setwan", "Sekretariat DPRD", "Setwan", OpdKind.SEKRETARIAT, "admin", 180, (
        "Bagian Persidangan dan Perundang-undangan",
        "Bagian Fasilitasi Penganggaran dan Pengawasan",
        "Bagian Hubungan Masyarakat dan Protokol",
    )),
    ("inspektorat", "Inspektorat", "Inspektorat", OpdKind.INSPEKTORAT, "keuangan", 150, tuple(
        (f"Inspektorat Pembantu Wilayah {n}", f"Inspektur Pembantu Wilayah {n}")
        for n in ("I", "II", "III", "IV")
    )),
    ("bappeda", "Badan Perencanaan Pembangunan Daerah", "Bappeda", OpdKind.BADAN, "admin", 110, (
        "Bidang Pemerintahan dan Pembangunan Manusia",
        "Bidang Perekonomian dan Sumber Daya Alam",
        "Bidang Infrastruktur dan Kewilayahan",
        "Bidang Penelitian dan Pengembangan",
    )),
    ("bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", OpdKind.BADAN, "keuangan",
     300, ("Bidang Anggaran", "Bidang Perbendaharaan", "Bidang Akuntansi", "Bidang Aset")),
    ("bapenda", "Badan Pendapatan Daerah", "Bapenda", OpdKind.BADAN, "keuangan", 380, (
        "Bidang Pendataan dan Penetapan",
        "Bidang Penagihan dan Keberatan",
        "Bidang Pajak Bumi dan Bangunan",
        "Bidang Pengendalian dan Evaluasi",
    )),
    ("kesbangpol", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", OpdKind.BADAN, "admin", 60, (
        "Bidang Ideologi dan Wawasan Kebangsaan",
        "Bidang Politik Dalam Negeri",
        "Bidang Kewaspadaan Nasional dan Penanganan Konflik",
    )),
    ("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", OpdKind.BADAN,
     "admin", 160, (
        "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian",
        "Bidang Mutasi dan Promosi",
        "Bidang Pengembangan Kompetensi Aparatur",
        "Bidang Penilaian Kinerja Aparatur dan Penghargaan",
    )),
    ("pupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", OpdKind.DINAS, "teknik",
     450, (
        "Bidang Bina Marga",
        "Bidang Sumber Daya Air",
        "Bidang Cipta Karya",
        "Bidang Penataan Ruang",
        "Bidang Bina Konstruksi",
    )),
    ("perkim", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "Perkim", OpdKind.DINAS, "teknik",
     260, (
        "Bidang Perumahan",
        "Bidang Kawasan Permukiman",
        "Bidang Pertanahan",
        "Bidang Penerangan Jalan Umum",
    )),
    ("disbud", "Dinas Kebudayaan", "Disbud", OpdKind.DINAS, "budaya", 80, (
        "Bidang Cagar Budaya dan Permuseuman",
        "Bidang Kesenian",
        "Bidang Sejarah dan Nilai Tradisi",
    )),
    ("dispora", "Dinas Pemuda dan Olahraga", "Dispora", OpdKind.DINAS, "admin", 80, (
        "Bidang Kepemudaan",
        "Bidang Olahraga",
        "Bidang Sarana dan Prasarana",
    )),
    ("disnaker", "Dinas Ketenagakerjaan", "Disnaker", OpdKind.DINAS, "admin", 80, (
        "Bidang Pelatihan dan Produktivitas",
        "Bidang Penempatan Tenaga Kerja",
        "Bidang Hubungan Industrial dan Jaminan Sosial",
    )),
    ("dppkb", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "DPPKB", OpdKind.DINAS,
     "kesehatan", 220, (
        "Bidang Pengendalian Penduduk",
        "Bidang Keluarga Berencana dan Kesehatan Reproduksi",
        "Bidang Ketahanan dan Kesejahteraan Keluarga",
    )),
    ("dpkp", "Dinas Pertanian dan Ketahanan Pangan", "DPKP", OpdKind.DINAS, "pertanian", 220, (
        "Bidang Tanaman Pangan dan Hortikultura",
        "Bidang Peternakan dan Kesehatan Hewan",
        "Bidang Ketahanan Pangan",
        "Bidang Penyuluhan",
    )),
    ("perikanan", "Dinas Perikanan", "Diskan", OpdKind.DINAS, "perikanan", 80, (
        "Bidang Perikanan Budidaya",
        "Bidang Perikanan Tangkap",
        "Bidang Pengolahan dan Pemasaran Hasil Perikanan",
    )),
    ("dinkop", "Dinas Koperasi dan Usaha Kecil dan Menengah", "Dinas Koperasi dan UKM",
     OpdKind.DINAS, "admin", 70, (
        "Bidang Kelembagaan dan Pengawasan Koperasi",
        "Bidang Pemberdayaan Usaha Kecil dan Menengah",
        "Bidang Pembiayaan",
    )),
    ("disdag", "Dinas Perdagangan", "Disdag", OpdKind.DINAS, "admin", 220, (
        "Bidang Perdagangan Dalam Negeri",
        "Bidang Pengelolaan Pasar",
        "Bidang Metrologi Legal",
        "Bidang Perlindungan Konsumen",
    )),
    ("disperin", "Dinas Perindustrian", "Disperin", OpdKind.DINAS, "teknik", 60, (
        "Bidang Industri Agro",
        "Bidang Industri Logam, Mesin dan Kimia",
        "Bidang Industri Kecil dan Menengah",
    )),
    ("dlhk", "Dinas Lingkungan Hidup dan Kebersihan", "DLHK", OpdKind.DINAS, "teknik", 550, (
        "Bidang Kebersihan dan Pengelolaan Sampah",
        "Bidang Pengendalian Pencemaran",
        "Bidang Pertamanan dan Ruang Terbuka Hijau",
        "Bidang Tata Lingkungan",
    )),
    ("dispar", "Dinas Pariwisata", "Dispar", OpdKind.DINAS, "budaya", 70, (
        "Bidang Destinasi Pariwisata",
        "Bidang Pemasaran Pariwisata",
        "Bidang Ekonomi Kreatif",
    )),
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo", OpdKind.DINAS, "it", 90, (
        "Bidang Informasi dan Komunikasi Publik",
        "Bidang Aplikasi Informatika",
        "Bidang Statistik dan Persandian",
        "Bidang Infrastruktur Teknologi Informasi",
    )),
    ("dispusip", "Dinas Kearsipan dan Perpustakaan", "Dispusip", OpdKind.DINAS, "perpustakaan",
     80, (
        "Bidang Perpustakaan",
        "Bidang Kearsipan",
        "Bidang Pengembangan Minat Baca",
    )),
)  # fmt: skip

SETDA_BAGIAN = (
    "Bagian Pemerintahan",
    "Bagian Hukum",
    "Bagian Organisasi",
    "Bagian Perekonomian dan Sumber Daya Alam",
    "Bagian Kesejahteraan Rakyat",
    "Bagian Pengadaan Barang dan Jasa",
    "Bagian Protokol dan Komunikasi Pimpinan",
    "Bagian Perencanaan dan Keuangan",
)


def ordinary_opds(city_hall) -> list[OpdSpec]:
    """The Sekretariat Daerah (all at the city hall), then the OPDs of ORDINARY_OPDS."""
    opds = [
        office(
            "setda",
            "Sekretariat Daerah",
            "Setda",
            OpdKind.SEKRETARIAT,
            "admin",
            520,
            SETDA_BAGIAN,
            jpt="Sekretaris Daerah",
            main="Bagian Umum",
            loc=city_hall,
        )
    ]
    for code, name, short, kind, degree, size, bidang in ORDINARY_OPDS:
        main = "Bagian Umum dan Keuangan" if code == "setwan" else "Sekretariat"
        jpt = {"setwan": "Sekretaris DPRD", "inspektorat": "Inspektur"}.get(code, "")
        opds.append(office(code, name, short, kind, degree, size, bidang, jpt=jpt, main=main))
    return opds
