"""Who may use a deployment, or one of its sources: an allow-list of e-mail addresses and
domains, matched against the address a signed-in person's identity provider vouches for.

An entry with a local part (``ana@agency.example``) admits that address; any other entry
(``agency.example``, or ``@agency.example``) admits every address at that domain (a wildcard,
``*@agency.example``, is refused as an entry: write the domain), not at its
subdomains (``eu.agency.example`` is an entry of its own). Addresses and domains are compared
without regard to case or a trailing dot. An address the provider says is not verified
(``email_verified`` false) is refused whatever the list says: some providers let anyone claim
any address. An empty list admits no one, so a deployment whose list is missing or mistyped
fails closed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from infludash.base.errors import InputError
from infludash.base.notes import Code, Note

__all__ = ["AccessError", "AllowList", "Refusal"]

#: A domain: dot-separated labels of letters, digits and hyphens (internationalised names in
#: their ``xn--`` form or in their own letters).
_DOMAIN = re.compile(r"^(?!-)[\w-]{1,63}(?<!-)(\.(?!-)[\w-]{1,63}(?<!-))+$")
_LOCAL = re.compile(r"^[^\s@*?]{1,64}$")  # no wildcards: a domain entry admits a domain
#: Invisible characters an entry copied from a screen may carry (the app breaks links in the
#: addresses it shows with a word joiner): not part of any address.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")


class AccessError(Code):
    """An allow-list a deployer wrote that cannot be read."""

    BAD_ENTRY = "errors.access.bad_entry", {"entry": str}
    NOT_A_LIST = "errors.access.not_a_list", {"section": str}
    NO_SECTION = "errors.access.no_section", {"sections": str}
    NO_ALLOW = "errors.access.no_allow", {"section": str, "keys": str}
    AUTH_INCOMPLETE = "errors.access.auth_incomplete", {"section": str, "keys": str}


class Refusal(Code):
    """Why a signed-in person is not let in."""

    NO_ONE = "access.refusal.no_one"
    NO_EMAIL = "access.refusal.no_email"
    UNVERIFIED = "access.refusal.unverified", {"email": str}
    NOT_LISTED = "access.refusal.not_listed", {"email": str}


def _fold(text: str) -> str:
    return _INVISIBLE.sub("", text).strip().rstrip(".").casefold()


@dataclass(frozen=True)
class AllowList:
    """The addresses and the domains a list admits (folded)."""

    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    @classmethod
    def of(cls, entries: object, section: str = "access") -> AllowList:
        """The list of ``entries`` (a list of texts from the secrets' ``section``); an
        :class:`InputError` naming the first entry that is neither an address nor a domain."""
        if isinstance(entries, str) or not isinstance(entries, Iterable):
            raise InputError(Note(AccessError.NOT_A_LIST, section=section))
        emails: set[str] = set()
        domains: set[str] = set()
        for entry in entries:
            text = _fold(str(entry))
            local, at, domain = text.rpartition("@")
            if not _DOMAIN.match(domain) or (at and local and not _LOCAL.match(local)):
                raise InputError(Note(AccessError.BAD_ENTRY, entry=str(entry)))
            (emails.add(text) if local else domains.add(domain))
        return cls(frozenset(emails), frozenset(domains))

    @property
    def empty(self) -> bool:
        return not self.emails and not self.domains

    def refusal(self, email: object, verified: object = None) -> Note | None:
        """None if the person with ``email`` (``verified``: the provider's ``email_verified``
        claim, None when it gives none) is admitted, else why not."""
        if self.empty:
            return Note(Refusal.NO_ONE)
        if not isinstance(email, str) or "@" not in email:
            return Note(Refusal.NO_EMAIL)
        if verified is False or str(verified).casefold() == "false":
            return Note(Refusal.UNVERIFIED, email=email)
        address = _fold(email)
        domain = address.rpartition("@")[2]
        if address in self.emails or domain in self.domains:
            return None
        return Note(Refusal.NOT_LISTED, email=email)

    def admits(self, email: object, verified: object = None) -> bool:
        return self.refusal(email, verified) is None
