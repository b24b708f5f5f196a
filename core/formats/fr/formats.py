# French formats, a little friendlier than Django's defaults ("1er décembre 2026 à 18 h 30").
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H\\hi"
DATETIME_FORMAT = "j F Y à H\\hi"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
