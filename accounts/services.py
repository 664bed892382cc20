from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from .roles import GROUP_PERMISSIONS, Role


def sync_role_groups(**kwargs) -> None:
    """Create the role groups and give each exactly the permissions ``GROUP_PERMISSIONS`` lists."""
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        codenames = [
            (app, f"{action}_{model}")
            for app, (models, actions) in GROUP_PERMISSIONS.get(role, {}).items()
            for model in models
            for action in actions
        ]
        permissions = [
            permission
            for app, codename in codenames
            for permission in Permission.objects.filter(content_type__app_label=app, codename=codename)
        ]
        group.permissions.set(permissions)


def create_user_with_role(*, username: str, email: str, password: str, role: Role, **extra):
    """A user in one role group; staff and board members may sign in to the admin site."""
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password,
        is_staff=role in (Role.STAFF, Role.BOARD_MEMBER), **extra,
    )
    user.groups.add(Group.objects.get(name=role.value))
    return user
