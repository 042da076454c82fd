"""Danish date formats: one format for every date the portal shows ("1. december 2026")."""

DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "j. F Y H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
YEAR_MONTH_FORMAT = "F Y"
