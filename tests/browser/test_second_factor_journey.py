"""Issue 26, the second factor in a real Chromium: a staff member without one is sent to enrol, scans (here: reads)
the key, confirms a code and keeps the recovery codes; then signs in with a code, with a recovery code, and reaches
the admin through the same sign-in. Screenshots under tmp/screenshots/second-factor/."""

import time
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from accounts.roles import Role
from tests.browser.accessibility import AccessibilityReport
from tests.browser.second_factor import CODE_PAGE, pass_second_factor
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "tmp" / "screenshots" / "second-factor"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def password(page: Page, base: str, username: str, next_path: str = "") -> None:
    page.goto(f"{base}/accounts/login/{'?next=' + next_path if next_path else ''}")
    page.fill("[name=username]", username)
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button.btn-primary").click()
    page.wait_for_load_state()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_staff_enrol_then_sign_in_with_a_code_and_with_a_recovery_code(seeded, live_server, page: Page):
    staff = UserFactory(role=Role.STAFF, username="lena", second_factor=False)
    base, report = live_server.url, AccessibilityReport()

    # Enrol: every page leads to the second-factor page until an authenticator is added.
    password(page, base, "lena")
    page.goto(f"{base}/funding/")
    expect(page).to_have_url(f"{base}/accounts/2fa/")
    expect(page.get_by_role("status").first).to_contain_text("add an authenticator app or a security key")
    expect(page.locator("nav.portal-navbar")).to_contain_text("Signed in as lena")
    shot(page, "1-enrol-required")
    report.check(page, "the second-factor page")
    page.locator("main").get_by_role("link", name="Activate").click()
    page.fill("[name=password]", PASSWORD)  # adding a factor asks for the password again
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Activate Authenticator App")
    secret = page.locator("#authenticator_secret").input_value()
    shot(page, "2-activate-authenticator-app")
    report.check(page, "activating the authenticator app")
    page.fill("[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Recovery Codes")
    shot(page, "3-recovery-codes")
    codes = RecoveryCodes(Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES))
    expect(page.locator("main")).to_contain_text(codes.get_unused_codes()[0])
    page.goto(f"{base}/funding/")
    expect(page).to_have_url(f"{base}/funding/")
    sign_out(page)

    # Sign in with the password and a code from the app.
    password(page, base, "lena", next_path="/funding/")
    expect(page).to_have_url(f"{base}{CODE_PAGE}")
    expect(page.locator("nav.portal-navbar")).not_to_contain_text("Signed in as")
    shot(page, "4-code-asked")
    report.check(page, "the code at sign-in")
    page.fill("[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30 + 1)))  # the next period's
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{base}/funding/")
    expect(page.locator("nav.portal-navbar")).to_contain_text("Signed in as lena")
    sign_out(page)

    # The phone is lost: a recovery code, once.
    code = codes.get_unused_codes()[0]
    password(page, base, "lena")
    page.fill("[name=code]", code)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("nav.portal-navbar")).to_contain_text("Signed in as lena")
    sign_out(page)
    password(page, base, "lena")
    page.fill("[name=code]", code)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Incorrect code")
    shot(page, "5-recovery-code-used")
    print(f"\n{report.summary()}")
    assert not report.failures, "\n".join(report.failures)


def test_the_admin_is_behind_the_same_sign_in(seeded, live_server, page: Page):
    UserFactory(role=Role.STAFF, username="sam")
    base = live_server.url
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(f"{base}/accounts/login/?next=%2Fadmin%2F")
    expect(page.locator("h1")).to_have_text("Sign in")
    page.fill("[name=username]", "sam")
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button.btn-primary").click()
    expect(page).to_have_url(f"{base}{CODE_PAGE}")
    pass_second_factor(page)
    expect(page).to_have_url(f"{base}/admin/")
    expect(page.locator("#site-name")).to_contain_text("Clean Air Grants")
    shot(page, "6-admin-after-code")


def test_spanish_second_factor_page(seeded, live_server, page: Page):
    UserFactory(role=Role.FINANCE, username="omar")
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("button", name="Español").click()
    password(page, base, "omar")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("main")).to_contain_text("Autenticación de doble factor")
    shot(page, "7-code-asked-es")


def test_a_security_key_is_added_and_signs_in(seeded, live_server, page: Page, settings):
    """A passkey or security key (WebAuthn), with Chromium's virtual authenticator standing in for the key. The live
    server is plain HTTP on localhost, which production never is (MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN there is off)."""
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    UserFactory(role=Role.BOARD_MEMBER, username="bea")
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    base = live_server.url
    password(page, base, "bea")
    pass_second_factor(page)
    page.goto(f"{base}/accounts/2fa/webauthn/add/")
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Add Security Key")
    page.fill("[name=name]", "Office key")
    shot(page, "8-add-security-key")
    page.locator("#mfa_webauthn_add").click()
    expect(page.locator("main")).to_contain_text("Security key added.")
    assert Authenticator.objects.filter(user__username="bea", type=Authenticator.Type.WEBAUTHN).count() == 1
    sign_out(page)

    password(page, base, "bea", next_path="/dashboard/")
    expect(page).to_have_url(f"{base}{CODE_PAGE}")
    page.get_by_role("button", name="Use a security key").click()
    expect(page).to_have_url(f"{base}/dashboard/")
    expect(page.locator("nav.portal-navbar")).to_contain_text("Signed in as bea")
