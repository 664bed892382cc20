from . import selectors


def unread_notices(request):
    """The navbar's count of unread notices, counted only when a template asks for it."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"unread_notice_count": lambda: selectors.unread_count(user)}
