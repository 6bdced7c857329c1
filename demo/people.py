"""The staff of the demo city: who holds which post, with valid NIPs, dates and golongan.

Everything comes from random.Random seeded by a constant and the unit code, so every run builds the
same people. Dates stop at 2024: the NIPs stay valid whatever day the demo is run, and only the
staff marked as new employees started in 2024.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

from demo.catalog import scaled_sizes
from demo.names import SPECIALTIES, full_name, titles
from demo.positions import Profile, profile_for
from demo.units import PPPK_TOTAL, OpdSpec, UnitSpec, apportion
from opd.models import PNS_GOLONGAN, AsnType, PositionType

SEED = 20250324  # first day of the Lebaran 2025 flexible-work window
REFERENCE_YEAR = 2025  # years of service are counted to here, never to "today"
OLDEST_BIRTH_YEAR = 1967  # retirement at 58 would have taken anyone older
# About 1% may not work flexibly (PermenPANRB 4/2025: new staff, staff under sanction), and a
# handful are inactive, so that the rules and the lists have someone to act on.
NEW_EMPLOYEE_SHARE = 0.005
SANCTION_SHARE = 0.006
INACTIVE_SHARE = 0.005

# Years CPNS started work: the 2005-2010 honorary-staff intake, the 2015-2017 moratorium, and
# the big 2019/2021 selections (TMT 2020/2022). 2024 is kept for new employees.
PNS_YEARS = {
    **dict.fromkeys(range(1990, 2000), 2),
    **dict.fromkeys(range(2000, 2005), 3),
    **dict.fromkeys(range(2005, 2011), 5),
    **{2011: 1.5, 2012: 1.5, 2013: 1.5, 2014: 1, 2015: 0.3, 2016: 0.3, 2017: 0.3},
    **{2018: 1, 2019: 2, 2020: 3, 2021: 0.5, 2022: 3, 2023: 2},
}
PPPK_YEARS = {2019: 1, 2021: 3, 2022: 4, 2023: 4}
TMT_MONTHS = {1: 4, 2: 2, 3: 4, 4: 3, 5: 1, 6: 2, 7: 1, 8: 1, 9: 1, 10: 1, 11: 1, 12: 3}
LATEST_START = {
    PositionType.JPT: 2000,
    PositionType.ADMINISTRATOR: 2006,
    PositionType.PENGAWAS: 2012,
}
MIN_START_AGE = {"SD": 20, "SMA": 20, "D3": 21, "S1": 22, "S2": 22, "profesi": 24}
PROFESSIONS = {"dokter", "dokter_gigi", "dokter_hewan", "apoteker", "spesialis", "kapus"}

# Jenjang of each ladder: (name, years of service to reach it, lowest and highest golongan
# index in PNS_GOLONGAN); the golongan range of each jenjang is fixed by the rules.
LADDERS = {
    "ahli": (("Ahli Pertama", 0, 8, 9), ("Ahli Muda", 6, 10, 11), ("Ahli Madya", 14, 12, 14)),
    "terampil": (("Terampil", 0, 6, 7), ("Mahir", 6, 8, 9), ("Penyelia", 14, 10, 11)),
    "pemula": (
        ("Pemula", 0, 4, 5),
        ("Terampil", 4, 6, 7),
        ("Mahir", 10, 8, 9),
        ("Penyelia", 18, 10, 11),
    ),
}
LEADER_GOLONGAN = {
    PositionType.PENGAWAS: (9, 12),
    PositionType.ADMINISTRATOR: (11, 13),
    PositionType.JPT: (13, 15),
}
PELAKSANA_GOLONGAN = {"SD": (1, 7), "SMA": (4, 9), "D3": (6, 10), "S1": (8, 11), "S2": (9, 11)}
PPPK_GOLONGAN = {"SMA": "5", "D3": "7", "S1": "9", "S2": "10", "profesi": "10"}


@dataclass(frozen=True)
class Slot:
    """One post to fill in a unit. ladder is blank for leaders and pelaksana."""

    position: str
    position_type: str
    ladder: str
    family: str
    female: float

    @property
    def is_leader(self) -> bool:
        return self.position_type in LEADER_GOLONGAN


@dataclass(slots=True)
class Person:
    unit_code: str
    nip: str
    name: str
    asn_type: str
    golongan: str
    position_type: str
    position_name: str
    ineligibility: str  # "", "sanction" or "appointment": recorded as a Restriction (demo/city.py)
    is_active: bool


class NipBook:
    """Hands out the sequence digits so that no two people share a NIP."""

    def __init__(self):
        self.taken: set[str] = set()

    def issue(self, rng: random.Random, prefix: str) -> str:
        sequence = rng.randint(1, 40)
        while f"{prefix}{sequence:03d}" in self.taken:
            sequence = sequence % 999 + 1
        nip = f"{prefix}{sequence:03d}"
        self.taken.add(nip)
        return nip


def _unit_slots(opd: OpdSpec, unit: UnitSpec, profile: Profile, first: bool, size: int):
    """The JPT (first unit of the OPD only), the head, then the posts by weight.

    When the unit is big enough every post of its profile is held at least once, so a puskesmas
    always has its doctor, nurses, midwives, pharmacist and lab staff.
    """
    leaders = [Slot(unit.head, unit.head_type, "", unit.head_family or opd.degree, 0.25)]
    if first:
        leaders.insert(0, Slot(opd.jpt, PositionType.JPT, "", opd.jpt_family or opd.degree, 0.2))
    leaders = leaders[:size]
    rest = size - len(leaders)
    weights = [p.weight for p in profile.posts]
    if rest >= len(weights):
        counts = [1 + n for n in apportion(rest - len(weights), weights)]
    else:
        counts = apportion(rest, weights)
    staff = [
        Slot(
            post.name,
            post.position_type,
            post.ladder,
            post.family or opd.degree,
            profile.female if post.female is None else post.female,
        )
        for post, count in zip(profile.posts, counts, strict=True)
        for _ in range(count)
    ]
    return leaders + staff


def _education(rng: random.Random, slot: Slot) -> str:
    if slot.is_leader:
        master = {PositionType.JPT: 0.9, PositionType.ADMINISTRATOR: 0.7}
        return "S2" if rng.random() < master.get(slot.position_type, 0.4) else "S1"
    if slot.family in PROFESSIONS:
        return "profesi"
    if slot.ladder == "ahli":
        return "S2" if rng.random() < 0.08 else "S1"
    if slot.ladder == "terampil":
        return "D3"
    if slot.ladder == "pemula":
        return "SMA"
    r = rng.random()
    return "SD" if r < 0.04 else "SMA" if r < 0.5 else "D3" if r < 0.65 else "S1"


@cache
def _cumulative(pool: str, earliest: int, latest: int) -> tuple[list[int], list[float]]:
    weights = {"PNS": PNS_YEARS, "PPPK": PPPK_YEARS, "month": TMT_MONTHS}[pool]
    years = [y for y in weights if earliest <= y <= latest]
    return years, list(accumulate(weights[y] for y in years))


def _weighted(rng: random.Random, pool: str, earliest: int = 0, latest: int = 9999) -> int:
    values, cumulative = _cumulative(pool, earliest, latest)
    return rng.choices(values, cum_weights=cumulative)[0]


def _dates(rng, slot: Slot, asn_type: str, edu: str, new: bool) -> tuple[date, int, int]:
    """Birth date and service start (year, month), started at age 20-35, retirement not due."""
    min_age = MIN_START_AGE["profesi" if slot.family in PROFESSIONS else edu]
    earliest = OLDEST_BIRTH_YEAR + min_age + 1
    if new:
        year = 2024
    else:
        latest = LATEST_START.get(slot.position_type, 2023)
        year = _weighted(rng, str(asn_type), earliest, latest)
    month = rng.randint(1, 6) if new else _weighted(rng, "month")
    # Born in year - age: on the first of the start month the person is age or age - 1 years old.
    age = rng.randint(min_age + 1, min(35, year - OLDEST_BIRTH_YEAR))
    born_year = year - age
    born = date(born_year, 1, 1) + timedelta(days=rng.randrange(365))
    return born, year, month


def _golongan(rng, slot: Slot, asn_type: str, edu: str, years: int, jenjang) -> str:
    if asn_type == AsnType.PPPK:
        if jenjang is not None:
            return {4: "5", 6: "7"}.get(jenjang[2], "10" if edu == "profesi" else "9")
        if edu == "SD":  # drivers and messengers with primary or junior-school papers
            return rng.choice(("1", "2", "3", "4"))
        return PPPK_GOLONGAN[edu]
    if jenjang is not None:
        _, since, low, high = jenjang
        return PNS_GOLONGAN[min(high, low + max(0, years - since) // 4)]
    if slot.is_leader:
        low, high = LEADER_GOLONGAN[slot.position_type]
        step = 9 if edu == "S2" else 8
    else:
        low, high = PELAKSANA_GOLONGAN.get(edu, (8, 11))
        step = low
    return PNS_GOLONGAN[max(low, min(high, step + years // 4 + rng.choice((-1, 0, 0, 1))))]


def _person(rng, nips: NipBook, unit: UnitSpec, slot: Slot, asn_type: str) -> Person:
    flag = rng.random() if not slot.is_leader else 1.0
    new = flag < NEW_EMPLOYEE_SHARE
    edu = _education(rng, slot)
    born, year, month = _dates(rng, slot, asn_type, edu, new)
    female = rng.random() < slot.female
    years = REFERENCE_YEAR - year + rng.randint(-2, 1)
    jenjang = None
    position = slot.position
    if slot.ladder:
        steps = LADDERS[slot.ladder]
        eligible = [s for s in steps if s[1] <= years] if asn_type == AsnType.PNS else steps[:1]
        jenjang = eligible[-1] if eligible else steps[0]
        position = f"{slot.position} {jenjang[0]}"
    if slot.family == "spesialis":
        title, field = rng.choice(SPECIALTIES)
        prefix, suffixes = "dr.", [title]
        position = position.replace("Spesialis", f"Spesialis {field}")
    else:
        prefix, suffixes = titles(rng, slot.family, "S1" if edu == "profesi" else edu)
    sex = "2" if female else "1"
    born_digits = f"{born.year}{born.month:02d}{born.day:02d}"  # strftime is slow in bulk
    if asn_type == AsnType.PPPK:
        nip = nips.issue(rng, f"{born_digits}{year}21{sex}")
    else:
        nip = nips.issue(rng, f"{born_digits}{year}{month:02d}{sex}")
    ineligibility = ""
    if new:
        ineligibility = "appointment"
    elif flag < NEW_EMPLOYEE_SHARE + SANCTION_SHARE:
        ineligibility = "sanction"
    return Person(
        unit_code=unit.code,
        nip=nip,
        name=full_name(rng, female, born.year, prefix, suffixes),
        asn_type=asn_type,
        golongan=_golongan(rng, slot, asn_type, edu, years, jenjang),
        position_type=slot.position_type,
        position_name=position,
        ineligibility=ineligibility,
        is_active=slot.is_leader or rng.random() >= INACTIVE_SHARE,
    )


def _pppk_posts(rng: random.Random, slots: list[Slot], count: int) -> set[int]:
    """Which posts of a unit go to PPPK: never leadership, more often functional posts."""
    keys = [
        (rng.random() ** (1 / (2 if s.ladder else 1)), i)
        for i, s in enumerate(slots)
        if not s.is_leader
    ]
    return {i for _, i in sorted(keys, reverse=True)[:count]}


def city_people(catalog: tuple[OpdSpec, ...], *, scale: float = 1.0) -> list[Person]:
    """Every ASN of the demo city, exactly PNS_TOTAL/PPPK_TOTAL times `scale` of each."""
    sizes = iter(scaled_sizes(catalog, scale))
    plans = []
    for opd in catalog:
        for index, unit in enumerate(opd.units):
            profile = profile_for(unit.profile, opd.code)
            slots = _unit_slots(opd, unit, profile, index == 0, next(sizes))
            plans.append((unit, profile, slots))
    open_posts = [sum(not s.is_leader for s in slots) for _, _, slots in plans]
    pppk_total = round(PPPK_TOTAL * scale)
    pppk = apportion(
        pppk_total, [p.pppk_share * n for (_, p, _), n in zip(plans, open_posts, strict=True)],
        caps=open_posts,
    )  # fmt: skip
    if sum(pppk) != pppk_total:
        raise ValueError(f"Skala {scale} terlalu kecil untuk {pppk_total} PPPK.")
    nips = NipBook()
    people = []
    for (unit, _, slots), count in zip(plans, pppk, strict=True):
        rng = random.Random(f"{SEED}:{unit.code}")
        chosen = _pppk_posts(rng, slots, count)
        for i, slot in enumerate(slots):
            asn_type = AsnType.PPPK if i in chosen else AsnType.PNS
            people.append(_person(rng, nips, unit, slot, asn_type))
    return people
