"""Generate the bundled synthetic showcase data set ``data/sample_accounts.csv``.

Why a generator and not a hand-made file: the sample must be reproducible (same seed, same bytes),
explainable (every distribution is written down here) and calibrated against published benchmarks
that live in one place, ``data/benchmarks.csv``. No engagement figure is copied into this script;
change the benchmark table and the sample follows. Every account is invented: handles are built
from generic word lists, so no row describes a real person.

Run from the repository root: ``python data/make_sample.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script
from infludash.analysis.benchmarks import tier_benchmarks
from infludash.analysis.presets import DEFAULT_SCHEME
from infludash.analysis.tiers import assign_tiers

DATA = Path(__file__).resolve().parent
SEED = 20240611
ACCOUNTS = {"Instagram": 2000, "TikTok": 1800, "YouTube": 1200}
# log10(followers) is a two-part normal mixture: a smooth, right-skewed curve with no steps at tier
# edges (a real account list has none), about 4% under 100 followers and 3% at a million or more.
FOLLOWER_MIX = [(0.85, 3.5, 0.9), (0.15, 5.2, 1.0)]  # (weight, mean, sd) of log10(followers)
FOLLOWER_RANGE = (5, 3e8)
EDGE_CASES = (99, 100, 100, 9_999, 10_000, 10_000, 99_999, 100_000, 100_000, 999_999, 1_000_000)
SIGMA = 0.6  # log-normal spread of ER between accounts (about the published inter-quartile ranges)
BELOW_NANO_UPLIFT = 1.15  # tiny accounts engage a little more than Nano; no source covers them
CATEGORIES = [
    "Beauty",
    "Fashion",
    "Fitness",
    "Food",
    "Gaming",
    "Travel",
    "Tech",
    "Music",
    "Comedy",
    "Education",
    "Parenting",
    "Pets",
]
CATEGORY_WEIGHTS = {
    "Instagram": [14, 15, 11, 11, 4, 11, 5, 7, 6, 5, 6, 5],
    "TikTok": [11, 10, 9, 10, 9, 6, 5, 11, 15, 6, 4, 4],
    "YouTube": [8, 5, 8, 8, 19, 7, 14, 8, 8, 11, 2, 2],
}
COUNTRIES = [
    "US",
    "GB",
    "DE",
    "AT",
    "CH",
    "FR",
    "ES",
    "IT",
    "NL",
    "PL",
    "BR",
    "MX",
    "IN",
    "ID",
    "CA",
]
COUNTRY_WEIGHTS = [24, 9, 12, 3, 3, 6, 6, 5, 3, 3, 8, 5, 6, 4, 3]
FIRST = [
    "sunny",
    "cozy",
    "urban",
    "wild",
    "lazy",
    "little",
    "golden",
    "pixel",
    "green",
    "salty",
    "daily",
    "happy",
    "bold",
    "quiet",
    "retro",
    "lucky",
    "mellow",
    "crispy",
    "nordic",
    "tiny",
    "velvet",
    "rusty",
    "bright",
    "misty",
    "silver",
    "spicy",
    "chill",
    "clever",
    "brave",
    "sweet",
]
SECOND = [
    "kitchen",
    "trails",
    "lens",
    "fox",
    "pages",
    "beats",
    "garden",
    "studio",
    "bytes",
    "wave",
    "sneakers",
    "crumbs",
    "atlas",
    "lab",
    "nomad",
    "canvas",
    "ramen",
    "pixels",
    "meadow",
    "journal",
    "sprout",
    "hiker",
    "closet",
    "gamer",
    "noodle",
    "pancake",
    "harbor",
    "owl",
]
ACCENTED = ["küche", "schön", "café", "crème", "mañana", "süß", "été", "größe", "blåbær", "müsli"]
YT_SUFFIX = ["", "", "TV", "Vlogs", "Studio", "Daily", "HQ"]


def load_targets(platform: str) -> tuple[np.ndarray, str]:
    """Median ER (percent) per default tier for ``platform`` and the formula it divides by.

    The benchmark for each tier comes from ``infludash.analysis.benchmarks`` (one source per
    platform,
    mapped onto our tiers by log-scale overlap), the same mapping the app uses for estimates.
    Below Nano gets the Nano figure times an uplift; a mean is turned into the log-normal median,
    mean * exp(-SIGMA²/2).
    """
    bench = tier_benchmarks(DEFAULT_SCHEME, platform)
    if bench is None:
        raise ValueError(f"{platform}: no benchmark in data/benchmarks.csv")
    targets = np.array([b.er_pct for b in bench])
    targets[0] = targets[1] * BELOW_NANO_UPLIFT
    if bench[0].statistic == "mean":
        targets *= np.exp(-(SIGMA**2) / 2)
    return targets, bench[0].formula


def draw_followers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Followers from the log-normal mixture, clipped to a plausible range, plus edge cases."""
    n_random = n - len(EDGE_CASES)
    weights = np.array([w for w, _, _ in FOLLOWER_MIX])
    part = rng.choice(len(FOLLOWER_MIX), n_random, p=weights / weights.sum())
    means = np.array([m for _, m, _ in FOLLOWER_MIX])[part]
    sds = np.array([s for _, _, s in FOLLOWER_MIX])[part]
    logs = rng.normal(means, sds)
    drawn = np.clip(np.floor(10.0**logs), *FOLLOWER_RANGE)
    return np.concatenate([np.array(EDGE_CASES, dtype=float), drawn]).astype(np.int64)


def make_handles(rng: np.random.Generator, platforms: list[str]) -> list[str]:
    """Build unique, plausible handles from generic words (never person names), a few accented."""
    seen: set[str] = set()
    out: list[str] = []
    for platform in platforms:
        while True:
            first = rng.choice(ACCENTED if rng.random() < 0.006 else FIRST)
            second = rng.choice(SECOND)
            num = str(rng.integers(1, 999)) if rng.random() < 0.45 else ""
            if platform == "YouTube":
                handle = f"{first.capitalize()}{second.capitalize()}{rng.choice(YT_SUFFIX)}{num}"
            else:
                handle = f"{first}{rng.choice(['', '.', '_'])}{second}{num}"
            if handle.casefold() not in seen:
                seen.add(handle.casefold())
                out.append(handle)
                break
    return out


def make_platform(rng: np.random.Generator, platform: str, n: int) -> pd.DataFrame:
    """Accounts of one platform: followers, then ER around the tier target, then the split."""
    targets, formula = load_targets(platform)
    followers = draw_followers(rng, n)
    er = targets[assign_tiers(followers)] * np.exp(rng.normal(0.0, SIGMA, n)) / 100
    views = None
    if platform == "TikTok":  # the For You feed lifts small accounts above their follower count
        views = followers * 3.0 * (np.maximum(followers, 1) / 1e3) ** -0.3
    elif platform == "YouTube":  # a video reaches a shrinking fraction of a big channel's subs
        views = followers * 0.6 * (np.maximum(followers, 1) / 1e3) ** -0.2
    if views is not None:
        views = np.maximum(np.rint(views * np.exp(rng.normal(0.0, 0.7, n))), 1)
    # Randomised rounding keeps tiny accounts unbiased: 0.3 expected interactions is 0 or 1, not 0.
    expected = er * (followers if formula == "followers" else views)
    total = np.floor(expected + rng.random(n)).astype(np.int64)
    comments = np.rint(total * rng.uniform(0.02, 0.07, n)).astype(np.int64)
    shares = np.rint(total * rng.uniform(0.04, 0.11, n)).astype(np.int64)
    if platform != "TikTok":
        shares = np.zeros(n, dtype=np.int64)
    if views is not None:  # interactions stay below a quarter of the views they come from
        views = np.maximum(views, np.ceil(total / 0.25))
    frame = pd.DataFrame(
        {
            "platform": platform,
            "followers": followers,
            "avg_likes": total - comments - shares,
            "avg_comments": comments,
            "avg_shares": pd.array(shares if platform == "TikTok" else [pd.NA] * n, dtype="Int64"),
            "avg_views": pd.array(views if views is not None else [pd.NA] * n, dtype="Int64"),
            "category": rng.choice(CATEGORIES, n, p=_norm(CATEGORY_WEIGHTS[platform])),
            "country": rng.choice(COUNTRIES, n, p=_norm(COUNTRY_WEIGHTS)),
        }
    )
    return frame


def _norm(weights: list[int]) -> np.ndarray:
    """Weights to probabilities."""
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def main() -> None:
    """Build all platforms, shuffle like a real export, write UTF-8 with Unix line endings."""
    rng = np.random.default_rng(SEED)
    frame = pd.concat([make_platform(rng, p, n) for p, n in ACCOUNTS.items()], ignore_index=True)
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    frame.insert(0, "handle", make_handles(rng, frame["platform"].tolist()))
    out = DATA / "sample_accounts.csv"
    frame.to_csv(out, index=False, encoding="utf-8", lineterminator="\n")
    print(f"wrote {len(frame)} accounts to {out.relative_to(DATA.parent)}")


if __name__ == "__main__":
    main()
