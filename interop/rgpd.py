"""interop's part of the personal-data export and erasure (accounts.personal_data).

The LRS holds statements about a pseudonym (interop.xapi.actor_name), never a name or an e-mail.
Erasing an account deletes its statements not yet sent (no statement is recorded for it after) and
the SCORM packages it asked for."""

from accounts import personal_data
from accounts.personal_data import PersonalDataPart
from core.expiry import delete_with_files

from .models import ScormExport, XapiStatement
from .xapi import actor_name


def export(user) -> dict:
    sent = XapiStatement.objects.filter(user=user, sent_at__isnull=False).count()
    if not sent and not XapiStatement.objects.filter(user=user).exists():
        return {}
    return {"xapi": {"pseudonyme_dans_le_lrs": actor_name(user), "declarations_envoyees": sent}}


def erase(user) -> None:
    XapiStatement.objects.filter(user=user, sent_at__isnull=True).delete()
    # SCORM packages they asked for (as a trainer): nobody else may download them.
    delete_with_files(ScormExport.objects.filter(requester=user))


PART = PersonalDataPart(app_label="interop", export=export, erase=erase, keys=("xapi",))


def register_part() -> None:
    personal_data.register(PART)
