from wagtail.models import Site

LEGAL_PAGE_SLUGS = ("mentions-legales", "accessibilite", "donnees-personnelles")


def site_navigation(request):
    """Footer links to the legal pages, found in one query and only when a template uses them."""

    def legal_pages():
        from .models import StandardPage

        site = Site.find_for_request(request)
        pages = StandardPage.objects.live().filter(slug__in=LEGAL_PAGE_SLUGS)
        if site:
            pages = pages.descendant_of(site.root_page)
        by_slug = {page.slug: page for page in pages.only("id", "title", "slug", "url_path")}
        return [by_slug[slug] for slug in LEGAL_PAGE_SLUGS if slug in by_slug]

    return {"legal_pages": legal_pages}
