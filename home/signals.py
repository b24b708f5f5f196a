"""Clear the cached footer (home/footer.py) when what it shows may have changed."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .footer import site_footer_clear


def clear_footer(sender=None, **kwargs):
    site_footer_clear()


def connect():
    from wagtail.models import Site

    from .models import SiteSettings, StandardPage

    for model in (SiteSettings, Site):
        post_save.connect(clear_footer, sender=model, dispatch_uid=f"home-footer-save-{model.__name__}")
        post_delete.connect(clear_footer, sender=model, dispatch_uid=f"home-footer-delete-{model.__name__}")
    post_delete.connect(clear_footer, sender=StandardPage, dispatch_uid="home-footer-delete-page")
    page_published.connect(clear_footer, sender=StandardPage, dispatch_uid="home-footer-published")
    page_unpublished.connect(clear_footer, sender=StandardPage, dispatch_uid="home-footer-unpublished")
    # A move or a slug change of any ancestor changes the legal pages' URLs.
    post_page_move.connect(clear_footer, dispatch_uid="home-footer-moved")
