"""Column aliases: every spelling an export uses maps to one canonical column, totals never do."""

from __future__ import annotations

import pytest

from infludash.read.columns import (
    ALIASES,
    CANONICAL_ORDER,
    accepted_names,
    map_columns,
    normalise_header,
)
from tests.fixtures import raises_said, said


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("handle", "handle"),
        ("account_handle", "handle"),
        ("Username", "handle"),
        ("Channel Info", "handle"),
        ("network", "platform"),
        ("Platform", "platform"),
        ("followers", "followers"),
        ("Followers", "followers"),
        ("follower_count", "followers"),
        ("Follower Count", "followers"),
        ("subscribers", "followers"),
        ("Subscribers count", "followers"),
        ("sub", "followers"),
        ("Subs", "followers"),
        ("Fans", "followers"),
        ("Abonnenten", "followers"),
        ("likes", "avg_likes"),
        ("avg likes", "avg_likes"),
        ("Likes (Avg.)", "avg_likes"),
        ("avg_likes", "avg_likes"),
        ("Ø Likes", "avg_likes"),
        ("Ø-Likes", "avg_likes"),
        ("Average Likes", "avg_likes"),
        ("Durchschnittliche Likes", "avg_likes"),
        ("Comments", "avg_comments"),
        ("Avg. Comments", "avg_comments"),
        ("Kommentare", "avg_comments"),
        ("shares", "avg_shares"),
        ("saves", "avg_saves"),
        ("Average Views", "avg_views"),
        ("Engagement Rate (%)", "engagement_rate"),
        ("ER %", "engagement_rate"),
        ("Country", "country"),
        ("\ufeffFollowers", "followers"),
        ("  FOLLOWERS  ", "followers"),
    ],
)
def test_alias_maps_to_canonical(header: str, canonical: str) -> None:
    mapping = map_columns([header])
    assert mapping.columns == {canonical: header}
    assert mapping.unmapped == ()


@pytest.mark.parametrize(
    "header",
    [
        "total_likes",
        "Total Likes",
        "video_views",
        "new_post_avg_like",
        "lifetime views",
        "likes total",
        "Follower:innen growth",
        "",
    ],
)
def test_totals_and_unknown_headers_are_not_mapped(header: str) -> None:
    mapping = map_columns([header])
    assert "avg_likes" not in mapping.columns
    assert "avg_views" not in mapping.columns
    assert mapping.columns == {}
    assert mapping.unmapped == (header,)


@pytest.mark.parametrize(
    ("header", "normalised"),
    [
        ("Likes (Avg.)", "likes avg"),
        ("account_handle", "account handle"),
        ("Ø Likes", "ø likes"),
        ("  Follower   Count ", "follower count"),
        ("\ufeffhandle", "handle"),
        ("ＦＯＬＬＯＷＥＲＳ", "followers"),
    ],
)
def test_normalise_header(header: str, normalised: str) -> None:
    assert normalise_header(header) == normalised


@pytest.mark.parametrize(
    ("headers", "canonical", "winner", "loser"),
    [
        (["name", "username"], "handle", "username", "name"),
        (["username", "name"], "handle", "username", "name"),
        (["subscribers", "followers"], "followers", "followers", "subscribers"),
        (["Fans", "Follower Count"], "followers", "Follower Count", "Fans"),
        (["likes", "Likes"], "avg_likes", "likes", "Likes"),
    ],
)
def test_best_alias_wins(headers: list[str], canonical: str, winner: str, loser: str) -> None:
    mapping = map_columns(headers)
    assert mapping.columns[canonical] == winner
    assert loser in mapping.unmapped
    assert any(repr(loser) in note and canonical in note for note in said(mapping.notes))


def test_overrides_win_over_aliases() -> None:
    mapping = map_columns(["followers", "Fans total", "handle"], {"followers": "Fans total"})
    assert mapping.columns["followers"] == "Fans total"
    assert mapping.columns["handle"] == "handle"
    assert mapping.unmapped == ("followers",)


def test_override_maps_an_unknown_header() -> None:
    mapping = map_columns(["Reichweite", "Kanal"], {"followers": "Reichweite"})
    assert mapping.columns == {"handle": "Kanal", "followers": "Reichweite"}
    assert mapping.unmapped == ()


def test_mapping_is_in_canonical_order() -> None:
    mapping = map_columns(["likes", "followers", "country", "handle", "network"])
    assert list(mapping.columns) == ["handle", "platform", "followers", "avg_likes", "country"]
    assert list(mapping.columns) == [c for c in CANONICAL_ORDER if c in mapping.columns]


def test_each_alias_belongs_to_one_column_and_is_normalised() -> None:
    seen: dict[str, str] = {}
    for canonical, aliases in ALIASES.items():
        for alias in aliases:
            assert alias not in seen, f"{alias!r} is an alias of {seen.get(alias)} and {canonical}"
            seen[alias] = canonical
            assert normalise_header(alias) == alias


def test_accepted_names_lists_the_spellings() -> None:
    names = accepted_names("followers")
    for spelling in ("followers", "subscribers", "abonnenten", "fans"):
        assert spelling in names


def test_override_of_an_unknown_column_is_an_error() -> None:
    with raises_said("unknown column 'folowers'"):
        map_columns(["Fans total"], {"folowers": "Fans total"})


def test_one_file_column_cannot_be_mapped_twice() -> None:
    with raises_said("mapped twice"):
        map_columns(["likes"], {"followers": "likes", "avg_likes": "likes"})


def test_override_takes_the_header_away_from_its_automatic_column() -> None:
    mapping = map_columns(["likes", "handle"], {"followers": "likes"})
    assert mapping.columns == {"handle": "handle", "followers": "likes"}
    assert any("mapped by hand" in note for note in said(mapping.notes))
