"""Checks on files uploaded as Wagtail documents: a file must be what its extension says.

Wagtail checks the extension (WAGTAILDOCS_EXTENSIONS) and the size (WAGTAILDOCS_MAX_UPLOAD_SIZE) but
not the bytes, so an executable renamed « .pdf » would be stored and served to learners. The form below
(WAGTAILDOCS_DOCUMENT_FORM_BASE) reads the start of the file and refuses it, with a French message,
before anything is written to MEDIA_ROOT."""

import os
import zipfile

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# Office formats are zip containers; each family has one member that the real thing always holds.
OOXML_EXTENSIONS = {"docx", "xlsx", "pptx"}
ODF_EXTENSIONS = {"odt", "ods", "odp"}
TEXT_EXTENSIONS = {"csv", "txt", "vtt"}
# Starts of files that are never a document a learner should download, whatever their name says.
EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe")
SNIFF_BYTES = 8192


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lstrip(".").lower()


def _head(upload, size: int = SNIFF_BYTES) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    # A full sniffed block may end in the middle of a multi-byte character: leave out its last bytes.
    sample = head[:-3] if len(head) == SNIFF_BYTES else head
    for encoding in ("utf-8", "cp1252"):
        try:
            sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _zip_has(upload, member: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def document_file_error(upload) -> str | None:
    """The French message saying why `upload` is refused, or None when its bytes match its extension."""
    extension = _extension(upload.name)
    allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
    if allowed is not None and extension not in allowed:
        return f"Ce type de fichier n'est pas accepté. Formats acceptés : {', '.join(allowed)}."
    max_size = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
    if max_size is not None and upload.size > max_size:
        return f"Ce fichier est trop volumineux ({filesizeformat(upload.size)}) : {filesizeformat(max_size)} au plus."
    if upload.size == 0:
        return "Ce fichier est vide."
    head = _head(upload)
    if head.startswith(EXECUTABLE_SIGNATURES):
        return "Ce fichier est un programme, pas un document : il n'est pas accepté."
    mismatch = f"Le contenu de ce fichier ne correspond pas à son extension « .{extension} » : vérifiez le fichier."
    if extension == "pdf":
        return None if head.startswith(b"%PDF-") else mismatch
    if extension in OOXML_EXTENSIONS:
        return None if head.startswith(b"PK\x03\x04") and _zip_has(upload, "[Content_Types].xml") else mismatch
    if extension in ODF_EXTENSIONS:
        return None if head.startswith(b"PK\x03\x04") and _zip_has(upload, "mimetype") else mismatch
    if extension in TEXT_EXTENSIONS:
        if not _is_text(head):
            return mismatch
        if extension == "vtt" and not head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
            return "Un fichier de sous-titres .vtt doit commencer par « WEBVTT »."
        return None
    # An extension added to WAGTAILDOCS_EXTENSIONS without a rule here: only the executable check applies.
    return None


class CheckedDocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing a file whose bytes do not match its extension."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # Editing a document without replacing its file: nothing new to check.
        if upload and "file" in self.changed_data:
            error = document_file_error(upload)
            if error:
                raise forms.ValidationError(error, code="invalid_document_content")
        return upload


BROKEN_IMAGE_MESSAGE = (
    "Ce fichier n'est pas une image valide (fichier tronqué, abîmé ou déguisé) : ouvrez-le sur votre poste, "
    "enregistrez-le à nouveau puis réessayez."
)


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, decoding the whole picture: a file that starts like an image (« GIF89a<script> »,
    a truncated PNG) got past Wagtail's header check and raised inside it, a 500 instead of a form error."""

    def to_python(self, data):
        try:
            upload = super().to_python(data)
        except forms.ValidationError:
            raise
        except Exception as error:  # Pillow raises many kinds on crafted bytes
            raise forms.ValidationError(BROKEN_IMAGE_MESSAGE, code="invalid_image") from error
        if upload is None or getattr(upload.image, "format_name", "") == "svg":
            return upload
        source = data if hasattr(data, "read") else None
        if source is not None:
            source.seek(0)
            try:
                with PILImage.open(source) as picture:
                    picture.load()
            except Exception as error:  # noqa: BLE001 — any failure to decode is a broken file
                raise forms.ValidationError(BROKEN_IMAGE_MESSAGE, code="invalid_image") from error
            finally:
                source.seek(0)
        return upload


class CheckedImageForm(BaseImageForm):
    """Wagtail's image form (single and multiple upload) with the field above."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not isinstance(field, CheckedImageField):
            self.fields["file"] = CheckedImageField(
                label=field.label, required=field.required, widget=field.widget, help_text=field.help_text
            )
