"""Routes of the reports app."""

EXPECTATIONS: dict = {}
