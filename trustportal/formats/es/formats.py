"""The app's one date and date-and-time format in Spanish notices (the same shape as
``formats/en``, with Spanish day and month names): "12 abr 1988", "lun 30 nov 2026 07:15 EST"."""

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
