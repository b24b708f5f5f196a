"""Reviewers are told by e-mail (through the Celery mail path) when a trainer submits a page."""

import pytest

from accounts import groups
from courses.models import ModulePage
from tests.factories.accounts import UserFactory
from tests.factories.courses import module_with_lessons

pytestmark = pytest.mark.django_db


def test_review_submitting_a_module_emails_the_administrators_with_its_parts(sections, mailoutbox):
    """A VRL trainer submits an adapted module: each administrator gets one e-mail (Wagtail's, through our
    Celery backend) naming the module with the link to review it; the author gets none."""
    from accounts.models import EmailDelivery
    from trainers.services import module_adapt

    administrator = UserFactory(group=groups.ADMINISTRATORS, email="relecture@example.org")
    author = UserFactory(group=groups.VRL_TRAINERS, first_name="Vera", last_name="Laïque")
    source = module_with_lessons(parent=sections.laicite, title="Laïcité : les repères", lessons=2)
    source.save_revision().publish()
    copy = ModulePage.objects.get(pk=module_adapt(module=source, user=author).pk)
    copy.save_revision(user=author)
    copy.get_workflow().start(copy, author)

    to_admin = [m for m in mailoutbox if administrator.email in m.to]
    assert len(to_admin) == 1, [m.subject for m in mailoutbox]
    body = to_admin[0].body
    assert "Laïcité : les repères (adaptation)" in to_admin[0].subject
    assert f"/admin/pages/{copy.pk}/edit/" in body
    assert not [m for m in mailoutbox if author.email in m.to]
    assert EmailDelivery.objects.filter(recipients__contains="relecture@example.org").exists()
