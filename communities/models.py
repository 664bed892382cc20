"""Designation lists (imported from the state's files) and each application's community determination (issue 23)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rules.designation import Designation


class DesignationList(models.Model):
    """One imported list of census tracts: the CalEnviroScreen 4.0 SB 535 disadvantaged communities or the AB 1550
    low-income communities, with its name, vintage, source and import date. The newest import of each kind is the one
    in force; ``is_sample`` marks the small list in the repository (tests, the demo), labelled on every page."""

    class Kind(models.TextChoices):
        DAC = "sb535_dac", _("Disadvantaged communities (SB 535, CalEnviroScreen 4.0)")
        LOW_INCOME = "ab1550_low_income", _("Low-income communities (AB 1550)")

    kind = models.CharField(_("list"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    vintage = models.CharField(_("vintage"), max_length=100)
    source = models.CharField(_("source"), max_length=300)
    is_sample = models.BooleanField(_("sample, not the official list"), default=False)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    tract_count = models.PositiveIntegerField(_("tracts"), default=0)

    class Meta:
        ordering = ["kind", "-imported_at", "-pk"]
        indexes = [models.Index(fields=["kind", "-imported_at"], name="designation_list_current")]

    def __str__(self):
        sample = _(" (SAMPLE, not the official list)") if self.is_sample else ""
        return f"{self.name}, {self.vintage}{sample}"


class DesignatedTract(models.Model):
    designation_list = models.ForeignKey(DesignationList, on_delete=models.CASCADE, related_name="tracts")
    geoid = models.CharField(_("census tract"), max_length=11)
    category = models.CharField(_("category"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["designation_list", "geoid"], name="one_row_per_tract_per_list")]
        indexes = [models.Index(fields=["geoid"], name="designated_tract_geoid")]

    def __str__(self):
        return self.geoid


class Determination(models.Model):
    """Whether an application's project is in a disadvantaged or low-income community, and how that was decided:
    from the address (geocoded to a 2010 census tract and read on the lists), from operation records staff reviewed
    (PA2025-04 SECTION IV item 3), or by a staff override with a reason. While the geocoder cannot be reached it
    waits (``method == WAITING``); the application is saved all the same."""

    class Method(models.TextChoices):
        WAITING = "waiting", _("Waiting for the address lookup")
        ADDRESS = "address_lookup", _("Address lookup")
        RECORDS = "operation_records", _("Operation records reviewed by staff")
        OVERRIDE = "staff_override", _("Staff override")

    class Result(models.TextChoices):
        DAC = Designation.DAC.value, _("Disadvantaged community")
        LOW_INCOME = Designation.LOW_INCOME.value, _("Low-income community")
        BOTH = Designation.BOTH.value, _("Disadvantaged and low-income community")
        NONE = Designation.NONE.value, _("Neither a disadvantaged nor a low-income community")

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="community_determination"
    )
    address = models.CharField(_("address looked up"), max_length=300, blank=True)
    matched_address = models.CharField(_("address matched"), max_length=300, blank=True)
    tract = models.CharField(_("census tract (2010)"), max_length=11, blank=True)
    designation = models.CharField(_("designation"), max_length=20, choices=Result.choices, blank=True)
    method = models.CharField(_("decided by"), max_length=20, choices=Method.choices, default=Method.WAITING)
    reason = models.TextField(_("reason"), blank=True)
    lists = models.CharField(_("lists read"), max_length=500, blank=True)
    used_sample = models.BooleanField(default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(null=True, blank=True)
    lookup_error = models.CharField(_("why the lookup waits"), max_length=300, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["method", "updated_at"], name="determination_by_method")]

    def __str__(self):
        return f"{self.application_id}: {self.get_designation_display() or self.get_method_display()}"

    @property
    def qualifies(self) -> bool | None:
        """In a DAC and/or low-income community; ``None`` while it waits."""
        return None if not self.designation else Designation(self.designation).qualifies
