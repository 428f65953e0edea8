"""Statements built as syntax trees (sqlglot), never by pasting text: identifiers are checked
against the table's real columns and quoted, values go in as literals that the generator escapes.

Only a fixed list of functions may appear in a statement (:data:`ALLOWED`): the exact primitives.
:func:`render` refuses any other, so a transpiler's "equivalent" (an approximate percentile for
an exact one) can never slip in, and a statement that writes cannot be built at all.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from sqlglot import ErrorLevel, exp

__all__ = [
    "ALLOWED",
    "DIALECTS",
    "NAMED_FUNCTIONS",
    "NUMBER_TYPES",
    "UnsafeStatement",
    "and_all",
    "column",
    "count_where",
    "double",
    "either",
    "in_range",
    "integer",
    "is_number_type",
    "render",
    "text",
]

#: The engines' dialects, by backend kind.
DIALECTS = {"duckdb": "duckdb", "postgresql": "postgres", "spark": "spark"}

#: Expression kinds a statement may hold (the exact primitives, and the syntax around them).
ALLOWED: tuple[type[exp.Expr], ...] = (
    exp.Select,
    exp.From,
    exp.Where,
    exp.Group,
    exp.Order,
    exp.Ordered,
    exp.Limit,
    exp.Offset,
    exp.Subquery,
    exp.Table,
    exp.TableAlias,
    exp.Identifier,
    exp.Column,
    exp.Alias,
    exp.Star,
    exp.Literal,
    exp.Null,
    exp.Boolean,
    exp.Cast,
    exp.DataType,
    exp.DataTypeParam,
    exp.Paren,
    exp.Neg,
    exp.Case,
    exp.If,
    exp.Coalesce,
    exp.Count,
    exp.Sum,
    exp.Min,
    exp.Max,
    exp.Floor,
    exp.Least,
    exp.Greatest,
    exp.Lower,
    exp.StrPosition,
    exp.Trim,
    exp.With,
    exp.CTE,
    exp.Ln,
    exp.Distinct,
    exp.Union,
    exp.And,
    exp.Or,
    exp.Not,
    exp.Is,
    exp.In,
    exp.Between,
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.Add,
    exp.Sub,
    exp.Mul,
    exp.Div,
    exp.Filter,
    exp.Var,
    exp.Dot,
    exp.Schema,
    exp.Window,
    exp.Lag,
)

#: The functions outside sqlglot's own vocabulary a statement may call, by name: the engines'
#: hashes of a row's values (DuckDB's ``hash``, Spark's ``xxhash64``), which find the rows that
#: may repeat one another (equal rows hash equally; what a hash groups is then compared whole).
NAMED_FUNCTIONS = frozenset({"hash", "xxhash64"})


class UnsafeStatement(ValueError):
    """A statement holds something outside :data:`ALLOWED`: a bug in the builder, refused."""


def column(name: str, known: Iterable[str], table: str | None = None) -> exp.Column:
    """The column ``name``, quoted, when the table has it (``known``: its real column names)."""
    if name not in set(known):
        raise UnsafeStatement(f"no column {name!r} in the table")
    return exp.Column(
        this=exp.to_identifier(name, quoted=True),
        table=exp.to_identifier(table, quoted=True) if table else None,
    )


def double(value: float) -> exp.Expr:
    """A double-precision literal that every engine parses to exactly ``value``: the shortest
    decimal that reads back as the same double, cast from text (a bare ``0.1`` is a DECIMAL in
    some engines, which would compare differently)."""
    if not math.isfinite(value):
        raise UnsafeStatement(f"{value!r} is not a finite number")
    return exp.Cast(this=exp.Literal.string(repr(float(value))), to=exp.DataType.build("double"))


def integer(value: int) -> exp.Expr:
    return exp.Literal.number(int(value))


def text(value: str) -> exp.Literal:
    """A text literal; the generator escapes quotes the way each dialect needs."""
    return exp.Literal.string(str(value))


def and_all(parts: Sequence[exp.Expr]) -> exp.Expr:
    """All of ``parts`` (true when there are none)."""
    return exp.and_(*parts) if parts else exp.true()


def either(parts: Sequence[exp.Expr]) -> exp.Expr:
    """Any of ``parts`` (false when there are none)."""
    return exp.or_(*parts) if parts else exp.false()


#: Dialects that read ``WITH a AS MATERIALIZED (...)``; elsewhere it is a plain ``WITH`` (a hint
#: to compute the table expression once; Spark's optimiser does not inline a costly one).
MATERIALIZING = frozenset({"duckdb", "postgres"})


def render(statement: exp.Expr, dialect: str) -> str:
    """The text of ``statement`` in ``dialect``, once every node in it is allowed."""
    for node in statement.walk():
        if isinstance(node, exp.Anonymous) and str(node.this).lower() in NAMED_FUNCTIONS:
            continue
        if not isinstance(node, ALLOWED):
            raise UnsafeStatement(f"{type(node).__name__} is not allowed in a statement")
    if dialect not in MATERIALIZING:
        statement = statement.copy()
        for cte in statement.find_all(exp.CTE):
            cte.set("materialized", None)
    return statement.sql(dialect=dialect, unsupported_level=ErrorLevel.RAISE)


def in_range(values: exp.Expr, low: float | None, high: float | None) -> list[exp.Expr]:
    """``[low, high)`` and not NULL, when either end is set (as the in-memory ``_in_range``)."""
    parts: list[exp.Expr] = []
    if low is not None or high is not None:
        parts.append(exp.Not(this=exp.Is(this=values, expression=exp.null())))
    if low is not None:
        parts.append(exp.GTE(this=values, expression=double(low)))
    if high is not None:
        parts.append(exp.LT(this=values, expression=double(high)))
    return parts


def count_where(condition: exp.Expr, alias: str) -> exp.Expr:
    """How many rows meet ``condition``, as ``alias`` (a sum of ones: every engine has it)."""
    one = exp.Case().when(condition, integer(1)).else_(integer(0))
    return exp.Sum(this=one).as_(alias)


#: Column types that hold numbers, as DuckDB, PostgreSQL and Spark name them (lower case, without
#: a precision); a column of no type (all empty) is read as numbers too.
NUMBER_TYPES = frozenset(
    [
        "tinyint",
        "smallint",
        "integer",
        "int",
        "bigint",
        "hugeint",
        "utinyint",
        "usmallint",
        "uinteger",
        "ubigint",
        "uhugeint",
        "int1",
        "int2",
        "int4",
        "int8",
        "byte",
        "short",
        "long",
        "float",
        "real",
        "double",
        "float4",
        "float8",
        "decimal",
        "numeric",
        "double_precision",
        "null",
        "void",
    ]
)


def is_number_type(kind: str) -> bool:
    """Whether an engine's column type ``kind`` (``DECIMAL(10,2)``, ``double precision``,
    ``"NULL"``) holds numbers."""
    base = kind.split("(", maxsplit=1)[0].strip().strip('"').lower().replace(" ", "_")
    return base in NUMBER_TYPES
