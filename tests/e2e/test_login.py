"""A team deployment in real Chromium against a real OpenID Connect provider
(``oidc-provider-mock`` on a free loopback port): an anonymous visitor receives nothing but
the sign-in screen (checked on the websocket too), a copied link opened anonymously shows it
as well, a person outside the allow-list is refused, a permitted one works with the app, a
second person never sees the first one's upload, and signing out ends access. Screenshots go
to tests/e2e/artifacts/ (login_*.png)."""

from __future__ import annotations

import csv
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS, REQUIRED, ROOT, streamlit_server
from tests.e2e.helpers import _metric_value, _upload, _wait_for_charts, _wait_for_idle

pytestmark = pytest.mark.e2e

TEAM = "agency.example"
ANA, KIM, EVE = "ana@agency.example", "kim@agency.example", "eve@elsewhere.example"
SIGN_IN = "Sign in to continue"
#: The secret a first person uploads: no other session may ever show it.
SECRET_HANDLE = "ana_private_client_7731"


def _provider() -> object:
    try:
        import oidc_provider_mock
    except ImportError:
        if REQUIRED or os.environ.get("INFLUDASH_REQUIRE_ENGINES") == "1":
            pytest.fail("the login tests are required here but oidc-provider-mock is missing")
        pytest.skip("the Python package 'oidc-provider-mock' is not installed")
    return oidc_provider_mock


@pytest.fixture(scope="module")
def login_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with ``[auth]`` pointing at a provider that knows three people, two of them at
    the team's domain, and an allow-list of that domain."""
    mock = _provider()
    people = [
        mock.User(sub=who, claims={"email": who, "email_verified": True, "name": who[:3]})  # type: ignore[attr-defined]
        for who in (ANA, KIM, EVE)
    ]
    folder = tmp_path_factory.mktemp("login")
    with mock.run_server_in_thread(user_claims=people) as server:  # type: ignore[attr-defined]
        issuer = f"http://127.0.0.1:{server.server_port}"
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            'client_id = "infludash"\n'
            f'client_secret = "{secrets.token_hex(16)}"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
            "[access]\n"
            f'allow = ["{TEAM}"]\n',
            encoding="utf-8",
        )
        with streamlit_server(
            "--secrets.files", str(secrets_file), log_name="streamlit-login.log"
        ) as (_, url):
            yield url


def _context(browser: object) -> object:
    return browser.new_context(viewport={"width": 1440, "height": 1000})  # type: ignore[attr-defined]


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"login_{name}.png"))  # type: ignore[attr-defined]


def _frames(page: object) -> list[bytes]:
    """Everything the server sends this page over its websocket, from now on."""
    received: list[bytes] = []

    def watch(socket: object) -> None:
        def keep(payload: str | bytes) -> None:
            received.append(payload.encode() if isinstance(payload, str) else payload)

        socket.on("framereceived", keep)  # type: ignore[attr-defined]

    page.on("websocket", watch)  # type: ignore[attr-defined]
    return received


def _sample_handles() -> list[bytes]:
    with (ROOT / "data" / "sample_accounts.csv").open(encoding="utf-8") as f:
        return [row["handle"].encode() for row in csv.DictReader(f)]


def _shows_nothing_of_the_app(page: object, frames: list[bytes]) -> None:
    for test_id in ("stSidebar", "stFileUploader", "stMetric", "stPlotlyChart", "stDataFrame"):
        assert page.locator(f'[data-testid="{test_id}"]').count() == 0, test_id  # type: ignore[attr-defined]
    sent = b"".join(frames)
    assert sent, "no websocket message was seen"
    for handle in _sample_handles():
        assert handle not in sent, handle
    for label in (b"Account lists", b"Median engagement rate", b"Campaign planner", b"Source"):
        assert label not in sent, label


def _sign_in_page(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    page.get_by_text(SIGN_IN).wait_for()  # type: ignore[attr-defined]
    _wait_for_idle(page)


def _sign_in(page: object, url: str, who: str) -> None:
    _sign_in_page(page, url)
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name=who).click()  # the provider's form: a known person
    page.wait_for_url(f"{url}/**")  # type: ignore[attr-defined]
    _wait_for_idle(page)


def test_an_anonymous_visitor_receives_only_the_sign_in(browser: object, login_app: str) -> None:
    context = _context(browser)
    page = context.new_page()  # type: ignore[attr-defined]
    frames = _frames(page)
    _sign_in_page(page, login_app)
    _shows_nothing_of_the_app(page, frames)
    _shot(page, "sign_in")
    page.goto(f"{login_app}/?lang=de")
    page.get_by_text("Melden Sie sich an").wait_for()
    _shot(page, "sign_in_de")
    context.close()  # type: ignore[attr-defined]


def test_a_copied_link_opened_anonymously_shows_the_sign_in(
    browser: object, login_app: str
) -> None:
    context = _context(browser)
    page = context.new_page()  # type: ignore[attr-defined]
    frames = _frames(page)
    page.goto(f"{login_app}/accounts?tier=Micro&q=Quiet")
    page.get_by_text(SIGN_IN).wait_for()
    _wait_for_idle(page)
    _shows_nothing_of_the_app(page, frames)
    context.close()  # type: ignore[attr-defined]


def test_a_person_outside_the_list_is_refused(browser: object, login_app: str) -> None:
    context = _context(browser)
    page = context.new_page()  # type: ignore[attr-defined]
    frames = _frames(page)
    _sign_in(page, login_app, EVE)
    page.get_by_text("is not on this deployment").wait_for()
    _shows_nothing_of_the_app(page, frames)
    _shot(page, "refused")
    context.close()  # type: ignore[attr-defined]


def test_the_team_works_alone_and_signing_out_ends_access(
    browser: object, login_app: str, tmp_path: Path
) -> None:
    first = _context(browser)
    ana = first.new_page()  # type: ignore[attr-defined]
    _sign_in(ana, login_app, ANA)
    _wait_for_charts(ana)
    assert _metric_value(ana, "Accounts") == "5,000"  # the sample
    signed_in = ana.get_by_text("Signed in as")
    signed_in.wait_for()
    assert signed_in.inner_text().replace("\u2060", "") == f"Signed in as {ANA}"
    own = tmp_path / "clients.csv"
    own.write_text(
        f"handle,followers,avg_likes\n{SECRET_HANDLE},12000,400\nsecond,5400,90\nthird,880,40\n",
        encoding="utf-8",
    )
    _upload(ana, login_app, own, "3")
    _shot(ana, "signed_in")

    second = _context(browser)  # another person, another browser: never Ana's upload
    kim = second.new_page()  # type: ignore[attr-defined]
    frames = _frames(kim)
    _sign_in(kim, login_app, KIM)
    _wait_for_charts(kim)
    assert _metric_value(kim, "Accounts") == "5,000"
    kim.goto(f"{login_app}/accounts")
    _wait_for_idle(kim)
    sent = b"".join(frames)
    assert any(h in sent for h in _sample_handles())  # the frames do carry the accounts shown
    assert SECRET_HANDLE.encode() not in sent
    second.close()  # type: ignore[attr-defined]

    ana.get_by_role("button", name="Sign out").click()
    ana.get_by_role("button", name="End session").click()  # the provider's own sign-out
    ana.get_by_text(SIGN_IN).wait_for()
    for path in ("", "/accounts"):  # the identity cookie is gone: every page asks again
        frames = _frames(ana)
        _sign_in_page(ana, f"{login_app}{path}")
        _shows_nothing_of_the_app(ana, frames)
        assert SECRET_HANDLE.encode() not in b"".join(frames)
    first.close()  # type: ignore[attr-defined]
