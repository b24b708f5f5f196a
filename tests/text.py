"""Page text as a reader sees it: the no-break spaces of French typography (core/typography.py)
read as ordinary spaces, so that a test can look for « Accessibilité : non conforme » as written."""

PLAIN_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def footer_of(client, url="/") -> str:
    """The footer of the page at `url`, as a reader sees it."""
    html = client.get(url).content.decode().translate(PLAIN_SPACES)
    return html[html.index('<footer class="site-footer">') :]
