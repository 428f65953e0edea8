"""The door of a team deployment, with AppTest: with ``[auth]`` in the secrets nothing but the
sign-in screen is drawn for a visitor who is not signed in, nothing but a refusal for one the
allow-list does not admit; the admitted see the app, who they are and a way out, and only the
sources meant for them. Without ``[auth]`` the app is open and says so."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.support.accounts import accounts_frame
from tests.support.pages import app_test

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-test-secret-of-more-than-thirty-two-characters",
    "client_id": "infludash",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ANA = {"is_logged_in": True, "email": "ana@agency.example", "email_verified": True, "name": "Ana"}


def _app(user: dict[str, object], allow: object = ("agency.example",), **query: str) -> AppTest:
    at = app_test(timeout=120, **query)
    at.secrets["auth"] = AUTH
    if allow is not None:
        at.secrets["access"] = {"allow": list(allow) if isinstance(allow, tuple) else allow}
    at.user = user
    return at


def _nothing_of_the_app(at: AppTest) -> None:
    assert not at.exception
    assert len(at.sidebar) == 0
    assert not at.get("file_uploader")
    assert not at.metric
    assert not at.get("plotly_chart")
    assert not at.dataframe


def test_without_auth_the_app_is_open_and_says_so() -> None:
    at = app_test().run()
    assert not at.exception
    assert at.metric  # the sample's figures
    assert any("Open to anyone" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize(("lang", "title"), [("en", "Sign in to continue"), ("de", "Melden Sie")])
def test_a_visitor_who_is_not_signed_in_sees_only_the_sign_in(lang: str, title: str) -> None:
    at = _app({"is_logged_in": False}, lang=lang).run()
    _nothing_of_the_app(at)
    assert at.subheader[0].value.startswith(title)
    assert [b.label for b in at.button] == ["Sign in" if lang == "en" else "Anmelden"]


def test_a_copied_link_deep_into_the_app_shows_the_sign_in_too() -> None:
    at = _app({"is_logged_in": False}, tier="Micro", db="lake", q="creator_1").run()
    _nothing_of_the_app(at)
    at.switch_page("infludash/ui/pages/accounts.py").run()
    _nothing_of_the_app(at)


@pytest.mark.parametrize(
    ("user", "allow", "said"),
    [
        ({**ANA, "email": "bob@other.example"}, ("agency.example",), "not on this"),
        ({**ANA, "email_verified": False}, ("agency.example",), "not verified"),
        ({"is_logged_in": True, "sub": "123"}, ("agency.example",), "no e-mail"),
        (ANA, None, "no [access] section"),  # [auth] without a list: closed
        (ANA, (), "lets no one in"),
        (ANA, ("agency.example", "*"), "neither an e-mail"),  # a mistyped list: closed
        (ANA, ("*@agency.example",), "neither an e-mail"),
        (ANA, "agency.example", "must be a list"),
    ],
)
def test_a_person_the_list_does_not_admit_is_refused(
    user: dict[str, object], allow: object, said: str
) -> None:
    at = _app(user, allow).run()
    _nothing_of_the_app(at)
    assert said in at.error[0].value.replace("\\", "")
    assert [b.label for b in at.button] == ["Sign out"]
    setup = user is ANA  # the deployer's mistake, not the person's: the advice says so
    assert ("a setting of the deployment" in at.markdown[0].value) is setup


def test_a_misspelt_key_is_named() -> None:
    at = _app(ANA, allow=None)
    at.secrets["access"] = {"allowed": ["agency.example"]}
    at.run()
    _nothing_of_the_app(at)
    assert "its keys: allowed" in at.error[0].value.replace("\\", "")


def test_an_incomplete_auth_section_is_said_before_anyone_signs_in() -> None:
    at = _app({"is_logged_in": False})
    at.secrets["auth"] = {k: v for k, v in AUTH.items() if k != "cookie_secret"}
    at.run()
    _nothing_of_the_app(at)
    assert "lack cookie_secret" in at.error[0].value.replace("\\", "")
    assert AUTH["client_secret"] not in at.error[0].value  # names, never values


def test_the_admitted_see_the_app_who_they_are_and_sign_out() -> None:
    at = _app(ANA).run()
    assert not at.exception
    assert at.metric
    assert any("Signed in as ana" in c.value.replace("\\", "") for c in at.sidebar.caption)
    at.session_state["budget"] = 5_000  # something of this session's
    out = next(b for b in at.sidebar.button if b.label == "Sign out")
    out.click().run()
    assert at.user == {"is_logged_in": False}  # st.logout ran
    assert "budget" not in at.session_state
    at.run()
    _nothing_of_the_app(at)


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lake") / "lake.db"
    frame = accounts_frame(500, seed=4)
    with duckdb.connect(str(path)) as con:
        con.register("accounts_frame", frame)
        con.execute("CREATE TABLE creators AS SELECT * FROM accounts_frame")
    return path


def _sources(at: AppTest, lake: Path) -> AppTest:
    url = f"duckdb:///{lake}"
    at.secrets["connections"] = {
        "open_lake": {"url": url, "table": "creators", "label": "Everyone's lake"},
        "ana_only": {
            "url": url,
            "table": "creators",
            "label": "Ana's lake",
            "allow": ["ana@agency.example"],
        },
    }
    return at


def test_a_source_is_listed_only_for_those_its_list_admits(lake: Path) -> None:
    def offered(user: dict[str, object], **query: str) -> list[str]:
        at = _sources(_app(user, **query), lake).run()
        assert not at.exception
        box = next(s for s in at.sidebar.selectbox if s.label == "Source")
        return list(box.options)

    assert "Ana's lake" in offered(ANA)
    kim = {**ANA, "email": "kim@agency.example"}
    assert "Ana's lake" not in offered(kim)
    assert "Everyone's lake" in offered(kim)
    # A link naming the source opens nothing of it for someone it is not meant for.
    at = _sources(_app(kim, db="ana_only"), lake).run()
    assert not at.exception
    assert not any("Ana's lake" in c.value for c in at.caption)
    assert at.sidebar.selectbox[1].value == ""


def test_without_a_login_a_restricted_source_is_not_offered(lake: Path) -> None:
    at = _sources(app_test(timeout=120), lake).run()
    assert not at.exception
    box = next(s for s in at.sidebar.selectbox if s.label == "Source")
    assert list(box.options)[1:] == ["Everyone's lake"]
