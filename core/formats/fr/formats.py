# French formats, a little friendlier than Django's defaults ("1 décembre 2026 à 18 h 30", with
# no-break spaces); templates use the filters of core/typography.py (ui_tags) rather than these.
DATE_FORMAT = "j\u00a0F Y"
TIME_FORMAT = "G\u00a0\\h\u00a0i"
DATETIME_FORMAT = "j\u00a0F Y à G\u00a0\\h\u00a0i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
