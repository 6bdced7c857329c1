"""Leaf helpers every app may use: the region and its time zone, the client's address, rate
limits and their shared cache, text without invisible characters, disk faults, uploads kept in
memory, Indonesian dates, the formula guard of exports, the building blocks of workbooks and the
safety checks of uploaded ones.

Nothing here imports an app of the project (import-linter holds it): this package is the bottom
of the dependency order.
"""
