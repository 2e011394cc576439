"""Safe by default: DEBUG off, security headers, a CSP with no inline script, sign-in
throttling, password rules, sessions that end, and one clear line when the database is away."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import (
    get_default_password_validators,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.test import Client

WELLBOARD = str(Path(sys.executable).with_name("wellboard"))
STRONG_SECRET = "kq7Zr!w2-production-secret-that-is-long-and-random-9xT4pL0vB8nM3cF6"
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": STRONG_SECRET,
    "ALLOWED_HOSTS": "wellboard.example.org",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_PROXY_SSL_HEADER": "1",
    "CSRF_TRUSTED_ORIGINS": "https://wellboard.example.org",
}
PASSWORD = "a-long-enough-passphrase-for-tests"


def outside_pytest(**extra) -> dict:
    """The environment of a real deployment: not a test run, no DEBUG unless given."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG", "SECRET_KEY"}}
    env.update(extra)
    return env


def run(args, env, timeout=120):
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)


# --- DEBUG and the secret key ---------------------------------------------------------------

def test_debug_is_off_unless_asked_for():
    show = [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"]
    base = outside_pytest(SECRET_KEY=STRONG_SECRET, DJANGO_SETTINGS_MODULE="wellboard.settings")
    assert run(show, base).stdout.strip() == "False"
    assert run(show, {**base, "DEBUG": ""}).stdout.strip() == "False"
    assert run(show, {**base, "DEBUG": "1"}).stdout.strip() == "True"


def test_the_development_secret_is_refused_in_one_line():
    result = run([WELLBOARD, "check"], outside_pytest())
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SECRET_KEY" in lines[0], result.stderr


# --- check --deploy ---------------------------------------------------------------------------

def test_check_deploy_is_clean_with_the_production_settings():
    result = run([WELLBOARD, "check", "--deploy", "--fail-level", "WARNING"], outside_pytest(**PRODUCTION))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_names_what_is_missing_without_them():
    bare = {k: v for k, v in PRODUCTION.items() if not k.startswith("SECURE_")}
    result = run([WELLBOARD, "check", "--deploy", "--fail-level", "WARNING"], outside_pytest(**bare))
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # HSTS
    assert "security.W008" in result.stderr + result.stdout  # SSL redirect


# --- headers and the Content Security Policy ------------------------------------------------

@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_script_or_style(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


@pytest.mark.django_db
def test_hsts_and_ssl_redirect_when_configured(client, settings):
    assert "Strict-Transport-Security" not in client.get("/", secure=True)
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # middleware reads these settings when it is built
    assert client.get("/", secure=True)["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    redirect = client.get("/plans/", secure=False)
    assert redirect.status_code == 301 and redirect["Location"].startswith("https://")
    response = client.get("/", secure=True)
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"


def _inline_code(html: bytes) -> list[str]:
    """Everything in a page the policy would block: inline scripts, handlers, style attributes."""
    page = BeautifulSoup(html, "html.parser")
    found = []
    for script in page.find_all("script"):
        if not script.get("src") and script.get("type") not in {"application/json", "application/ld+json"}:
            found.append(str(script)[:80])
    for tag in page.find_all(True):
        found += [f"<{tag.name} {name}=…>" for name in tag.attrs if name.startswith("on") or name == "style"]
    found += [str(tag)[:80] for tag in page.find_all("style")]
    return found


@pytest.mark.django_db
def test_no_page_has_inline_script_or_style(client, staff_client):
    for url in ["/", "/sign-in/", "/plans/nottingham-jhws-2013/", "/plans/nottingham-healthy-culture-2016/",
                "/plans/nottingham-jhws-2013/progress-report/", "/bodies/", "/api/v1/docs"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _inline_code(response.content) == [], url
    admin = get_user_model().objects.create_superuser("root", password=PASSWORD)
    client.force_login(admin)
    for url in ["/admin/", "/admin/auth/user/", f"/admin/auth/user/{admin.pk}/change/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _inline_code(response.content) == [], url


@pytest.mark.django_db
def test_scripts_and_rag_colours_come_from_our_own_files(client):
    page = BeautifulSoup(client.get("/plans/nottingham-jhws-2013/").content, "html.parser")
    sources = [s["src"] for s in page.find_all("script")]
    assert sources == ["/static/wellboard/govuk-supported.js", "/static/wellboard/init.js"]
    css = client.get("/rag-colours.css")
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
    tag = page.select_one(".wb-rag:not(.wb-rag--none)")
    colour_class = next(c for c in tag["class"] if c.startswith("wb-rag-c"))
    assert f".{colour_class}{{background-color:#" in css.content.decode()


# --- sign-in throttling, passwords and sessions ----------------------------------------------

@pytest.mark.django_db
def test_sign_in_locks_after_five_wrong_passwords_and_says_when_to_retry(client):
    get_user_model().objects.create_user("officer", password=PASSWORD)
    for attempt in range(1, 5):
        response = client.post("/sign-in/", {"username": "officer", "password": f"wrong-{attempt}"})
        assert response.status_code == 200
        summary = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary")
        assert summary is not None, "the sign-in page shows its error summary before the limit"
    locked = client.post("/sign-in/", {"username": "officer", "password": "wrong-5"})
    assert locked.status_code == 429
    message = BeautifulSoup(locked.content, "html.parser").select_one("#lockout-message").get_text(" ", strip=True)
    assert "15 minutes" in message and "Try again after" in message
    right = client.post("/sign-in/", {"username": "officer", "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another user from the same address is not locked out.
    get_user_model().objects.create_user("chair", password=PASSWORD)
    other = client.post("/sign-in/", {"username": "chair", "password": PASSWORD})
    assert other.status_code == 302


@pytest.mark.django_db
def test_test_client_sign_in_still_works(client):
    user = get_user_model().objects.create_user("analyst", password=PASSWORD)
    assert client.login(username="analyst", password=PASSWORD)
    assert not client.login(username="analyst", password="wrong")
    client.force_login(user)
    assert client.get("/").context["user"] == user


def test_all_four_password_validators_apply():
    names = {type(v).__name__ for v in get_default_password_validators()}
    assert names == {"UserAttributeSimilarityValidator", "MinimumLengthValidator",
                     "CommonPasswordValidator", "NumericPasswordValidator"}
    user = get_user_model()(username="margaretthatcher", email="margaret@example.org")
    for bad in ["short1", "password123", "83649271530", "margaretthatcher1"]:
        with pytest.raises(ValidationError):
            validate_password(bad, user)
    validate_password("violet-harbour-kettle-51", user)


@pytest.mark.django_db
def test_sessions_end_with_the_browser_and_after_eight_hours(client, settings):
    get_user_model().objects.create_user("member", password=PASSWORD)
    response = client.post("/sign-in/", {"username": "member", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert 0 < client.session.get_expiry_age() <= 8 * 60 * 60


# --- an unreachable database ----------------------------------------------------------------

@pytest.mark.parametrize("command", [["migrate"], ["load", "data/norfolk/norfolk-hwb.yaml"], ["serve", "--bind", "127.0.0.1:1"]])
def test_unreachable_database_is_one_line_and_status_1(command):
    env = {**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere"}
    result = run([WELLBOARD, *command], env, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "cannot use the database" in lines[0] and "127.0.0.1:1" in lines[0]
