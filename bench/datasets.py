"""Seeded benchmark files: a clean export and a messy German-Excel-style one, same accounts
(drawn by the shared generator, :func:`tests.support.accounts.seeded_accounts`).

clean: ``handle,platform,followers,avg_likes,avg_comments`` with plain integers and commas.
messy: ``;`` delimiter, German headers, thousands dots, decimal commas, ``Tsd.``/``Mio.``
suffixes, percent engagement, Windows-1252 umlauts in handles, and about 0.5% invalid rows
(text in followers, blank records, wrong field counts, exact duplicates).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, when run as a script

from tests.support.accounts import seeded_accounts


def write_clean(path: Path, rows: int, seed: int = 7) -> None:
    a = seeded_accounts(rows, seed)
    lines = np.char.add(a["handle"], ",")
    for column in ("platform", "followers", "likes"):
        lines = np.char.add(np.char.add(lines, a[column].astype(str)), ",")
    lines = np.char.add(lines, a["comments"].astype(str))
    body = "\n".join(lines.tolist())
    path.write_text(
        "handle,platform,followers,avg_likes,avg_comments\n" + body + "\n", encoding="utf-8"
    )


def _german_number(values: np.ndarray, rng: np.random.Generator) -> list[str]:
    """``12.345`` thousands dots, and ``12,5 Tsd.`` / ``1,2 Mio.`` suffixes for some values."""
    out = []
    styles = rng.integers(0, 10, len(values))
    for value, style in zip(values.tolist(), styles.tolist(), strict=True):
        if style == 0 and value >= 10_000:
            out.append(f"{value / 1000:.1f} Tsd.".replace(".", ",", 1))
        elif style == 1 and value >= 1_000_000:
            out.append(f"{value / 1e6:.1f}".replace(".", ",") + " Mio.")
        else:
            out.append(f"{value:,}".replace(",", "."))
    return out


def write_messy(path: Path, rows: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed + 1)
    a = seeded_accounts(rows, seed)
    handles = np.char.add("kanal_ä_", np.arange(rows).astype(str)).tolist()
    followers = _german_number(a["followers"], rng)
    likes = _german_number(a["likes"], rng)
    with np.errstate(divide="ignore", invalid="ignore"):
        er = np.where(a["followers"] > 0, (a["likes"] + a["comments"]) / a["followers"] * 100, 0)
    er_text = [f"{v:.2f} %".replace(".", ",") for v in er.tolist()]
    lines = [
        f"{h};{p};{f};{lk};{c};{e}"
        for h, p, f, lk, c, e in zip(
            handles,
            a["platform"].tolist(),
            followers,
            likes,
            a["comments"].tolist(),
            er_text,
            strict=True,
        )
    ]
    bad = rng.choice(rows, size=max(rows // 200, 4), replace=False)
    for k, i in enumerate(bad.tolist()):
        kind = k % 4
        if kind == 0:
            lines[i] = f"{handles[i]};{a['platform'][i]};viele;1;1;1 %"
        elif kind == 1:
            lines[i] = ";;;;;"
        elif kind == 2:
            lines[i] = f"{handles[i]};{a['platform'][i]};1.000;1;1;1 %;extra"
        else:
            lines[i] = lines[i - 1] if i > 0 else lines[i]
    header = "Kanal;Plattform;Abonnenten;Ø Gefällt mir;Kommentare;Engagement-Rate\r\n"
    path.write_bytes((header + "\r\n".join(lines) + "\r\n").encode("cp1252"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write_clean(args.out / f"clean_{args.rows}.csv", args.rows)
    write_messy(args.out / f"messy_{args.rows}.csv", args.rows)


if __name__ == "__main__":
    main()
