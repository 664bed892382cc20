"""Applicant information fields, the same in every program's Attachment A.

Source: 001_ea26778b00a7e017.txt, Attachment A "APPLICANT INFORMATION" (PA2026-01, -02, -03); the
PA2022-01 and PA2025-04 application portals ask for the same contact block.
"""

from core.places import COUNTY_CHOICES

from .fields import Field, Kind

GROUP = "Applicant information"

APPLICANT_FIELDS = (
    Field("applicant_name", "Applicant name", group=GROUP),
    Field("business_address", "Business address", group=GROUP),
    Field("city_state_zip", "City, state and ZIP", group=GROUP),
    Field("county", "County of business address", Kind.CHOICE, group=GROUP, choices=COUNTY_CHOICES),
    Field("phone", "Phone", group=GROUP, check="phone"),
    Field("contact_name", "Contact name", group=GROUP),
    Field("contact_title", "Title", group=GROUP),
    Field("contact_email", "E-mail address", Kind.EMAIL, group=GROUP),
)
