"""Request-wide guards that no single admin class can forget."""

from django.core.exceptions import PermissionDenied
from django.utils.cache import patch_cache_control

# Admin URLs any signed-in person may POST to: signing in and out, changing one's own password.
ADMIN_POSTS_FOR_EVERYONE = {"login", "logout", "password_change"}
WRITE_ACTIONS = ("add_", "change_", "delete_")


def may_write(user) -> bool:
    """Whether ``user`` holds any add, change or delete permission (a board member holds none)."""
    return user.is_superuser or any(
        permission.split(".", 1)[1].startswith(WRITE_ACTIONS) for permission in user.get_all_permissions()
    )


class ReadOnlyAdminMiddleware:
    """A user with view permissions only gets 403 on every admin POST.

    Board members read the admin (accounts/roles.py); no admin view, action, history form or
    library default may turn their POST into a write.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method == "POST"
            and match is not None
            and "admin" in match.namespaces
            and match.url_name not in ADMIN_POSTS_FOR_EVERYONE
            and request.user.is_authenticated
            and not may_write(request.user)
        ):
            raise PermissionDenied("Your role may read the admin but not change anything.")
        return None


PERMISSIONS_POLICY = ", ".join(
    [
        *(
            f"{feature}=()"
            for feature in (
                "accelerometer",
                "ambient-light-sensor",
                "autoplay",
                "battery",
                "bluetooth",
                "browsing-topics",
                "camera",
                "display-capture",
                "document-domain",
                "encrypted-media",
                "gamepad",
                "geolocation",
                "gyroscope",
                "hid",
                "idle-detection",
                "local-fonts",
                "magnetometer",
                "microphone",
                "midi",
                "payment",
                "picture-in-picture",
                "screen-wake-lock",
                "serial",
                "usb",
                "web-share",
                "xr-spatial-tracking",
            )
        ),
        # This site only: the admin's PDF preview may go full screen, and passkeys and security keys sign in here.
        "fullscreen=(self)",
        "publickey-credentials-create=(self)",
        "publickey-credentials-get=(self)",
    ]
)
"""No page uses a camera, a microphone, the location or any other device feature (issue 26)."""

SECURE_HEADERS = {
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Permitted-Cross-Domain-Policies": "none",
    "X-XSS-Protection": "0",  # the old filter, off as OWASP advises (the CSP does its work)
}


class SecureHeadersMiddleware:
    """The OWASP Secure Headers Project's baseline beside what Django and django-csp already send.

    Django sends X-Content-Type-Options (``SECURE_CONTENT_TYPE_NOSNIFF``), X-Frame-Options, Referrer-Policy,
    Cross-Origin-Opener-Policy and, in production, Strict-Transport-Security; django-csp the Content-Security-Policy.
    This adds Permissions-Policy, Cross-Origin-Resource-Policy, X-Permitted-Cross-Domain-Policies and X-XSS-Protection,
    keeps a signed-in person's pages out of shared caches and the browser's (``Cache-Control: no-store`` unless a view
    set its own), and clears the site's data on signing out (Clear-Site-Data). Cross-Origin-Embedder-Policy is left
    out: with it, Chromium's PDF viewer refuses the admin's same-origin PDF preview.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated if hasattr(request, "user") else False
        response = self.get_response(request)
        for header, value in SECURE_HEADERS.items():
            response.headers.setdefault(header, value)
        if signed_in and "Cache-Control" not in response.headers:
            patch_cache_control(response, no_store=True, private=True)
        match = getattr(request, "resolver_match", None)
        if request.method == "POST" and match is not None and match.url_name == "logout" and response.status_code < 400:
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
        return response
