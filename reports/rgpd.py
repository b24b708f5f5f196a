"""The reports app's part of the erasure (accounts.personal_data): nothing to export about the person
themselves, but the report exports a former trainer asked for hold other people's data."""

from accounts.personal_data import PersonalDataPart

from . import summaries
from .models import ReportExport


def erase(user) -> None:
    # The person's rows leave every course report they counted in.
    summaries.invalidate_all()
    for export in ReportExport.objects.filter(requester=user):
        if export.file:
            export.file.delete(save=False)
        export.delete()


PART = PersonalDataPart(app_label="reports", erase=erase)
