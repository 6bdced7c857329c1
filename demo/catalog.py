"""The agencies (OPD) and units of the demo city, built from demo/data/palembang.json.

Unit sizes are for scale 1. The education office's UPTDs take whatever the other units leave, so
that the city has exactly the 13,870 ASN reported in February 2025.
"""

import json
from functools import cache

from django.utils.text import slugify

from demo.units import (
    ADMIN,
    CITY_HALL,
    DATA_FILE,
    PNS_TOTAL,
    PPPK_TOTAL,
    OpdSpec,
    apportion,
    code_for,
    ordinary_opds,
    point,
    secretariat,
    size_for,
    special,
    unit,
)
from opd.models import OpdKind, UnitKind
from opd.models import ServiceCategory as Sc

RSUD_WARDS = (
    # code, name, short name, staff of the management office, (instalasi, profile, staff)
    ("rsud-bari", "RSUD Palembang BARI", "RSUD BARI", 60, (
        ("Instalasi Gawat Darurat", "igd", 90),
        ("Instalasi Rawat Inap", "rawat_inap", 280),
        ("Instalasi Rawat Jalan", "rawat_jalan", 110),
        ("Instalasi Bedah Sentral", "bedah", 55),
        ("Instalasi Perawatan Intensif", "intensif", 50),
        ("Instalasi Farmasi", "farmasi", 45),
        ("Instalasi Laboratorium", "laboratorium", 35),
        ("Instalasi Radiologi", "radiologi", 25),
        ("Instalasi Gizi", "gizi", 25),
        ("Instalasi Rekam Medis", "rekam_medis", 30),
    )),
    ("rsud-gandus", "RSUD Gandus", "RSUD Gandus", 25, (
        ("Instalasi Gawat Darurat", "igd", 30),
        ("Instalasi Rawat Inap", "rawat_inap", 75),
        ("Instalasi Rawat Jalan", "rawat_jalan", 35),
        ("Instalasi Farmasi", "farmasi", 15),
        ("Instalasi Laboratorium", "laboratorium", 12),
        ("Instalasi Radiologi", "radiologi", 8),
    )),
)  # fmt: skip


@cache
def reference_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _health(data) -> list[OpdSpec]:
    d = "dinkes"
    puskesmas = []
    for p in data["puskesmas"]:
        code = code_for("pkm", p["name"].removeprefix("Puskesmas "))  # pkm-makrayu
        puskesmas.append(
            unit(
                d, p["name"], size_for(code, 45, 85), code=code, kind=UnitKind.PUSKESMAS,
                category=Sc.HEALTH, profile="puskesmas", head_family="kapus",
                location=point(p["lat"], p["lon"]), kecamatan=p.get("kecamatan", ""),
            )
        )  # fmt: skip
    uptd = {"kind": UnitKind.UPTD, "category": Sc.HEALTH}
    dinkes = special(
        d, "Dinas Kesehatan", "Dinkes", OpdKind.DINAS, "kesehatan",
        (
            secretariat(d, "Dinas Kesehatan", 70),
            unit(d, "Bidang Kesehatan Masyarakat", 35),
            unit(d, "Bidang Pencegahan dan Pengendalian Penyakit", 40),
            unit(d, "Bidang Pelayanan dan Sumber Daya Kesehatan", 35),
            unit(d, "UPTD Laboratorium Kesehatan Daerah", 35, profile="laboratorium", **uptd),
            unit(d, "UPTD Instalasi Farmasi", 25, profile="farmasi", **uptd),
            unit(d, "UPTD Public Safety Center 119", 30, profile="psc", **uptd),
            *puskesmas,
        ),
        jpt_family="dokter",
    )  # fmt: skip
    hospitals = {h["name"]: h for h in data["hospitals"]}
    rsud = []
    for code, name, short, office, wards in RSUD_WARDS:
        loc = point(hospitals[name]["lat"], hospitals[name]["lon"])
        kec = hospitals[name].get("kecamatan", "")
        units = [
            secretariat(
                code, name, office, name="Bagian Umum dan Keuangan", location=loc, kecamatan=kec
            )
        ]
        units += [
            unit(
                code,
                ward,
                n,
                kind=UnitKind.INSTALASI,
                category=Sc.HEALTH,
                profile=profile,
                head_family="dokter" if profile in ("igd", "bedah", "intensif") else "",
                location=loc,
                kecamatan=kec,
            )
            for ward, profile, n in wards
        ]
        rsud.append(
            special(
                code,
                name,
                short,
                OpdKind.RSUD,
                "kesehatan",
                tuple(units),
                jpt=f"Direktur {name}",
                jpt_family="dokter",
            )
        )
    return [dinkes, *rsud]


def _services() -> list[OpdSpec]:
    """Essential services other than health: security, fire, transport, registry, one-stop."""
    sat, dam, hub = "satpolpp", "damkar", "dishub"
    fire = {"category": Sc.SECURITY_FIRE}
    posts = [("Pos Merdeka", 50)] + [
        (name, size_for(code_for(dam, name), 30, 40))
        for name in ("Pos Seberang Ulu I", "Pos Seberang Ulu II", "Pos Gandus", "Pos Sako")
        + ("Pos Alang-Alang Lebar", "Pos Benteng Kuto Besak", "Pos Jakabaring")
    ]
    transport = {"category": Sc.TRANSPORT, "profile": "dishub"}
    uptd = {"kind": UnitKind.UPTD, **transport}
    registry = {"category": Sc.SOCIAL_REGISTRY}
    vulnerable = {"kind": UnitKind.UPTD, "category": Sc.VULNERABLE, "profile": "rentan"}
    sp = "Satuan Polisi Pamong Praja"
    dc = "Dinas Kependudukan dan Pencatatan Sipil"
    pa = "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Pemberdayaan Masyarakat"
    pm = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
    return [
        special(sat, sp, "Satpol PP", OpdKind.SATPOL, "hukum", (
            secretariat(sat, sp, 45, **fire),
            unit(sat, "Bidang Penegakan Peraturan Daerah", 110, profile="satpol", **fire),
            unit(sat, "Bidang Ketertiban Umum dan Ketenteraman Masyarakat", 190,
                 profile="satpol", **fire),
            unit(sat, "Bidang Perlindungan Masyarakat", 75, profile="satpol", **fire),
            unit(sat, "Bidang Pengamanan dan Pengawalan", 80, profile="satpol", **fire),
        )),
        special(dam, "Dinas Pemadam Kebakaran dan Penanggulangan Bencana", "Damkar",
                OpdKind.DINAS, "admin", (
            secretariat(dam, "Dinas Pemadam Kebakaran dan Penanggulangan Bencana", 40),
            unit(dam, "Bidang Pencegahan Kebakaran", 20),
            unit(dam, "Bidang Pemadaman dan Penyelamatan", 30, profile="pos_damkar", **fire),
            unit(dam, "Bidang Penanggulangan Bencana", 30, **fire),
            *(unit(dam, name, n, kind=UnitKind.POS_DAMKAR, profile="pos_damkar", **fire)
              for name, n in posts),
        )),
        special(hub, "Dinas Perhubungan", "Dishub", OpdKind.DINAS, "transport", (
            secretariat(hub, "Dinas Perhubungan", 45),
            unit(hub, "Bidang Lalu Lintas", 100, code="dishub-lalin", **transport),
            unit(hub, "Bidang Angkutan", 45, **transport),
            unit(hub, "Bidang Sarana dan Prasarana", 30, **transport),
            unit(hub, "UPTD Terminal", 60, **uptd),
            unit(hub, "UPTD Pengujian Kendaraan Bermotor", 45, **{**uptd, "profile": "dishub_pkb"}),
            unit(hub, "UPTD Perparkiran", 75, **uptd),
        )),
        special("dukcapil", dc, "Disdukcapil", OpdKind.DINAS, "admin", (
            secretariat("dukcapil", dc, 30),
            unit("dukcapil", "Bidang Pelayanan Pendaftaran Penduduk", 35, **registry),
            unit("dukcapil", "Bidang Pelayanan Pencatatan Sipil", 35, **registry),
            unit("dukcapil", "Bidang Pengelolaan Informasi Administrasi Kependudukan", 25,
                 **registry),
            unit("dukcapil", "Bidang Pemanfaatan Data dan Inovasi Pelayanan", 25, **registry),
        )),
        special("dinsos", "Dinas Sosial", "Dinsos", OpdKind.DINAS, "sosial", (
            secretariat("dinsos", "Dinas Sosial", 30),
            unit("dinsos", "Bidang Rehabilitasi Sosial", 30, **registry),
            unit("dinsos", "Bidang Perlindungan dan Jaminan Sosial", 30, **registry),
            unit("dinsos", "Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin", 25,
                 **registry),
            unit("dinsos", "UPTD Panti Sosial Lanjut Usia", 35, **vulnerable),
        )),
        special("dp3apm", pa, "DP3APM", OpdKind.DINAS, "sosial", (
            secretariat("dp3apm", pa, 25),
            unit("dp3apm", "Bidang Pemberdayaan Perempuan", 15),
            unit("dp3apm", "Bidang Perlindungan Anak", 15),
            unit("dp3apm", "Bidang Pemberdayaan Masyarakat", 20),
            unit("dp3apm", "UPTD Perlindungan Perempuan dan Anak", 25, **vulnerable),
        )),
        special("dpmptsp", pm, "DPMPTSP", OpdKind.DINAS, "admin", (
            secretariat("dpmptsp", pm, 25),
            unit("dpmptsp", "Bidang Penanaman Modal", 15),
            unit("dpmptsp", "Bidang Perizinan dan Non Perizinan", 25),
            unit("dpmptsp", "Bidang Pengaduan, Kebijakan dan Pelaporan Layanan", 15),
            unit("dpmptsp", "Mal Pelayanan Publik", 35, kind=UnitKind.LOKET,
                 category=Sc.ONE_STOP, profile="layanan"),
        )),
    ]  # fmt: skip


def _kecamatan(data) -> list[OpdSpec]:
    """Each kecamatan is an OPD: its camat's office plus one unit per kelurahan."""
    opds = []
    for kec in data["kecamatan"]:
        code, name = f"kec-{slugify(kec['name'])}", kec["name"]
        desk = {"category": Sc.FRONT_DESK, "head_family": "pamong"}
        units = [
            unit(
                code,
                f"Kantor Kecamatan {name}",
                size_for(code, 22, 33),
                code=f"{code}-kantor",
                kind=UnitKind.KANTOR_KECAMATAN,
                profile="kantor_kecamatan",
                head=f"Sekretaris Kecamatan {name}",
                head_type=ADMIN,
                **desk,
            )
        ]
        units += [
            unit(
                code,
                f"Kelurahan {kel}",
                size_for(code_for("kel", kel), 9, 14),
                code=code_for("kel", kel),
                kind=UnitKind.KELURAHAN,
                profile="kelurahan",
                head=f"Lurah {kel}",
                **desk,
            )
            for kel in kec["kelurahan"]
        ]
        opds.append(
            special(
                code,
                f"Kecamatan {name}",
                f"Kec. {name}",
                OpdKind.KECAMATAN,
                "pamong",
                tuple(units),
                jpt=f"Camat {name}",
                jpt_family="pamong",
            )
        )
    return opds


def _education(data, staff: int) -> OpdSpec:
    """Dinas Pendidikan; its UPTDs (one per kecamatan) share `staff` by kelurahan count."""
    d, name = "pendidikan", "Dinas Pendidikan"
    office = [
        secretariat(d, name, 80),
        unit(d, "Bidang Pembinaan PAUD dan Pendidikan Nonformal", 50),
        unit(d, "Bidang Pembinaan Sekolah Dasar", 60),
        unit(d, "Bidang Pembinaan Sekolah Menengah Pertama", 60),
        unit(d, "Bidang Guru dan Tenaga Kependidikan", 50),
    ]
    kecamatan = data["kecamatan"]
    sizes = apportion(
        staff - sum(u.size for u in office), [len(k["kelurahan"]) + 4 for k in kecamatan]
    )
    uptd = [
        unit(
            d,
            f"UPTD Pendidikan Kecamatan {k['name']}",
            n,
            code=code_for("disdik", k["name"]),
            kind=UnitKind.UPTD,
            profile="sekolah",
        )
        for k, n in zip(kecamatan, sizes, strict=True)
    ]
    return special(d, name, "Disdik", OpdKind.DINAS, "pendidikan", (*office, *uptd))


@cache
def city_catalog() -> tuple[OpdSpec, ...]:
    """Every OPD of the demo city with its units, in a fixed order."""
    data = reference_data()
    city_hall = point(*CITY_HALL)
    others = [*ordinary_opds(city_hall), *_health(data), *_services(), *_kecamatan(data)]
    taken = sum(u.size for o in others for u in o.units)
    education = _education(data, PNS_TOTAL + PPPK_TOTAL - taken)
    catalog = (*others, education)
    codes = [u.code for o in catalog for u in o.units]
    if len(codes) != len(set(codes)):
        raise ValueError("Kode unit kerja kota demo harus unik.")
    return catalog


def scaled_sizes(catalog: tuple[OpdSpec, ...], scale: float) -> list[int]:
    """Staff per unit (catalog order) for a city `scale` times the real one.

    At scale 1 these are the catalog sizes; otherwise proportional, with at least a head in every
    unit (and the JPT too in each OPD's first unit) when the total allows it.
    """
    units = [(u, i == 0) for o in catalog for i, u in enumerate(o.units)]
    total = round((PNS_TOTAL + PPPK_TOTAL) * scale)
    floors = [2 if first else 1 for _, first in units]
    if sum(floors) > total:
        floors = [0] * len(units)
    extra = apportion(
        total - sum(floors), [u.size - f for (u, _), f in zip(units, floors, strict=True)]
    )
    return [f + e for f, e in zip(floors, extra, strict=True)]
