from .footer import site_footer


def site_navigation(request):
    """The footer's content, from the cache, and only when a template uses it."""
    return {"site_footer": lambda: site_footer(request=request)}
