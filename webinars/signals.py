def webinar_published(sender, instance, **kwargs):
    """Each publication compares the webinar with what was announced (sequence, notices, replay)."""
    from .services import webinar_update

    webinar_update(webinar=instance)
