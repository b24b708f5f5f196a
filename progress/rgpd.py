"""The progress app's part of the personal-data export and erasure (accounts.personal_data)."""

from accounts.personal_data import PersonalDataPart, iso

from .models import (
    AccompanimentEntry,
    ActivitySession,
    Attestation,
    Certificate,
    CourseCompletion,
    Enrolment,
    LessonProgress,
    ModuleCompletion,
)


def export(user) -> dict:
    return {
        "enrolments": [
            {"course": e.course.title, "enrolled_at": iso(e.enrolled_at), "last_activity_at": iso(e.last_activity_at)}
            for e in Enrolment.objects.filter(user=user).select_related("course").order_by("enrolled_at")
        ],
        "lesson_progress": [
            {
                "lesson": p.lesson.title,
                "first_visit_at": iso(p.first_visit_at),
                "last_visit_at": iso(p.last_visit_at),
                "completed_at": iso(p.completed_at),
            }
            for p in LessonProgress.objects.filter(user=user).select_related("lesson").order_by("first_visit_at")
        ],
        "module_completions": [
            {"module": m.module.title, "completed_at": iso(m.completed_at)}
            for m in ModuleCompletion.objects.filter(user=user).select_related("module").order_by("completed_at")
        ],
        "course_completions": [
            {"course": c.course.title, "completed_at": iso(c.completed_at), "course_version": c.course_version}
            for c in CourseCompletion.objects.filter(user=user).select_related("course").order_by("completed_at")
        ],
        "attestations": [
            {
                "identifier": att.identifier,
                "course": att.data.get("course_title", ""),
                "issued_at": iso(att.issued_at),
                "revoked_at": iso(att.revoked_at),
            }
            for att in Attestation.objects.filter(user=user).order_by("issued_at")
        ],
        "activity_sessions": [
            {
                "lesson": s.lesson.title,
                "started_at": iso(s.started_at),
                "ended_at": iso(s.ended_at),
                "active_seconds": s.active_seconds,
                "source": s.source,
            }
            for s in ActivitySession.objects.filter(user=user).select_related("lesson").order_by("started_at")
        ],
        "accompaniment_log": [
            {
                "course": e.course.title if e.course else "",
                "date": iso(e.occurred_at),
                "kind": e.get_kind_display(),
                "author": (e.author.get_full_name() or e.author.email) if e.author else "",
                "summary": e.summary,
                "detail": e.detail,
            }
            for e in AccompanimentEntry.objects.filter(learner=user).select_related("course", "author").order_by("occurred_at")
        ],
        "certificates": [
            {"identifier": c.identifier, "course": c.data.get("course_title", ""), "issued_at": iso(c.issued_at), "data": c.data}
            for c in Certificate.objects.filter(user=user).order_by("issued_at")
        ],
    }


def erase(user) -> None:
    # Attestations stay verifiable (« délivrée ») but no longer carry a name; the named PDF goes.
    for attestation in Attestation.objects.filter(user=user):
        if attestation.pdf:
            attestation.pdf.delete(save=False)
        attestation.data = {**attestation.data, "learner_name": "", "holder_erased": True}
        attestation.save(update_fields=["pdf", "data"])
    # Proof of a financed training is kept, pseudonymised, until its retention ends (PROOF_RETENTION_YEARS,
    # purged daily): RGPD art. 17.3.b and 17.3.e, the provider must be able to prove the training to its
    # funder. Sessions keep dates and seconds on the anonymous account; the log keeps its dates, kinds and
    # authors but loses free text (a comment or message may quote the person); certificates lose the name
    # and their named PDF, and keep their figures under a pseudonym.
    AccompanimentEntry.objects.filter(learner=user).update(detail="")
    # A message's subject was typed by a trainer and may quote the person: only its channel stays.
    AccompanimentEntry.objects.filter(learner=user, kind=AccompanimentEntry.Kind.MESSAGE).update(summary="Message (objet effacé)")
    for certificate in Certificate.objects.filter(user=user):
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        certificate.data = {**certificate.data, "learner_name": f"Apprenant·e n° {user.pk}", "holder_erased": True}
        certificate.save(update_fields=["pdf", "data"])


PART = PersonalDataPart(app_label="progress", export=export, erase=erase)
