from .roles import Role, roles_of


def roles(request):
    user_roles = roles_of(request.user)
    return {
        "is_applicant": Role.APPLICANT in user_roles,
        "is_board_member": Role.BOARD_MEMBER in user_roles,
        "is_inspector": Role.INSPECTOR in user_roles,
        "is_port_representative": Role.PORT_REPRESENTATIVE in user_roles,
        "is_program_staff": Role.STAFF in user_roles or request.user.is_superuser,
    }
