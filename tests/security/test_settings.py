"""Issue 7, item 8: no known secret key in production, CSP and HSTS, `check --deploy` clean, Swagger UI offline."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def production_environment(**changes) -> dict:
    """The process environment with the settings of ``.env.example`` (what production copies)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE"))}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            environment[key] = value
    environment["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    environment.update(changes)
    return environment


def run_manage(*args, environment) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = run_manage("check", environment=production_environment(DJANGO_SECRET_KEY=""))
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_debug_without_a_key_still_starts_for_the_demo():
    result = run_manage("check", environment=production_environment(DJANGO_SECRET_KEY="", DJANGO_DEBUG="true"))
    assert result.returncode == 0, result.stderr


def test_check_deploy_with_the_example_production_settings_prints_no_warnings():
    """.env.example with the key it tells you to generate: not one warning."""
    key = secrets.token_urlsafe(50)
    result = run_manage("check", "--deploy", environment=production_environment(DJANGO_SECRET_KEY=key))
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "System check identified no issues" in output, output


def test_check_deploy_warns_when_the_limits_would_count_per_process():
    """Issue 26: "rate limits are per process unless a shared cache is configured"."""
    key = secrets.token_urlsafe(50)
    environment = production_environment(DJANGO_SECRET_KEY=key)
    del environment["CACHE_URL"]
    result = run_manage("check", "--deploy", environment=environment)
    assert "accounts.W001" in result.stdout + result.stderr


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    policy = client.get(reverse("home")).headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    assert "'unsafe-inline'" not in re.search(r"script-src[^;]*", policy).group()


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True)
def test_https_responses_carry_hsts(client):
    response = client.get(reverse("home"), secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_swagger_ui_is_served_from_this_site(client):
    page = client.get(reverse("api-docs")).content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets), assets
    assert all(asset.startswith("/") for asset in assets), assets  # nothing from another host
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    # The initializer is a script file of its own, so the CSP needs no inline script.
    assert "<script>" not in page.replace(" ", "")
