"""Wagtail's signals, turned into our rules (docs/trainers.md, « Relecture par l'équipe »).

- A module is reviewed and published as one unit with its lessons and quiz: Wagtail publishes the module
  when its review is approved, or when an administrator publishes it directly; either way
  `page_published` fires and the module's parts follow it.
- Review e-mails are ours (French, through core.mail and Celery, after the commit): reviewers when a page
  enters a group approval task (first submission and every resubmission: `task_submitted`), the author
  when it is approved or changes are requested (`workflow_approved`, `workflow_rejected`).

Wagtail's own moderation e-mails (« Salut », listing nothing, superusers included) have no setting to
switch them off in Wagtail 8 — only WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS, which keeps the group's
mails. Our receivers take their place under Wagtail's dispatch_uid: Wagtail registers its notifiers in
wagtail.admin's ready(); if that ran first, we disconnect them; if we run first (trainers is listed before
wagtail.admin), the uid is taken and Wagtail's connect() adds nothing. Either way nobody gets two mails.
"""

from django.db import transaction
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import page_published, task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from courses.models import ModulePage

from .services import module_unit_publish, review_decided_notify, review_submitted_notify


def publish_the_module_unit(sender, instance, revision=None, **kwargs):
    module = instance.specific_deferred if hasattr(instance, "specific_deferred") else instance
    if not isinstance(module, ModulePage):
        return
    module_unit_publish(module=module, user=getattr(revision, "user", None))


def tell_the_reviewers(sender, instance, user=None, **kwargs):
    task_state_id, submitter_id = instance.pk, getattr(user, "pk", None)
    transaction.on_commit(lambda: review_submitted_notify(task_state_id=task_state_id, submitter_id=submitter_id))


def tell_the_author(sender, instance, user=None, **kwargs):
    workflow_state_id, reviewer_id = instance.pk, getattr(user, "pk", None)
    transaction.on_commit(lambda: review_decided_notify(workflow_state_id=workflow_state_id, reviewer_id=reviewer_id))


def nobody_to_tell_yet(sender, instance, user=None, **kwargs):
    """A workflow starts: its first task's `task_submitted` (above) already told the reviewers. Wagtail
    mails its superusers here; this receiver holds that place so it does not."""


# (signal, sender, Wagtail's dispatch_uid in wagtail.admin.signal_handlers, our receiver)
REVIEW_MAIL_RECEIVERS = (
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification", tell_the_reviewers),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification", nobody_to_tell_yet),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification", tell_the_author),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification", tell_the_author),
)


def connect() -> None:
    page_published.connect(publish_the_module_unit, dispatch_uid="trainers_publish_the_module_unit")
    for signal, sender, dispatch_uid, receiver in REVIEW_MAIL_RECEIVERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(receiver, sender=sender, dispatch_uid=dispatch_uid, weak=False)
