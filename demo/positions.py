"""Who works where in the demo city: the posts of each kind of unit, with relative weights.

Since the 2021 simplification of the bureaucracy most echelon IV posts became functional posts, so a
unit has one head (administrator or pengawas) and otherwise fungsional and pelaksana staff; the
pelaksana names follow KepmenPANRB 11/2024 ("Penata/Pengelola/Operator Layanan Operasional").
"""

from dataclasses import dataclass

from opd.models import PositionType


@dataclass(frozen=True)
class Post:
    """A post that several staff of a unit may hold.

    ladder: "ahli" (Pertama/Muda/Madya), "terampil" (Terampil/Mahir/Penyelia), "pemula" (from
    Pemula up) or "" for a pelaksana post. family picks the academic titles; blank means the
    field of the OPD. female: the share of women, None for the unit's share.
    """

    name: str
    ladder: str
    weight: int
    family: str = ""
    female: float | None = None

    @property
    def position_type(self) -> str:
        return PositionType.FUNGSIONAL if self.ladder else PositionType.PELAKSANA


@dataclass(frozen=True)
class Profile:
    female: float
    pppk_share: float  # PPPK are hired mostly as teachers and health workers
    posts: tuple[Post, ...]


_ADMIN = (
    Post("Pengadministrasi Perkantoran", "", 5),
    Post("Penata Layanan Operasional", "", 4),
    Post("Pengelola Layanan Operasional", "", 3),
    Post("Operator Layanan Operasional", "", 2, female=0.2),
)

_OFFICE = (
    Post("Analis Kebijakan", "ahli", 2),
    Post("Perencana", "ahli", 1),
    Post("Pranata Komputer", "terampil", 1, "it"),
    Post("Arsiparis", "terampil", 1),
    *_ADMIN,
)

_SECRETARIAT = (
    *_OFFICE,
    Post("Analis Keuangan Pusat dan Daerah", "ahli", 2, "keuangan"),
    Post("Analis Sumber Daya Manusia Aparatur", "ahli", 1),
    Post("Pranata Keuangan APBN", "terampil", 1, "keuangan"),
)

_NURSES = (
    Post("Perawat", "ahli", 8, "perawat", 0.75),
    Post("Perawat", "terampil", 14, "perawat", 0.75),
)

# Specialist posts that bidang of an ordinary OPD add to _OFFICE (twice their weight).
SPECIALISTS: dict[str, tuple[Post, ...]] = {
    "setda": (
        Post("Analis Hukum", "ahli", 2, "hukum"),
        Post("Perancang Peraturan Perundang-undangan", "ahli", 1, "hukum"),
        Post("Pranata Hubungan Masyarakat", "ahli", 1),
        Post("Pengelola Pengadaan Barang/Jasa", "ahli", 1),
    ),
    "setwan": (
        Post("Analis Hukum", "ahli", 1, "hukum"),
        Post("Pranata Hubungan Masyarakat", "ahli", 1),
    ),
    "inspektorat": (
        Post("Auditor", "ahli", 5, "keuangan"),
        Post("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", "ahli", 4),
    ),
    "bappeda": (Post("Perencana", "ahli", 5), Post("Statistisi", "ahli", 1, "it")),
    "bpkad": (
        Post("Analis Keuangan Pusat dan Daerah", "ahli", 4, "keuangan"),
        Post("Pranata Keuangan APBN", "terampil", 2, "keuangan"),
    ),
    "bapenda": (
        Post("Pemeriksa Pajak Daerah", "ahli", 3, "keuangan"),
        Post("Pengelola Pajak dan Retribusi Daerah", "", 4, "keuangan"),
    ),
    "kesbangpol": (Post("Analis Kebijakan", "ahli", 2),),
    "bkpsdm": (
        Post("Analis Sumber Daya Manusia Aparatur", "ahli", 5),
        Post("Pranata Sumber Daya Manusia Aparatur", "terampil", 3),
        Post("Asesor Sumber Daya Manusia Aparatur", "ahli", 1, "psikologi"),
    ),
    "pupr": (
        Post("Teknik Jalan dan Jembatan", "ahli", 4, female=0.2),
        Post("Teknik Pengairan", "ahli", 2, female=0.2),
        Post("Penata Ruang", "ahli", 2),
        Post("Operator Layanan Operasional", "", 3, female=0.05),
    ),
    "perkim": (
        Post("Teknik Tata Bangunan dan Perumahan", "ahli", 4, female=0.3),
        Post("Penata Ruang", "ahli", 1),
    ),
    "disbud": (Post("Pamong Budaya", "ahli", 3), Post("Pamong Budaya", "terampil", 2)),
    "dispora": (Post("Pelatih Olahraga", "ahli", 3, "olahraga"),),
    "dinkes": (
        Post("Administrator Kesehatan", "ahli", 3, "kesmas"),
        Post("Epidemiolog Kesehatan", "ahli", 1, "kesmas"),
        Post("Penyuluh Kesehatan Masyarakat", "ahli", 1, "kesmas"),
    ),
    "dinsos": (
        Post("Pekerja Sosial", "ahli", 4),
        Post("Pekerja Sosial", "terampil", 2),
        Post("Penyuluh Sosial", "ahli", 2),
    ),
    "disnaker": (
        Post("Mediator Hubungan Industrial", "ahli", 3, "hukum"),
        Post("Pengantar Kerja", "ahli", 3),
        Post("Instruktur", "terampil", 2),
    ),
    "dp3apm": (
        Post("Penggerak Swadaya Masyarakat", "ahli", 4),
        Post("Pekerja Sosial", "ahli", 2),
    ),
    "dppkb": (
        Post("Penyuluh Keluarga Berencana", "ahli", 8, female=0.7),
        Post("Penyuluh Keluarga Berencana", "terampil", 2, female=0.7),
    ),
    "dukcapil": (
        Post("Administrator Database Kependudukan", "ahli", 3, "it"),
        Post("Pranata Komputer", "terampil", 2, "it"),
        Post("Penata Layanan Operasional", "", 4),
    ),
    "dpkp": (
        Post("Penyuluh Pertanian", "ahli", 5),
        Post("Penyuluh Pertanian", "terampil", 3),
        Post("Pengawas Mutu Hasil Pertanian", "ahli", 1),
        Post("Medik Veteriner", "ahli", 1, "dokter_hewan"),
    ),
    "perikanan": (
        Post("Penyuluh Perikanan", "ahli", 4),
        Post("Pengendali Hama dan Penyakit Ikan", "ahli", 2),
    ),
    "dinkop": (Post("Pengawas Koperasi", "ahli", 4),),
    "disdag": (
        Post("Penera", "terampil", 3),
        Post("Pengawas Perdagangan", "ahli", 2),
        Post("Pengelola Layanan Operasional", "", 4),
    ),
    "disperin": (Post("Pembina Industri", "ahli", 4),),
    "dpmptsp": (Post("Penata Perizinan", "ahli", 4),),
    "dlhk": (
        Post("Pengendali Dampak Lingkungan", "ahli", 3),
        Post("Pengawas Lingkungan Hidup", "ahli", 2),
        Post("Operator Layanan Operasional", "", 6, female=0.05),
        Post("Pengelola Layanan Operasional", "", 4),
    ),
    "dispar": (Post("Adyatama Kepariwisataan dan Ekonomi Kreatif", "ahli", 4),),
    "diskominfo": (
        Post("Pranata Komputer", "ahli", 4, "it"),
        Post("Pranata Hubungan Masyarakat", "ahli", 3),
        Post("Statistisi", "ahli", 2, "it"),
        Post("Sandiman", "ahli", 1, "it"),
    ),
    "dispusip": (
        Post("Pustakawan", "ahli", 3),
        Post("Pustakawan", "terampil", 3),
        Post("Arsiparis", "ahli", 3),
    ),
    "pendidikan": (
        Post("Pengawas Sekolah", "ahli", 2, "guru"),
        Post("Pengembang Teknologi Pembelajaran", "ahli", 1, "guru"),
    ),
}

PROFILES: dict[str, Profile] = {
    "puskesmas": Profile(0.72, 0.45, (
        Post("Dokter", "ahli", 6, "dokter", 0.6),
        Post("Dokter Gigi", "ahli", 2, "dokter_gigi", 0.7),
        *_NURSES,
        Post("Bidan", "ahli", 3, "bidan", 1.0),
        Post("Bidan", "terampil", 12, "bidan", 1.0),
        Post("Apoteker", "ahli", 2, "apoteker"),
        Post("Asisten Apoteker", "terampil", 3, "farmasi"),
        Post("Pranata Laboratorium Kesehatan", "terampil", 3, "lab"),
        Post("Nutrisionis", "terampil", 2, "gizi", 0.85),
        Post("Sanitarian", "terampil", 2, "sanitasi"),
        Post("Penyuluh Kesehatan Masyarakat", "ahli", 2, "kesmas"),
        Post("Epidemiolog Kesehatan", "ahli", 1, "kesmas"),
        Post("Perekam Medis", "terampil", 3, "rekam_medis"),
        Post("Pengadministrasi Perkantoran", "", 4),
        Post("Pengelola Layanan Operasional", "", 2),
        Post("Operator Layanan Operasional", "", 2, female=0.2),
    )),
    "igd": Profile(0.6, 0.4, (
        Post("Dokter", "ahli", 5, "dokter", 0.5),
        Post("Dokter Spesialis", "ahli", 1, "spesialis", 0.4),
        *_NURSES,
        Post("Perekam Medis", "terampil", 1, "rekam_medis"),
        Post("Operator Layanan Operasional", "", 2, female=0.1),
    )),
    "rawat_inap": Profile(0.75, 0.4, (
        Post("Dokter", "ahli", 3, "dokter", 0.6),
        Post("Dokter Spesialis", "ahli", 3, "spesialis", 0.45),
        Post("Perawat", "ahli", 12, "perawat", 0.75),
        Post("Perawat", "terampil", 20, "perawat", 0.75),
        Post("Bidan", "ahli", 2, "bidan", 1.0),
        Post("Bidan", "terampil", 6, "bidan", 1.0),
        Post("Nutrisionis", "terampil", 1, "gizi", 0.85),
        Post("Pengadministrasi Perkantoran", "", 2),
    )),
    "rawat_jalan": Profile(0.65, 0.35, (
        Post("Dokter Spesialis", "ahli", 6, "spesialis", 0.45),
        Post("Dokter", "ahli", 3, "dokter", 0.6),
        Post("Dokter Gigi", "ahli", 2, "dokter_gigi", 0.7),
        *_NURSES,
        Post("Fisioterapis", "terampil", 2, "fisioterapi"),
        Post("Perekam Medis", "terampil", 2, "rekam_medis"),
        Post("Pengadministrasi Perkantoran", "", 3),
    )),
    "bedah": Profile(0.5, 0.3, (
        Post("Dokter Spesialis", "ahli", 3, "spesialis", 0.3),
        Post("Penata Anestesi", "terampil", 3, "anestesi"),
        *_NURSES,
        Post("Teknisi Elektromedis", "terampil", 1, "it", 0.2),
    )),
    "intensif": Profile(0.65, 0.35, (
        Post("Dokter", "ahli", 2, "dokter", 0.5),
        Post("Dokter Spesialis", "ahli", 1, "spesialis", 0.4),
        *_NURSES,
    )),
    "farmasi": Profile(0.75, 0.4, (
        Post("Apoteker", "ahli", 3, "apoteker"),
        Post("Asisten Apoteker", "terampil", 6, "farmasi"),
        Post("Pengadministrasi Perkantoran", "", 2),
    )),
    "laboratorium": Profile(0.7, 0.4, (
        Post("Pranata Laboratorium Kesehatan", "terampil", 6, "lab"),
        Post("Pranata Laboratorium Kesehatan", "ahli", 2, "lab"),
        Post("Dokter Spesialis", "ahli", 1, "spesialis", 0.5),
    )),
    "radiologi": Profile(0.45, 0.35, (
        Post("Radiografer", "terampil", 5, "radiografer"),
        Post("Dokter Spesialis", "ahli", 1, "spesialis", 0.4),
    )),
    "gizi": Profile(0.8, 0.35, (
        Post("Nutrisionis", "terampil", 4, "gizi", 0.85),
        Post("Nutrisionis", "ahli", 2, "gizi", 0.85),
        Post("Operator Layanan Operasional", "", 3),
    )),
    "rekam_medis": Profile(0.65, 0.4, (
        Post("Perekam Medis", "terampil", 6, "rekam_medis"),
        Post("Perekam Medis", "ahli", 1, "rekam_medis"),
        Post("Pengadministrasi Perkantoran", "", 3),
    )),
    "psc": Profile(0.5, 0.4, (
        Post("Dokter", "ahli", 2, "dokter", 0.5),
        *_NURSES,
        Post("Operator Layanan Operasional", "", 4, female=0.1),
    )),
    "pos_damkar": Profile(0.05, 0.3, (
        Post("Pemadam Kebakaran", "pemula", 12),
        Post("Analis Kebakaran", "ahli", 1),
        Post("Operator Layanan Operasional", "", 2),
        Post("Pengadministrasi Perkantoran", "", 1, female=0.4),
    )),
    "satpol": Profile(0.2, 0.35, (
        Post("Polisi Pamong Praja", "terampil", 10, "hukum"),
        Post("Polisi Pamong Praja", "ahli", 2, "hukum"),
        Post("Pengadministrasi Perkantoran", "", 2, female=0.5),
        Post("Operator Layanan Operasional", "", 2),
    )),
    "dishub": Profile(0.15, 0.3, (
        Post("Petugas Lalu Lintas", "", 8),
        Post("Asisten Inspektur Transportasi", "terampil", 1),
        Post("Pengelola Layanan Operasional", "", 2),
        Post("Pengadministrasi Perkantoran", "", 2, female=0.5),
    )),
    "dishub_pkb": Profile(0.15, 0.3, (
        Post("Penguji Kendaraan Bermotor", "terampil", 6),
        Post("Penguji Kendaraan Bermotor", "ahli", 1),
        Post("Petugas Lalu Lintas", "", 1),
        Post("Pengadministrasi Perkantoran", "", 2, female=0.5),
    )),
    "sekolah": Profile(0.68, 0.55, (
        Post("Guru", "ahli", 14, "guru"),
        Post("Penilik", "ahli", 1, "guru"),
        Post("Pranata Komputer", "terampil", 1, "it"),
        Post("Pengadministrasi Perkantoran", "", 3),
        Post("Operator Layanan Operasional", "", 1, female=0.3),
    )),
    "kelurahan": Profile(0.5, 0.25, (
        Post("Penata Layanan Operasional", "", 3),
        Post("Pengadministrasi Perkantoran", "", 3),
        Post("Pengelola Layanan Operasional", "", 2),
        Post("Operator Layanan Operasional", "", 2, female=0.2),
        Post("Analis Kebijakan", "ahli", 1),
    )),
    "kantor_kecamatan": Profile(0.45, 0.25, (
        Post("Analis Kebijakan", "ahli", 2),
        Post("Pranata Komputer", "terampil", 1, "it"),
        Post("Arsiparis", "terampil", 1),
        Post("Polisi Pamong Praja", "terampil", 2, "hukum", 0.15),
        *_ADMIN,
    )),
    "layanan": Profile(0.6, 0.3, (
        Post("Penata Layanan Operasional", "", 5),
        Post("Pengadministrasi Perkantoran", "", 3),
        Post("Pranata Komputer", "terampil", 1, "it"),
    )),
    "rentan": Profile(0.7, 0.3, (
        Post("Pekerja Sosial", "ahli", 4),
        Post("Pekerja Sosial", "terampil", 3),
        Post("Psikolog Klinis", "ahli", 1, "psikologi"),
        Post("Perawat", "terampil", 2, "perawat", 0.75),
        Post("Pengelola Layanan Operasional", "", 3),
    )),
    "secretariat": Profile(0.5, 0.2, _SECRETARIAT),
}  # fmt: skip


def profile_for(profile: str, opd_code: str) -> Profile:
    """The posts of one unit; "office" is a bidang of an ordinary OPD plus its specialists."""
    if profile != "office":
        return PROFILES[profile]
    extra = tuple(
        Post(p.name, p.ladder, p.weight * 2, p.family, p.female)
        for p in SPECIALISTS.get(opd_code, ())
    )
    return Profile(0.5, 0.2, _OFFICE + extra)
