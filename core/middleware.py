"""Request-wide guards that no single admin class can forget."""

from django.core.exceptions import PermissionDenied

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
