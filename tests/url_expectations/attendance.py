"""Routes of the attendance app."""

EXPECTATIONS: dict = {}
