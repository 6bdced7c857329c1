"""Leaf helpers every app may use: the region and its time zone, the client's address,
Indonesian dates, the building blocks of workbooks and the safety checks of uploaded ones.

Nothing here imports an app of the project (import-linter holds it): this package is the bottom
of the dependency order.
"""
