"""The allow-list: which addresses it admits, and which lists it refuses to read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infludash.base.access import AccessError, AllowList, Refusal
from infludash.base.errors import InputError

# The first entry was copied off a screen: a word joiner after the "@" (invisible).
LIST = AllowList.of(["ana@\u2060agency.example", "@partner.example", "Studio.Example."])


@pytest.mark.parametrize(
    ("email", "verified", "refusal"),
    [
        ("ana@agency.example", True, None),
        ("ANA@Agency.Example", None, None),  # case and no verification claim at all
        ("bob@agency.example", True, Refusal.NOT_LISTED),  # an address, not the domain
        ("kim@partner.example", True, None),
        ("kim@eu.partner.example", True, Refusal.NOT_LISTED),  # subdomains are their own
        ("kim@partner.example.evil.test", True, Refusal.NOT_LISTED),
        ("evil.test@partner.example@evil.test", True, Refusal.NOT_LISTED),
        ("lee@studio.example", True, None),
        ("lee@studio.example.", True, None),  # a trailing dot is the same domain
        ("lee@studio.example", False, Refusal.UNVERIFIED),
        ("lee@studio.example", "false", Refusal.UNVERIFIED),
        (None, True, Refusal.NO_EMAIL),
        ("", True, Refusal.NO_EMAIL),
        ("no-at-sign", True, Refusal.NO_EMAIL),
        (["ana@agency.example"], True, Refusal.NO_EMAIL),
    ],
)
def test_who_is_admitted(email: object, verified: object, refusal: Refusal | None) -> None:
    found = LIST.refusal(email, verified)
    assert (None if found is None else found.code) is refusal
    assert LIST.admits(email, verified) is (refusal is None)


@pytest.mark.parametrize("entries", [[], ()])
def test_an_empty_list_admits_no_one(entries: object) -> None:
    found = AllowList.of(entries).refusal("ana@agency.example", True)
    assert found is not None
    assert found.code is Refusal.NO_ONE


@pytest.mark.parametrize(
    ("entries", "code"),
    [
        ("agency.example", AccessError.NOT_A_LIST),  # a text, not a list of them
        (None, AccessError.NOT_A_LIST),
        (["*"], AccessError.BAD_ENTRY),
        (["agency"], AccessError.BAD_ENTRY),  # no dot: not a domain
        (["ana @agency.example"], AccessError.BAD_ENTRY),
        (["ana@"], AccessError.BAD_ENTRY),
        (["*@agency.example"], AccessError.BAD_ENTRY),  # a wildcard: the domain is the entry
        (["agency.example", "-bad-.example"], AccessError.BAD_ENTRY),
    ],
)
def test_a_list_that_cannot_be_read_is_an_error(entries: object, code: AccessError) -> None:
    with pytest.raises(InputError) as raised:
        AllowList.of(entries)
    assert raised.value.note.code is code


DOMAINS = ["team.example", "TEAM.Example", "team.example.", "eam.example", "evil-team.example"]


@given(
    st.text(alphabet=st.characters(blacklist_characters="@"), min_size=1, max_size=30),
    st.sampled_from([*DOMAINS, "team.example.evil.test", "team.example@evil.test"]),
)
def test_an_address_is_admitted_by_its_domain_only(local: str, domain: str) -> None:
    """Whatever the local part, an address gets in exactly when the text after its last ``@``
    is the listed domain (case and a trailing dot aside)."""
    listed = AllowList.of(["team.example"])
    expected = domain.rstrip(".").casefold() == "team.example"
    assert listed.admits(f"{local}@{domain}", True) is expected
