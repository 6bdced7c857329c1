"""Distances on the sphere and the radius decision, with known points in Palembang."""

import pytest

from attendance.geo import EARTH_RADIUS_M, distance_m, within_radius

CITY_HALL = (-2.991, 104.7567)  # Kantor Wali Kota Palembang (shared/context/palembang.json)
RSUD_BARI = (-3.0106777, 104.7685973)  # RSUD Palembang BARI, Seberang Ulu I
MAKRAYU = (-3.000032, 104.744295)  # Puskesmas Makrayu


def test_city_hall_to_rsud_bari_is_about_2_56_km():
    # Worked by hand on a flat patch of the sphere (good to well under 0.1% over 3 km):
    # one degree of arc is 2*pi*6,371,008.8 m / 360 = 111,195 m.
    # north-south: 0.0196777 deg * 111,195 = 2,188.1 m;
    # east-west: 0.0118973 deg * 111,195 * cos(3.0 deg) (0.99863) = 1,321.1 m;
    # sqrt(2,188.1^2 + 1,321.1^2) = 2,556 m.
    assert distance_m(*CITY_HALL, *RSUD_BARI) == pytest.approx(2556, rel=0.01)


def test_city_hall_to_puskesmas_makrayu_is_about_1_7_km():
    # north-south 0.009032 deg * 111,195 = 1,004.3 m; east-west 0.012405 * 111,195 * 0.99863
    # = 1,377.5 m; together sqrt(1,004.3^2 + 1,377.5^2) = 1,704.7 m.
    assert distance_m(*CITY_HALL, *MAKRAYU) == pytest.approx(1705, rel=0.01)


def test_distance_is_symmetric_and_zero_on_the_spot():
    assert distance_m(*MAKRAYU, *MAKRAYU) == 0
    assert distance_m(*CITY_HALL, *RSUD_BARI) == pytest.approx(distance_m(*RSUD_BARI, *CITY_HALL))


def test_along_a_meridian_the_distance_is_the_arc():
    # 0.000899 deg of latitude = 0.000899 * pi / 180 * R = 99.97 m, exactly, on the sphere.
    expected = 0.000899 * 3.141592653589793 / 180 * EARTH_RADIUS_M
    assert distance_m(-3.000032, 104.744295, -2.999133, 104.744295) == pytest.approx(expected)


def test_decimals_from_the_database_are_accepted():
    from decimal import Decimal

    assert distance_m(Decimal("-2.991"), Decimal("104.7567"), *RSUD_BARI) == pytest.approx(
        2556, 0.01
    )


@pytest.mark.parametrize(
    ("distance", "inside"), [(0, True), (99, True), (100, True), (101, False), (2556, False)]
)
def test_the_radius_includes_its_circle(distance, inside):
    assert within_radius(distance, 100) is inside
