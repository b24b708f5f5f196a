"""The trainers' admin home: their courses, learners to follow up, answers to mark, pages in review."""

import pytest

from accounts import groups
from tests.factories.accounts import UserFactory
from tests.reports.reports_fixtures import build_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    return build_scenario()


def stall(scenario, name, days=20):
    from datetime import timedelta

    from progress.models import Enrolment

    Enrolment.objects.filter(user=scenario.learners[name]).update(last_activity_at=scenario.now - timedelta(days=days))


def test_home_trainer_sees_their_course_stalled_learners_and_answers(client, scenario):
    """Assigned trainer: « fondamentaux » 4 / 3 / 2 (B, idle 20 days, still counts as active in 30), B linked to their report; A idle
    but done is not listed; D's answer waiting."""
    stall(scenario, "B")
    client.force_login(scenario.trainer)
    html = client.get("/admin/").content.decode()
    assert "Mes parcours" in html and "Tous les parcours" not in html
    course_row = (
        f'<a href="/admin/rapports/parcours/{scenario.course.pk}/">{scenario.course.title}</a></th><td>4</td><td>3</td><td>2</td>'
    )
    assert course_row in html
    assert scenario.other.title not in html
    assert f'href="/admin/rapports/apprenants/{scenario.learners["B"].public_id}/"' in html
    assert "Apprenant·es sans progression depuis 14 jours ou plus (1)" in html
    for name in "ACDE":
        assert f'/admin/rapports/apprenants/{scenario.learners[name].public_id}/"' not in html, name
    assert "Réponses libres à corriger (1)" in html and "Quiz libre" in html


def test_home_stalled_learners_leave_out_who_completed_the_course(client, scenario):
    """Idle 35 days but done (A) is not « à relancer »; idle 20 days and unfinished (B) is, until they complete."""
    from progress.models import CourseCompletion
    from trainers.selectors import stalled_enrolments

    assert list(stalled_enrolments(user=scenario.trainer, now=scenario.now)) == []
    stall(scenario, "B")
    assert [e.user for e in stalled_enrolments(user=scenario.trainer, now=scenario.now)] == [scenario.learners["B"]]
    CourseCompletion.objects.create(user=scenario.learners["B"], course=scenario.course, completed_at=scenario.now)
    assert list(stalled_enrolments(user=scenario.trainer, now=scenario.now)) == []


def test_home_other_trainer_sees_none_of_these_learners_and_administrator_sees_all(client, scenario):
    """The trainer of the other course sees no learner of « fondamentaux »; an administrator sees every course and the queue."""
    client.force_login(scenario.outsider_trainer)
    html = client.get("/admin/").content.decode()
    assert scenario.course.title not in html and "Aucune réponse en attente." in html
    client.force_login(scenario.administrator)
    html = client.get("/admin/").content.decode()
    assert "Tous les parcours" in html and scenario.course.title in html and scenario.other.title in html
    assert "Pages en attente de relecture" in html


def test_home_learners_never_get_the_panels(client, scenario):
    """A learner has no admin home at all (French 403)."""
    client.force_login(scenario.learners["A"])
    assert client.get("/admin/").status_code == 403


def test_home_author_follows_a_page_from_review_to_changes_to_published(client, scenario):
    """Submitted: « En attente de relecture par Administrateurs »; rejected with a comment: « Modifications
    demandées : … »; approved: « Publié le … »; the administrator's queue lists it meanwhile."""
    from courses.models import ModulePage
    from courses.permissions import grant_section_permissions_for_site

    grant_section_permissions_for_site()
    author = UserFactory(group=groups.TRAINERS)
    module = ModulePage.objects.get(pk=scenario.modules[0].pk)
    module.title = "Module revu par l'équipe"
    revision = module.save_revision(user=author)
    state = module.get_workflow().start(module, author)
    client.force_login(author)
    html = client.get("/admin/").content.decode()
    assert "Module revu par l&#x27;équipe</a> — En attente de relecture par Administrateurs" in html
    client.force_login(scenario.administrator)
    assert "Module revu par l&#x27;équipe</a> — Soumis par" in client.get("/admin/").content.decode()

    state.current_task_state.reject(user=scenario.administrator, comment="Ajoutez la source du chiffre.")
    client.force_login(author)
    assert "Modifications demandées : Ajoutez la source du chiffre." in client.get("/admin/").content.decode()

    state.refresh_from_db()
    state.resume(user=author)
    state.refresh_from_db()
    state.current_task_state.approve(user=scenario.administrator)
    assert revision.pk
    html = client.get("/admin/").content.decode()
    assert "Module revu par l&#x27;équipe</a> — Publié le" in html


def test_home_shortcuts_new_lesson_and_handouts(client, scenario):
    """« Ajouter une leçon » opens Wagtail's lesson form in the chosen module; a module the trainer may not
    edit is refused; « Supports imprimables » lists the live modules."""
    from courses.models import ModuleSectionPage
    from courses.permissions import grant_section_permissions_for_site
    from tests.factories.courses import module_with_lessons

    grant_section_permissions_for_site()
    client.force_login(scenario.trainer)
    module = scenario.modules[0]
    response = client.get(f"/admin/formateurs/nouvelle-lecon/?module={module.pk}")
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/add/courses/lessonpage/{module.pk}/"
    assert client.get("/admin/formateurs/nouvelle-lecon/?module=abc").status_code == 404
    laicite = ModuleSectionPage.objects.get(slug="laicite")
    guarded = module_with_lessons(parent=laicite, title="Module de la section laïcité", lessons=1)
    vrl = UserFactory(group=groups.VRL_TRAINERS)
    client.force_login(vrl)
    assert client.get(f"/admin/formateurs/nouvelle-lecon/?module={module.pk}").status_code in (302, 403)
    assert client.get(f"/admin/formateurs/nouvelle-lecon/?module={guarded.pk}").status_code == 302
    html = client.get("/admin/formateurs/supports/").content.decode()
    assert f"/formateurs/modules/{guarded.pk}/support/?corrige=1" in html


def test_home_next_webinars_are_those_of_the_trainers_courses(client, scenario):
    """« Prochains webinaires »: the trainer sees the webinars of her course (linked to it, or to one of its
    modules), not those of another course nor past ones; an administrator sees every upcoming one."""
    from datetime import timedelta

    from tests.factories.webinars import webinar

    webinar(title="Webinaire du parcours", courses=[scenario.course], start=scenario.now + timedelta(days=3))
    webinar(title="Webinaire d'un module du parcours", modules=[scenario.modules[0]], start=scenario.now + timedelta(days=4))
    webinar(title="Webinaire d'un autre parcours", courses=[scenario.other], start=scenario.now + timedelta(days=2))
    webinar(title="Webinaire passé du parcours", courses=[scenario.course], start=scenario.now - timedelta(days=2))

    client.force_login(scenario.trainer)
    html = client.get("/admin/").content.decode()
    panel = html[html.index('id="trainer-home-webinars"') :]
    assert "Webinaire du parcours" in panel and "Webinaire d&#x27;un module du parcours" in panel
    assert "autre parcours" not in panel and "Webinaire passé" not in panel

    client.force_login(scenario.administrator)
    panel = client.get("/admin/").content.decode().split('id="trainer-home-webinars"')[1]
    assert "Webinaire d&#x27;un autre parcours" in panel and "Webinaire du parcours" in panel
    assert "Webinaire passé" not in panel


def test_home_has_no_site_summary_for_trainers_nor_administrators(client, scenario):
    """Wagtail's « N pages / 0 Image / 0 Document » summary is not drawn on the home, whoever opens it."""
    for user in (scenario.trainer, scenario.administrator):
        client.force_login(user)
        html = client.get("/admin/").content.decode()
        assert 'id="trainer-home-title"' in html
        assert "w-summary" not in html
