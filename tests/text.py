"""Page text as a reader sees it: the no-break spaces of French typography (core/typography.py)
read as ordinary spaces, so that a test can look for « Accessibilité : non conforme » as written."""

PLAIN_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
