"""Writing a media file whole or not at all: a full disk (ENOSPC) in the middle of a write left a
truncated file in MEDIA_ROOT, that a download link then served as if it were complete."""

import logging

logger = logging.getLogger(__name__)


def save_whole(field_file, name: str, content) -> str:
    """`field_file.save(name, content, save=False)`, removing the partial file when the write fails.
    Returns the stored name; re-raises the OSError for the caller to turn into a French message."""
    field = field_file.field
    storage = field_file.storage
    target = storage.get_available_name(field.generate_filename(field_file.instance, name), max_length=field.max_length)
    try:
        stored = storage.save(target, content, max_length=field.max_length)
    except OSError:
        logger.exception("Écriture interrompue de %s : fichier partiel supprimé", target)
        try:
            if storage.exists(target):
                storage.delete(target)
        except OSError:
            logger.exception("Impossible de supprimer le fichier partiel %s", target)
        raise
    field_file.name = stored
    setattr(field_file.instance, field.attname, stored)
    field_file._committed = True
    return stored
