"""Distances on the sphere, for comparing a WFO check-in with its office."""

from decimal import Decimal
from math import asin, cos, radians, sin, sqrt

# The mean radius of the Earth (IUGG), in metres. Over a few kilometres the sphere is within
# about 0.5% of the ellipsoid, far below a phone's GPS error.
EARTH_RADIUS_M = 6_371_008.8

Number = float | Decimal


def distance_m(lat1: Number, lon1: Number, lat2: Number, lon2: Number) -> float:
    """Great-circle distance in metres between two points in degrees (haversine formula).

    Haversine rather than the spherical law of cosines: it stays exact for the short distances
    (tens of metres) that decide a check-in radius.
    """
    phi1, phi2 = radians(float(lat1)), radians(float(lat2))
    d_phi = phi2 - phi1
    d_lambda = radians(float(lon2) - float(lon1))
    h = sin(d_phi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * asin(min(1.0, sqrt(h)))


def within_radius(distance: float, radius_m: int) -> bool:
    """On the circle counts as inside: the radius is the furthest a WFO check-in may be."""
    return distance <= radius_m
