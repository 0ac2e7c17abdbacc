"""One date format and one date-and-time format across TrustPortal (pages, lists, prints),
always in America/New_York local time: "12 Apr 1988" and "Mon 30 Nov 2026 07:15 EST" (the
zone tells the two 01:30s apart on the night the clocks go back).
Django's own English formats ("Nov. 29, 2026, 10:30 p.m.") would otherwise win over the
settings, so the project ships its own format module (FORMAT_MODULE_PATH)."""

DATE_FORMAT = "d M Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "D d M Y H:i T"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%m/%d/%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
FIRST_DAY_OF_WEEK = 0
