from tests.applications.conftest import applicant, applicant_client, draft, staff_user  # noqa: F401
