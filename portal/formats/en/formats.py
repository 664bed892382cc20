"""English dates in words, as the announcements write them: "February 29, 2028", "November 28, 2025, 12:00 PM"."""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, g:i A"
SHORT_DATE_FORMAT = "M j, Y"
SHORT_DATETIME_FORMAT = "M j, Y, g:i A"
