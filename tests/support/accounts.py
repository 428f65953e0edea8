"""The one seeded account generator: the tests' lists, the benchmark files and the load test's.

Followers are log-normal around 4,000 (10^N(3.6, 1.1), from none to tens of millions), the
engagement rate log-normal around 3%, comments 1–6% of likes, and the platform one of three.
Handles are unique (``creator_<n>``), so no row duplicates another. The same ``rows`` and
``seed`` always give the same accounts: ``bench/datasets.py`` writes the recorded clean and messy
inputs (``tests/recorded/``) from it, so the draws below must keep their order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

PLATFORMS = np.array(["Instagram", "TikTok", "YouTube"])

Columns = dict[str, npt.NDArray[np.generic]]


def seeded_accounts(
    rows: int, seed: int = 7, *, extra_followers: Sequence[int] = (), first: int = 0
) -> Columns:
    """``rows`` random accounts plus one per ``extra_followers`` (follower counts a test needs,
    such as tier edges), shuffled in among them, as columns ``handle``, ``platform``,
    ``followers``, ``likes`` and ``comments``. Handles count from ``first`` (so that lists made
    in chunks do not repeat one)."""
    rng = np.random.default_rng(seed)
    followers = np.floor(10 ** rng.normal(3.6, 1.1, rows)).astype(np.int64)
    if len(extra_followers):  # only then: without extras the draws are the recorded ones
        extra = np.asarray(extra_followers, dtype=np.int64)
        followers = rng.permutation(np.concatenate([followers, extra]))
    size = followers.size
    rate = np.exp(rng.normal(np.log(0.03), 0.6, size))
    likes = np.floor(followers * rate).astype(np.int64)
    comments = np.floor(likes * rng.uniform(0.01, 0.06, size)).astype(np.int64)
    return {
        "handle": np.char.add("creator_", np.arange(first, first + size).astype(str)),
        "platform": PLATFORMS[rng.integers(0, 3, size)],
        "followers": followers,
        "likes": likes,
        "comments": comments,
    }


def accounts_frame(
    rows: int, seed: int = 7, *, extra_followers: Sequence[int] = (), first: int = 0
) -> pd.DataFrame:
    """:func:`seeded_accounts` as an export spells it: ``account_handle``, ``network``,
    ``followers``, ``avg_likes``, ``avg_comments`` (names the reader must recognise)."""
    a = seeded_accounts(rows, seed, extra_followers=extra_followers, first=first)
    return pd.DataFrame(
        {
            "account_handle": a["handle"],
            "network": a["platform"],
            "followers": a["followers"],
            "avg_likes": a["likes"],
            "avg_comments": a["comments"],
        }
    )
