"""The column type of every count: reported values, stated totals, targets, households.

64 bits on both databases, so that no count a store accepts overflows its column or a sum
of its column (values are bounded per report, tracker/reports/bounds.py). SQLite's
INTEGER already holds 64 bits; declaring it BIGINT there would rebuild tables for nothing.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer

COUNT = BigInteger().with_variant(Integer(), "sqlite")
