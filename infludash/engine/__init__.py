"""The analysis inside a database engine: the same numbers as the in-memory path, computed where
the data lives, with only aggregates coming back.

Every figure is assembled from primitives that every engine computes exactly (counts, integer
sums, minima and maxima under a condition, tiers by comparisons with fixed edges, and the values
at ranks that Python chose from counts); every rounding step (a middle pair's mean, a quartile's
interpolation, the fences) runs in Python on those values, with the same numpy calls as the
in-memory path. The engines' own medians and quantiles are never used: they interpolate
differently, and some are approximate.

``sql`` builds statements from checked identifiers and escaped literals, ``relation`` turns a
table's columns into the accounts' analysis columns, ``order_stats`` selects values at ranks
without holding a group in one place, ``backends`` runs statements on DuckDB, PostgreSQL or
Spark, and ``figures`` assembles the tier table and the chart inputs.
"""
