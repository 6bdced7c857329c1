"""Indonesian names for the demo staff, as they appear on a Palembang payroll.

Written by hand rather than with Faker, which is a development-only dependency. Palembang touches:
the old nobility prefixes (Kgs., Mgs., R., Nyimas, Nyayu, Masayu), the "-syah" and "-ansyah" names,
"H."/"Hj." for older staff who made the pilgrimage, and the academic titles of each profession.
"""

import random


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MALE = _words(
    """Ahmad Muhammad Abdul Rizki Andi Budi Hendra Dedi Fajar Agus Irwan Joko Rudi Yusuf Hadi
Arief Bayu Dimas Eko Ferry Gunawan Hari Iqbal Ilham Lukman Mulyadi Nanang Novri Rahmat Ridwan
Syahrul Taufik Umar Wahyu Yudi Zainal Zulkifli Firdaus Amrullah Rusdi Sobri Herman Edy Darmawan
Hasan Husin Ismail Jefri Romi Suhardi Syaiful Teguh Yoga Aditya Reza Randi Doni Erwin Fauzan Gilang
Hafiz Irfan Maulana Anton Heri Indra Rizal Sandi Tommy Yogi Arif Candra Deni Edwin Hendri Imam
Kurnia Mahmud Nopri Rahmad Sahril Toni Yayan Zulfikar Amir Bambang Dodi Alpian Rosidi"""
)

FEMALE = _words(
    """Siti Nurul Dewi Rina Yuli Sri Ratna Fitri Lina Maya Ani Desi Eka Erni Fitria Heni Indah
Intan Juwita Kartika Mega Novi Oktavia Putri Rahma Rini Santi Tuti Vina Wulan Yanti Yeni Zahra
Aisyah Anisa Ayu Dian Eva Fatimah Herlina Ida Irma Leni Marlina Meilani Nopi Puspa Reni Rosmala
Susi Winda Yulia Zubaidah Dwi Emi Febri Hartati Ismi Lia Melati Nova Ratih Selvi Tri Umi Wiwik Yuni
Anggun Citra Devi Elvira Fera Gita Hana Lusi Mira Nadia Okta Resti Silvia Tika Wati Yessi"""
)

SURNAME_MALE = _words(
    """Saputra Pratama Wijaya Hidayat Setiawan Kurniawan Nugroho Santoso Syahputra
Firmansyah Ramadhan Hakim Rahman Aziz Fauzi Effendi Hasibuan Siregar Lubis Harahap Nasution
Gunawan Susanto Hartono Wibowo Permana Purnama Maulana Ardiansyah Saputro Hamid Husein Rasyid
Zulkarnain Iskandar Anwar Sofyan Yahya Mahendra Prasetyo Darmawan Alamsyah Febriansyah
Novriansyah Apriansyah Julianto Herliansyah Desriansyah Kusuma Hermawan Wahyudi Sanjaya
Irawan Syafei Rivai Hasan Ibrahim Arifin Fahlevi Gani"""
)

SURNAME_FEMALE = _words(
    """Sari Lestari Wulandari Rahmawati Anggraini Utami Yuliani Novitasari Febriani
Oktaviani Handayani Maharani Permatasari Susanti Safitri Agustina Puspitasari Kurniasih Apriani
Marlina Fitriani Herawati Hidayati Aminah Fatimah Zahara Rosita Yanti Purnamasari Wahyuni
Septiani Desiana Indriani Kartini Suryani Mulyani Siregar Lubis Harahap Nasution Hasibuan
Ramadhani Pertiwi Yuliana Anjani Amalia Damayanti Rosmiati Nurjanah Yusnita"""
)

MONONYM_MALE = _words("Suparman Sudirman Jumadi Sukardi Rusman Kasmir Sarjono Supriyadi Suhaimi")
MONONYM_FEMALE = _words("Suryani Rosmawati Nurhayati Maryati Sulastri Rohani Rusmini Asnawati")
NOBLE_MALE = ("Kgs.", "Mgs.", "R.", "Kms.")
NOBLE_FEMALE = ("Nyimas", "Nyayu", "Masayu", "R.A.")
NAME_PREFIXES = {"dr.", "drg.", "drh.", "apt.", "H.", "Hj.", *NOBLE_MALE, *NOBLE_FEMALE}

# Bachelor's and master's titles by field of study.
S1 = {
    "admin": ("S.E.", "S.Sos.", "S.AP.", "S.IP.", "S.H.", "S.Kom.", "S.E."),
    "keuangan": ("S.E.", "S.Ak.", "S.E."),
    "hukum": ("S.H.", "S.H.", "S.Sos."),
    "teknik": ("S.T.", "S.T.", "S.Ars.", "S.Kom."),
    "pendidikan": ("S.Pd.", "S.Pd.", "S.Pd.I."),
    "pertanian": ("S.P.", "S.P.", "S.TP.", "S.Pt."),
    "perikanan": ("S.Pi.", "S.Pi.", "S.P."),
    "kesehatan": ("S.KM.", "S.KM.", "S.Kep."),
    "it": ("S.Kom.", "S.Kom.", "S.T.", "S.Si."),
    "pamong": ("S.STP.", "S.IP.", "S.Sos.", "S.E."),
    "budaya": ("S.Sos.", "S.Hum.", "S.Par."),
    "perpustakaan": ("S.IIP.", "S.Hum.", "S.Sos."),
    "transport": ("S.SiT.", "S.T.", "S.E."),
    "psikologi": ("S.Psi.",),
    "sosial": ("S.Sos.", "S.Sos.", "S.Psi."),
    "olahraga": ("S.Or.", "S.Pd."),
    "guru": ("S.Pd.", "S.Pd.", "S.Pd.", "S.Pd.I.", "S.Si."),
}
S2 = {
    "admin": ("M.Si.", "M.M.", "M.AP."),
    "keuangan": ("M.Ak.", "M.M.", "M.Si."),
    "hukum": ("M.H.",),
    "teknik": ("M.T.", "M.Si."),
    "pendidikan": ("M.Pd.",),
    "pertanian": ("M.Si.", "M.P."),
    "perikanan": ("M.Si.",),
    "kesehatan": ("M.Kes.", "M.K.M."),
    "it": ("M.Kom.", "M.T."),
    "pamong": ("M.Si.", "M.AP."),
    "budaya": ("M.Si.", "M.Hum."),
    "perpustakaan": ("M.Hum.", "M.Si."),
    "transport": ("M.T.", "M.M."),
    "psikologi": ("M.Psi., Psikolog",),
    "sosial": ("M.Si.",),
    "olahraga": ("M.Or.", "M.Pd."),
    "guru": ("M.Pd.",),
}
D3 = {"it": "A.Md.Kom.", "keuangan": "A.Md.Ak.", "transport": "A.Md.LLAJ"}

# Health professions: (prefix, D3 suffix, bachelor suffix). Masters come from S2["kesehatan"].
HEALTH = {
    "dokter": ("dr.", "", ""),
    "dokter_gigi": ("drg.", "", ""),
    "dokter_hewan": ("drh.", "", ""),
    "apoteker": ("apt.", "", "S.Farm."),
    "perawat": ("", "A.Md.Kep.", "S.Kep., Ners"),
    "bidan": ("", "A.Md.Keb.", "S.Tr.Keb."),
    "farmasi": ("", "A.Md.Farm.", "S.Farm."),
    "lab": ("", "A.Md.A.K.", "S.Tr.A.K."),
    "gizi": ("", "A.Md.Gz.", "S.Gz."),
    "sanitasi": ("", "A.Md.K.L.", "S.KM."),
    "kesmas": ("", "A.Md.Kes.", "S.KM."),
    "rekam_medis": ("", "A.Md.RMIK", "S.Tr.RMIK"),
    "radiografer": ("", "A.Md.Rad.", "S.Tr.Rad."),
    "fisioterapi": ("", "A.Md.Ftr.", "S.Tr.Ftr."),
    "anestesi": ("", "A.Md.Kes.", "S.Tr.Kes."),
}
SPECIALTIES = (
    ("Sp.PD.", "Penyakit Dalam"),
    ("Sp.A.", "Anak"),
    ("Sp.OG.", "Obstetri dan Ginekologi"),
    ("Sp.B.", "Bedah"),
    ("Sp.An.", "Anestesiologi"),
    ("Sp.JP.", "Jantung dan Pembuluh Darah"),
    ("Sp.N.", "Neurologi"),
    ("Sp.Rad.", "Radiologi"),
    ("Sp.PK.", "Patologi Klinik"),
    ("Sp.M.", "Mata"),
    ("Sp.KFR.", "Kedokteran Fisik dan Rehabilitasi"),
)


def titles(rng: random.Random, family: str, edu: str) -> tuple[str, list[str]]:
    """Academic prefix and suffixes for someone of `family` (profession or field) and `edu`."""
    if family == "kapus":  # heads of puskesmas are doctors or public-health graduates
        family = "dokter" if rng.random() < 0.55 else "kesmas"
    if family in HEALTH:
        prefix, diploma, bachelor = HEALTH[family]
        suffixes = [diploma if edu == "D3" else bachelor]
        if edu == "S2":
            suffixes.append(rng.choice(S2["kesehatan"]))
        return prefix, [s for s in suffixes if s]
    if edu in ("SD", "SMA"):
        return "", []
    if edu == "D3":
        return "", [D3.get(family, "A.Md.")]
    suffixes = [rng.choice(S1.get(family, S1["admin"]))]
    if edu == "S2":
        suffixes.append(rng.choice(S2.get(family, S2["admin"])))
    return "", suffixes


def full_name(rng: random.Random, female: bool, born_year: int, prefix: str, suffixes) -> str:
    """E.g. "dr. Hj. Nyimas Siti Aminah, M.Kes." or "Muhammad Rizki Saputra, S.Kom."."""
    r = rng.random()
    if r < 0.05:
        core = rng.choice(MONONYM_FEMALE if female else MONONYM_MALE)
    else:
        given = FEMALE if female else MALE
        core = rng.choice(given)
        if r < 0.28:
            core += " " + rng.choice(given)
        core += " " + rng.choice(SURNAME_FEMALE if female else SURNAME_MALE)
        if core.startswith("Muhammad ") and rng.random() < 0.3:
            core = "M." + core.removeprefix("Muhammad")
    parts = [prefix] if prefix else []
    if born_year <= 1980 and rng.random() < 0.15:
        parts.append("Hj." if female else "H.")
    if rng.random() < 0.05:
        parts.append(rng.choice(NOBLE_FEMALE if female else NOBLE_MALE))
    name = " ".join([*parts, core])
    return f"{name}, {', '.join(suffixes)}" if suffixes else name


def split_name(name: str) -> tuple[str, str]:
    """First and last name of an account, without titles: "dr. H. Ahmad Fauzi, M.Kes." ->
    ("Ahmad", "Fauzi")."""
    words = [w for w in name.split(",")[0].split() if w not in NAME_PREFIXES]
    return (words[0], " ".join(words[1:])) if words else (name, "")
