"""Deleting expired downloads (data exports, report exports): the file first, then its row."""


def delete_with_files(rows) -> int:
    """Delete each row of `rows` and its `file`; returns how many went.

    One by one on purpose: a file whose row is gone could never be found again, so each file is
    removed before its own row."""
    deleted = 0
    for row in rows:
        if row.file:
            row.file.delete(save=False)
        row.delete()
        deleted += 1
    return deleted
