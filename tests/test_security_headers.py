"""Security headers, cookies and caching with the settings production runs with.

The security settings are read from pmi_aqt/settings.py itself, executed as production would
(DEBUG and PMI_TESTING unset, a SECRET_KEY given), and applied to the test's settings; nothing
here restates them. With them, every page carries a content security policy that allows no
inline script, refuses to be framed, is sent over HTTPS only (HSTS), keeps its cookies Secure,
and is never cached publicly. The templates hold no inline script or style (emails and PDFs
excepted), which is what lets the policy be this strict.
"""

import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import checks
from django.urls import reverse

from .test_permission_matrix import (
    ANONYMOUS,
    COMPANY,
    FINANCE,
    MANAGER,
    MEMBER,
    PAGES,
    POST,
    build_world,
    project_url_names,
)

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(django_settings.BASE_DIR) / "pmi_aqt" / "settings.py"
TEMPLATES_DIR = Path(django_settings.BASE_DIR) / "templates"

# What settings.py decides about security; applied as production has them.
SECURITY_SETTINGS = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_CSP",
    "SECURE_CSP_REPORT_ONLY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
)
# Read from production's settings too, for `check --deploy`, but not applied to every test.
OTHER_PRODUCTION_SETTINGS = ("MAILERS",)
ONE_YEAR = 60 * 60 * 24 * 365

# Templates that may style inline: emails (mail clients ignore stylesheets) and PDFs.
INLINE_STYLE_ALLOWED = ("emails/", "taskforce/pdf/", "projects/report/")
# The email preview frame shows an email, inline styles included, under a CSP of its own.
OWN_CSP_PAGES = {"mailing:text_preview_html"}
# Files, not pages: no HTML to scan (and no PDF rendering, for speed).
NOT_HTML = {
    "companies:export_csv",
    "companies:export_xlsx",
    "projects:report_pdf",
    "projects:export_csv",
    "projects:export_xlsx",
    "projects:document_download",
    "taskforce:minutes_pdf",
    "taskforce:dossier_pdf",
}
# Pages opened through a secure link: never stored by any cache.
TOKEN_PAGES = {
    "projects:company_view",
    "projects:survey",
    "projects:intake_resume",
    "mailing:unsubscribe",
}
# Known and reported: see test_the_unsubscribe_page_is_never_stored.
KNOWN_STORED_TOKEN_PAGES: set[str] = set()


def production_settings(monkeypatch) -> dict:
    """Run settings.py as production does and keep what it says about security."""
    for name in ("DEBUG", "PMI_TESTING", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("SECURE_HSTS_PRELOAD", raising=False)
    monkeypatch.setenv("SECRET_KEY", "production-like-secret-key-for-the-security-tests-0123")
    monkeypatch.setenv("ALLOWED_HOSTS", "portail.pmi-aqt.fr")
    spec = importlib.util.spec_from_file_location("pmi_aqt_production_settings", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names = SECURITY_SETTINGS + OTHER_PRODUCTION_SETTINGS
    return {name: getattr(module, name) for name in names if hasattr(module, name)}


@pytest.fixture
def production(settings, monkeypatch) -> dict:
    values = production_settings(monkeypatch)
    for name in SECURITY_SETTINGS:
        if name in values:
            setattr(settings, name, values[name])
    return values


# --- The settings themselves


def test_production_settings_turn_every_protection_on(production):
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= ONE_YEAR
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"


def test_check_deploy_is_clean(production, settings, monkeypatch):
    """`manage.py check --deploy` with production's settings has nothing to say. The test run's
    own arrangements (in-memory mail, async safety off for Playwright) are put back as
    production has them first."""
    settings.ALLOWED_HOSTS = ["portail.pmi-aqt.fr"]
    settings.MAILERS = production["MAILERS"]
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    messages = [
        message
        for message in checks.run_checks(include_deployment_checks=True)
        # As `manage.py check` does: the checks the settings silence (on SQLite, the covering
        # indexes' W040) say nothing.
        if message.level >= checks.WARNING and message.id not in settings.SILENCED_SYSTEM_CHECKS
    ]
    assert not messages, "\n".join(str(message) for message in messages)


# --- Headers


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.get("Content-Security-Policy", "")
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def header_problems(response, *, own_csp: bool = False) -> list[str]:
    problems = []
    csp = csp_directives(response)
    if not csp:
        return ["no Content-Security-Policy"]
    scripts = csp.get("script-src", csp.get("default-src", []))
    if not scripts:
        problems.append("the CSP does not restrict scripts")
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        if unsafe in scripts:
            problems.append(f"the CSP allows {unsafe} scripts")
    if csp.get("object-src", csp.get("default-src")) != ["'none'"]:
        problems.append("the CSP allows plugins (object-src)")
    if "base-uri" not in csp:
        problems.append("the CSP leaves <base> free (base-uri)")
    if not own_csp:
        if csp.get("frame-ancestors") != ["'none'"]:
            problems.append(f"frame-ancestors is {csp.get('frame-ancestors')}, not 'none'")
        if response.get("X-Frame-Options") != "DENY":
            problems.append(f"X-Frame-Options is {response.get('X-Frame-Options')!r}")
        styles = csp.get("style-src", csp.get("default-src", []))
        if "'unsafe-inline'" in styles:
            problems.append("the CSP allows inline styles")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.get("Referrer-Policy") not in {"same-origin", "strict-origin", "no-referrer"}:
        problems.append(f"Referrer-Policy is {response.get('Referrer-Policy')!r}")
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        if f"{feature}=()" not in permissions:
            problems.append(f"Permissions-Policy leaves {feature} on: {permissions!r}")
    hsts = response.get("Strict-Transport-Security", "")
    max_age = re.search(r"max-age=(\d+)", hsts)
    if not max_age or int(max_age.group(1)) < ONE_YEAR or "includeSubDomains" not in hsts:
        problems.append(f"Strict-Transport-Security is {hsts!r}")
    return problems


def test_plain_http_is_sent_to_https(client, production):
    response = client.get(reverse("projects:intake"))
    assert response.status_code == 301
    assert response.url.startswith("https://")


def test_behind_the_proxy_https_is_recognised(client, production):
    response = client.get(reverse("projects:intake"), headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response


@pytest.mark.parametrize(
    "path",
    [
        "/projets/demande/",  # the public form
        "/compte/connexion/",
        "/confidentialite/",
        "/projets/",  # a login redirect
        "/une-page-qui-n-existe-pas/",  # the 404 page
        "/projets/suivi/un-lien-faux/",  # a refused secure link (403)
    ],
)
def test_every_kind_of_answer_carries_the_headers(client, production, path):
    response = client.get(path, secure=True)
    assert not header_problems(response), (response.status_code, header_problems(response))


# --- Cookies


def test_session_and_csrf_cookies_are_secure(client, production):
    from .factories import UserFactory

    UserFactory(email="cookie@pmi-aqt.test", roles=["officer"])
    page = client.get(reverse("accounts:login"), secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"].lower() in {"lax", "strict"}
    assert bool(csrf["httponly"]) == production["CSRF_COOKIE_HTTPONLY"]
    response = client.post(
        reverse("accounts:login"),
        {"username": "cookie@pmi-aqt.test", "password": "motdepasse-de-test"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]
    assert session["samesite"].lower() in {"lax", "strict"}


# --- Every page: headers, caching and the HTML sent


INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I
)
INLINE_STYLE = re.compile(r"""<[a-z][^>]*\sstyle\s*=|<style\b""", re.I)
INLINE_HANDLER = re.compile(r"""<[a-z][^>]*\son[a-z]+\s*=|javascript:""", re.I)


def html_problems(html: str, *, styles_allowed: bool = False) -> list[str]:
    problems = [f"inline script {m.group(0)!r}" for m in INLINE_SCRIPT.finditer(html)]
    problems += [f"inline event handler {m.group(0)[:80]!r}" for m in INLINE_HANDLER.finditer(html)]
    if not styles_allowed:
        problems += [f"inline style {m.group(0)[:80]!r}" for m in INLINE_STYLE.finditer(html)]
    return problems


def cache_problems(response, *, authenticated: bool, token_page: bool) -> list[str]:
    cache_control = response.get("Cache-Control", "").lower()
    problems = []
    if "public" in cache_control:
        problems.append(f"Cache-Control: {cache_control}")
    if token_page and "no-store" not in cache_control:
        problems.append(f"a secure-link page without no-store (Cache-Control: {cache_control!r})")
    if authenticated:
        varies = response.get("Vary", "").lower()
        kept_private = "private" in cache_control or "no-store" in cache_control
        if not kept_private and "cookie" not in varies:
            problems.append("a page for a logged-in person, neither private nor Vary: Cookie")
    return problems


@pytest.mark.parametrize("role", [ANONYMOUS, COMPANY, MEMBER, FINANCE, MANAGER])
def test_every_page_is_safe_to_send(client, settings, production, tmp_path, role):
    """Each page the role may open: the security headers, no public caching (no-store for the
    secure-link pages), and HTML with no inline script, event handler or style."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    world = build_world(tmp_path)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    names = project_url_names()
    failures = []
    for name, page in sorted(PAGES.items()):
        if name not in names or role not in page.allowed or page.method == POST:
            continue
        if name in NOT_HTML:
            continue
        if page.prepare:
            page.prepare(client, world)
        response = client.get(page.url(world, role), secure=True)
        own_csp = name in OWN_CSP_PAGES
        problems = header_problems(response, own_csp=own_csp)
        problems += cache_problems(
            response,
            authenticated=user is not None,
            token_page=name in TOKEN_PAGES - KNOWN_STORED_TOKEN_PAGES,
        )
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            problems += html_problems(response.content.decode(), styles_allowed=own_csp)
        failures += [f"{name} as {role}: {problem}" for problem in problems]
    assert not failures, "\n".join(failures)


def test_the_unsubscribe_page_is_never_stored(client, production):
    from pmi_aqt.mailing.unsubscribe import unsubscribe_url

    response = client.get(unsubscribe_url("dirigeante@fonderie.test"), secure=True)
    assert response.status_code == 200
    assert "no-store" in response.get("Cache-Control", "")


# --- The templates themselves


def _templates():
    for path in sorted(TEMPLATES_DIR.rglob("*.html")):
        yield path.relative_to(TEMPLATES_DIR).as_posix(), path.read_text(encoding="utf-8")


def test_templates_hold_no_inline_script():
    found = [
        f"{name}: {match.group(0)}"
        for name, text in _templates()
        for match in INLINE_SCRIPT.finditer(text)
    ]
    found += [
        f"{name}: {match.group(0)[:80]}"
        for name, text in _templates()
        for match in INLINE_HANDLER.finditer(text)
        if not name.startswith("emails/")
    ]
    assert not found, "Inline scripts are refused by the CSP; use a file in static/js:\n" + (
        "\n".join(found)
    )


def test_templates_hold_no_inline_style_outside_emails_and_pdfs():
    found = [
        f"{name}: {match.group(0)[:80]}"
        for name, text in _templates()
        if not name.startswith(INLINE_STYLE_ALLOWED)
        for match in INLINE_STYLE.finditer(text)
    ]
    assert not found, "Inline styles are refused by the CSP; use a class in static/css:\n" + (
        "\n".join(found)
    )
