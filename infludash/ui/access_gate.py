"""The door of a team deployment: with an ``[auth]`` section in the secrets, nothing of the app
is drawn (no sidebar, no page, no upload control, no source, no report) until the visitor has
signed in through the identity provider (``st.login``, OpenID Connect) and the deployment's
allow-list (``[access] allow``, :class:`~infludash.base.access.AllowList`) admits the address
the provider vouches for. A visitor who is not signed in sees a sign-in screen, one outside the
list a refusal, each in the visitor's language, and the run stops there. Without ``[auth]`` the
app is open, as for one analyst on a laptop, and the sidebar says so.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from infludash.base.access import AccessError, AllowList, Refusal
from infludash.base.errors import InputError
from infludash.base.notes import Note
from infludash.present.catalogue import DEFAULT_LANGUAGE, LANGUAGES
from infludash.present.i18n import Locale, get_locale
from infludash.ui import session, state
from infludash.ui.safe import plain

__all__ = ["Visitor", "admitted", "current_visitor", "enforce", "sidebar_status"]

#: The secrets' section holding who may enter.
ACCESS = "access"
_LOG = logging.getLogger("infludash.access")


@dataclass(frozen=True)
class Visitor:
    """Who is using this session: ``email`` None when the deployment has no login."""

    email: str | None = None
    name: str | None = None

    @property
    def protected(self) -> bool:
        return self.email is not None


def _secrets_section(name: str) -> Mapping[str, Any]:
    try:
        section = st.secrets.get(name)
    except FileNotFoundError:  # no secrets file: nothing configured
        return {}
    return section if isinstance(section, Mapping) else {}


def _providers(auth: Mapping[str, Any]) -> list[str | None]:
    """The providers to offer: ``[auth]`` itself (None) when it names a client, then each
    ``[auth.<name>]`` section."""
    named = [str(k) for k, v in auth.items() if isinstance(v, Mapping)]
    return ([None] if "client_id" in auth else []) + named


def _visitor_locale() -> Locale:
    """The language before the sidebar exists: the link's (``?lang=de``, already in the
    session), else the browser's, else the default."""
    chosen = st.session_state.get(state.LANG)
    if chosen in LANGUAGES:
        return get_locale(str(chosen))
    browser = (getattr(st.context, "locale", None) or "").split("-")[0].casefold()
    return get_locale(browser if browser in LANGUAGES else DEFAULT_LANGUAGE)


def _sign_in(auth: Mapping[str, Any], loc: Locale) -> None:
    st.title(loc.t("overview.title"))
    st.subheader(loc.t("access.sign_in_title"))
    st.write(loc.t("access.sign_in_text"))
    for provider in _providers(auth):
        label = (
            loc.t("access.sign_in")
            if provider is None
            else loc.t("access.sign_in_with", provider=plain(provider))
        )
        if st.button(label, type="primary", key=f"{state.SIGN_IN}_{provider or ''}"):
            st.login(provider) if provider else st.login()


def _refuse(loc: Locale, refusal: Note) -> None:
    setup = isinstance(refusal.code, AccessError) or refusal.code is Refusal.NO_ONE
    said = loc.say(refusal)
    st.title(loc.t("overview.title"))
    if setup:  # the catalogue's sentence (a refusal may begin with the person's address)
        said = said[:1].upper() + said[1:]
    st.error(plain(said + "."), icon=":material/block:")
    st.write(loc.t("access.setup_help" if setup else "access.refused_help"))
    st.button(loc.t("access.sign_out"), key=f"{state.SIGN_OUT}_refused", on_click=sign_out)


def sign_out() -> None:
    """End this session's data (uploads, state, caches), then the sign-in (a button's callback:
    it runs before the next run draws any widget, so no widget outlives the state cleared)."""
    session.release_now()
    st.logout()


def enforce() -> Visitor:
    """Let the visitor in, or draw the sign-in screen or the refusal and stop the run."""
    auth = _secrets_section("auth")
    if not auth:
        return Visitor()
    loc = _visitor_locale()
    incomplete = _incomplete(auth)
    if incomplete is not None:  # said before the provider is asked: its error would be opaque
        _refuse(loc, _logged(incomplete))
        st.stop()
    if not st.user.is_logged_in:
        _sign_in(auth, loc)
        st.stop()
    user = st.user.to_dict()
    email = user.get("email")
    try:
        allow = _allow_list()
        refusal = allow.refusal(email, user.get("email_verified"))
    except InputError as err:  # a list the deployer mistyped lets no one in
        refusal = _logged(err.note)
    if refusal is not None:
        _refuse(loc, refusal)
        st.stop()
    return current_visitor()


def current_visitor() -> Visitor:
    """Who this session belongs to, as :func:`enforce` let them in (draws nothing)."""
    if not _secrets_section("auth") or not st.user.is_logged_in:
        return Visitor()
    user = st.user.to_dict()
    email, name = user.get("email"), user.get("name")
    return Visitor(str(email), str(name) if name else None) if email else Visitor()


#: The settings ``st.login`` needs: of ``[auth]``, and of each provider.
SHARED_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


def _incomplete(auth: Mapping[str, Any]) -> Note | None:
    """What ``[auth]`` lacks for a sign-in (the names of the missing settings, never a value)."""
    missing = [k for k in SHARED_KEYS if not auth.get(k)]
    providers = _providers(auth) or [None]
    for provider in providers:
        section = auth if provider is None else auth[provider]
        name = "auth" if provider is None else f"auth.{provider}"
        missing += [f"{name}.{k}" for k in PROVIDER_KEYS if not section.get(k)]
    if not missing:
        return None
    return Note(AccessError.AUTH_INCOMPLETE, section="auth", keys=", ".join(missing))


def _allow_list() -> AllowList:
    """The deployment's allow-list; an :class:`InputError` naming what is missing or wrong
    (a misspelt section or key lets no one in, and says which one it found instead)."""
    access = _secrets_section(ACCESS)
    if not access:
        try:
            sections = ", ".join(str(k) for k in st.secrets) or "none"
        except FileNotFoundError:
            sections = "none"
        raise InputError(Note(AccessError.NO_SECTION, sections=sections))
    if "allow" not in access:
        keys = ", ".join(str(k) for k in access) or "none"
        raise InputError(Note(AccessError.NO_ALLOW, section=ACCESS, keys=keys))
    return AllowList.of(access["allow"], ACCESS)


def _logged(note: Note) -> Note:
    """``note`` (a setup mistake), said in the server's log too: a deployer reads the log, and
    would otherwise learn of it only by signing in."""
    said = get_locale(DEFAULT_LANGUAGE).say(note)
    _LOG.log(logging.WARNING, "sign-in is not set up: %s", said)  # for the deployer
    return note


def admitted(visitor: Visitor, entries: object, section: str) -> bool:
    """Whether ``visitor`` may use a source whose section lists ``entries`` (None: everyone
    who may use the app). A restricted source is hidden from a deployment without a login, and
    from everyone when its list cannot be read."""
    if entries is None:
        return True
    if not visitor.protected:
        return False
    try:
        return AllowList.of(entries, section).admits(visitor.email)
    except InputError:
        return False


def sidebar_status(visitor: Visitor, loc: Locale, top: DeltaGenerator) -> None:
    """Who is signed in, with a way out, at the ``top`` of the sidebar; or, at its foot, that
    the app is open to anyone."""
    if not visitor.protected:
        with st.sidebar:
            st.divider()
            st.caption(loc.t("access.open"))
        return
    with top:
        st.caption(loc.t("access.signed_in_as", email=plain(visitor.email)))
        st.button(
            loc.t("access.sign_out"),
            key=state.SIGN_OUT,
            icon=":material/logout:",
            on_click=sign_out,
        )
        st.divider()
