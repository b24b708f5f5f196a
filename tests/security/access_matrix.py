"""The access-control matrix: every URL of the site against every kind of visitor.

This list is the single source of truth. tests/security/test_access_matrix.py walks it (one request
per row and role) and docs/access-matrix.md is generated from it:

    .venv/bin/python -m tests.security.access_matrix > docs/access-matrix.md

(a test fails when the committed document differs from the output). Pure data: no Django import, so
the document can be generated without a database.

Cells:
    "200"        served, and nothing of learner A's private data is in the response
    "200 A"      served and shows learner A's data, by design (A themself, or staff whose job it is)
    "302 login"  redirected to a sign-in page (/compte/login/ on the site, /admin/login/ in the admin)
    "302 admin"  redirected to the admin dashboard: how Wagtail answers a PermissionDenied to a signed-in
                 staff member (with its "no permission" message), and its login page to someone signed in
    "302"        any other redirect (the normal next step of a form or flow)
    "403", "404", "405"   that status; " A" after any status means the body shows A's data by design
"""

from dataclasses import dataclass

ROLES = (
    "anonymous",
    "learner_a",
    "learner_b",
    "trainer_assigned",
    "trainer_unassigned",
    "vrl_trainer",
    "administrator",
)
ROLE_TITLES = {
    "anonymous": "Anonymous",
    "learner_a": "Learner A (owner)",
    "learner_b": "Learner B",
    "trainer_assigned": "Trainer assigned to A's course",
    "trainer_unassigned": "Trainer not assigned",
    "vrl_trainer": "VRL trainer",
    "administrator": "Administrator",
}


@dataclass(frozen=True)
class Row:
    pattern: str  # the URL pattern exactly as the resolver lists it (prefixes joined)
    example: str  # the concrete URL requested; {placeholders} are filled from the test data
    cells: tuple[str, ...]  # one per role, in ROLES order
    method: str = "GET"
    note: str = ""

    def expected(self, role: str) -> str:
        return self.cells[ROLES.index(role)]


def _cells(anonymous, a, b, assigned, unassigned, vrl, admin):
    return (anonymous, a, b, assigned, unassigned, vrl, admin)


# Shorthands for the common lines.
PUBLIC = _cells("200", "200", "200", "200", "200", "200", "200")
PUBLIC_SIGNED_IN_A = _cells("200", "200 A", "200", "200", "200", "200", "200")  # A's own name in the header
SIGNED_IN = _cells("302 login", "200 A", "200", "200", "200", "200", "200")
OWNER_ONLY = _cells("302 login", "200 A", "404", "404", "404", "404", "404")
OWNER_ONLY_REDIRECT = _cells("302 login", "302", "404", "404", "404", "404", "404")
# Anonymous visitors are sent to sign in; signed-in learners get the French 403 page « Accès réservé »
# (accounts/middleware.py), never a redirect (it looped: /admin/ → /compte/login/?next=/admin/ → /admin/ …).
NO_ADMIN = ("302 login", "403", "403")
STAFF = _cells(*NO_ADMIN, "200", "200", "200", "200")
ADMINISTRATOR_ONLY = _cells(*NO_ADMIN, "302 admin", "302 admin", "302 admin", "200")

SERVE = r"^((?:[\w\-]+/)*)$"  # Wagtail's catch-all: every page of the site tree

NOTES = {
    "admin_home": "The admin home of trainers and administrators (trainers/panels.py) names the learners to follow up and "
    "the answers to mark of the courses they follow: A's name for A's assigned trainer and for administrators, by design; "
    "never for a trainer of another course. Signed-in learners get the French 403 page.",
    "livequiz_drive": "Only the trainer who launched the live session (here the assigned trainer) and administrators drive "
    "it; another trainer sees the projection without its controls and gets 403 on every action.",
    "new_lesson": "Shortcut of the admin home to Wagtail's « new lesson » form: allowed where the user may add a page "
    "(Formateurs in the library, Formateurs VRL in the « Laïcité » section and their own space).",
    "handouts_list": "The list of printable handouts of the live modules, for trainers of both groups and administrators.",
    "quiz_stats": "The report rule: a trainer opens the statistics of the quizzes of their assigned courses, computed over "
    "their learners only; any other quiz answers 404. Figures drawn from fewer than 5 learners are masked.",
    "header": "The site header names the signed-in person, so A's own pages carry A's name; nobody else's pages do.",
    "uuid": "Someone else's object answers 404, exactly like a non-existent one: a 403 would confirm that the id exists. "
    "Ids are UUIDs, so they cannot be guessed or enumerated either.",
    "verify": "Public by design: whoever holds the attestation (paper or PDF) can check it. It shows the holder's name, "
    "course and dates, nothing else (no score, no e-mail). The 16-character base32 identifier (80 random bits) is the "
    "secret; a wrong one answers 404.",
    "verify_form": "The public form « Vérifier une attestation »: each submission counts against a limit per network "
    "address (ACCOUNT_RATE_LIMITS['verify_attestation'], 429 beyond it), so identifiers cannot be tried by the thousand; "
    "its answer is the block of the verification link, « Attestation inconnue » for any identifier that matches none.",
    "attendance": "Attendance lists name people across every course, so only administrators (the resource centre, "
    "which runs the webinars) record, import and read them (webinars migration 0003); trainers see the attended "
    "webinars of their own learners in the learner report.",
    "admin_only": "Only the Administrateurs group manages people and attestations.",
    "admin_gate": "The whole Wagtail admin URLconf is wrapped in Wagtail's require_admin_access: without the "
    "« access admin » permission every admin URL sends an anonymous visitor to the sign-in page; a signed-in learner "
    "gets the French 403 page « Accès réservé » (accounts/middleware.py, before Wagtail's redirect, which looped "
    "through the sign-in page back to the admin), with links to « Mon parcours » and the home page.",
    "post_flow": "A POST that succeeds redirects to the next step; nothing here can act on someone else's data.",
    "allauth_signed_in": "django-allauth sends an already signed-in person on to the dashboard.",
    "handout": "Printable handouts (with or without the answer key) are for staff only; a signed-in learner gets 403.",
    "adapt": "« Adapter ce module » is for trainers and administrators; the « source updated » page needs edit "
    "permission on that module (VRL trainers only edit the Laïcité section and their own copies).",
    "search": "Search covers published content only; it never returns people.",
    "view_only": "Trainers may list these snippets but not edit them (view permission only).",
    "reports": "Reports: administrators see every course and learner; a trainer (either group) only the courses an "
    "administrator assigned to them (trainers.CourseAssignment) and the learners enrolled in those. Someone else's "
    "course answers « no permission », someone else's learner or quiz a 404 (nothing learned about people outside "
    "one's courses). The territorial report is for administrators only and masks groups under 5 people.",
    "scorm": "« Exporter en SCORM » is for trainers and administrators, on a module they can see in the admin; a "
    "package holds no learner data but may hold a draft, so only the person who asked for it downloads it.",
    "activity": "The lesson page's heartbeat: a signed-in person posts their own active seconds on a lesson (CSRF token "
    "required); the matrix posts nothing, which is refused with a French message (400) and writes nothing. Nobody can "
    "post for someone else: the session is the signed-in user's.",
    "proof": "Proof of completion of A's course (« relancer », « certificat de réalisation », « dossier de preuve »): "
    "administrators, and trainers assigned to the course; anyone else gets 404, as for the learner report. The POSTs go back to A's learner "
    "report (A's public id in the address). A's own certificate is also served to A from « Mon parcours ».",
    "proof_message": "« Écrire un message » to A about A's course (e-mailed, recorded in the accompaniment log, channel "
    "« Message »): administrators, and trainers assigned to the course; anyone else gets 404. The form names A; the matrix "
    "posts nothing, which shows the form again with French errors (400) and records and sends nothing.",
    "proof_file": "A proof file (zip) is downloaded by the person who asked for it or an administrator, for 7 days.",
    "report_export": "A queued report export is downloaded by the person who asked for it or an administrator.",
    "review": "Trainers grade free-text answers, so the queue shows the learner's name and answer; since d166682 only "
    "for the learners of their assigned courses (the reports' rule, trainers.selectors.learners_visible_to), all of "
    "them for administrators. Grading an answer outside that scope answers 404.",
    "livequiz": "Quiz en salle: phones join anonymously with the session code (no account, no personal data); the "
    "projected view and its controls are for staff. The session was started by the assigned trainer.",
    "snippet_index": "Wagtail's snippet index sends everyone back to the dashboard here (our snippets are reached from "
    "their own menus); each listing has its own row.",
    "question_list": "Was a 500 for every staff member (the tag filter could not be built); fixed in quizzes/wagtail_hooks.py.",
}

ROWS = (
    # --- Public pages (Wagtail page tree, one catch-all pattern) --------------------------------------
    Row(SERVE, "/", PUBLIC_SIGNED_IN_A, note="header"),
    Row(SERVE, "/parcours/", PUBLIC_SIGNED_IN_A),
    Row(SERVE, "{course_url}", PUBLIC_SIGNED_IN_A),
    Row(SERVE, "/modules/", PUBLIC_SIGNED_IN_A),
    Row(SERVE, "{module_url}", PUBLIC_SIGNED_IN_A),
    Row(SERVE, "{lesson_url}", PUBLIC_SIGNED_IN_A),
    Row(SERVE, "/glossaire/", PUBLIC_SIGNED_IN_A),
    Row(SERVE, "/webinaires/", PUBLIC_SIGNED_IN_A),
    Row(SERVE, "{webinar_url}", PUBLIC_SIGNED_IN_A),
    Row(SERVE, "{webinar_url}rappel/", _cells("302 login", "302", "302", "302", "302", "302", "302"), "POST", "post_flow"),
    Row(SERVE, "/page-qui-n-existe-pas/", _cells("404", "404 A", "404", "404", "404", "404", "404")),
    Row("recherche/", "/recherche/?q=laïcité", PUBLIC_SIGNED_IN_A, note="search"),
    Row("thematiques.css", "/thematiques.css", PUBLIC),
    Row("robots.txt", "/robots.txt", PUBLIC),
    Row("healthz", "/healthz", PUBLIC),
    Row("_util/login/", "/_util/login/", PUBLIC),
    Row(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        "/_util/authenticate_with_password/999999/{course_pk}/",
        _cells("404", "404 A", "404", "404", "404", "404", "404"),
    ),
    Row(r"documents/^(\d+)/(.*)$", "/documents/999999/x.pdf", _cells(*("404",) * 7)),
    Row(
        "documents/authenticate_with_password/<int:restriction_id>/",
        "/documents/authenticate_with_password/999999/",
        _cells(*("404",) * 7),
    ),
    # --- Webinar calendars -----------------------------------------------------------------------------
    Row("webinaires/agenda.ics", "/webinaires/agenda.ics", PUBLIC),
    Row("webinaires/cycles/<slug:cycle_slug>/agenda.ics", "/webinaires/cycles/{cycle_slug}/agenda.ics", PUBLIC),
    Row("webinaires/<slug:slug>/agenda.ics", "/webinaires/{webinar_slug}/agenda.ics", PUBLIC),
    # --- Quizzes (learner side) -----------------------------------------------------------------------
    Row("quiz/<uuid:quiz_id>/", "/quiz/{quiz}/", PUBLIC_SIGNED_IN_A),
    Row("quiz/<uuid:quiz_id>/commencer/", "/quiz/{quiz}/commencer/", _cells("302 login", *("302",) * 6), "POST", "post_flow"),
    Row("quiz/tentative/<uuid:attempt_id>/", "/quiz/tentative/{attempt}/", OWNER_ONLY_REDIRECT, note="uuid"),
    Row(
        "quiz/tentative/<uuid:attempt_id>/prolonger/", "/quiz/tentative/{attempt}/prolonger/", OWNER_ONLY_REDIRECT, "POST", "uuid"
    ),
    Row("quiz/tentative/<uuid:attempt_id>/verifier/", "/quiz/tentative/{attempt}/verifier/", OWNER_ONLY_REDIRECT, note="uuid"),
    Row("quiz/tentative/<uuid:attempt_id>/envoyer/", "/quiz/tentative/{attempt}/envoyer/", OWNER_ONLY_REDIRECT, "POST", "uuid"),
    Row("quiz/tentative/<uuid:attempt_id>/resultat/", "/quiz/tentative/{attempt}/resultat/", OWNER_ONLY, note="uuid"),
    Row("quiz/tentative/<uuid:attempt_id>/resultat/", "/quiz/tentative/{essay_attempt}/resultat/", OWNER_ONLY, note="uuid"),
    # --- Progress, attestations -----------------------------------------------------------------------
    Row("mon-parcours/", "/mon-parcours/", SIGNED_IN, note="header"),
    Row(
        "mon-parcours/parcours/<int:course_id>/commencer/",
        "/mon-parcours/parcours/{course_pk}/commencer/",
        _cells("302 login", *("302",) * 6),
        "POST",
        "post_flow",
    ),
    Row(
        "mon-parcours/lecons/<int:lesson_id>/terminer/",
        "/mon-parcours/lecons/{lesson_pk}/terminer/",
        _cells("302 login", *("302",) * 6),
        "POST",
        "post_flow",
    ),
    Row(
        "mon-parcours/lecons/<int:lesson_id>/activite/",
        "/mon-parcours/lecons/{lesson_pk}/activite/",
        _cells("403", *("400",) * 6),
        "POST",
        "activity",
    ),
    Row(
        "mon-parcours/attestations/<str:identifier>.pdf", "/mon-parcours/attestations/{attestation}.pdf", OWNER_ONLY, note="uuid"
    ),
    Row("mon-parcours/certificats/", "/mon-parcours/certificats/", SIGNED_IN, note="header"),
    Row("mon-parcours/certificats/<str:identifier>.pdf", "/mon-parcours/certificats/{certificate}.pdf", OWNER_ONLY, note="uuid"),
    Row("attestations/verifier/", "/attestations/verifier/", PUBLIC_SIGNED_IN_A, note="verify_form"),
    Row(
        "attestations/verifier/<str:identifier>/", "/attestations/verifier/{attestation}/", _cells(*("200 A",) * 7), note="verify"
    ),
    Row(
        "attestations/verifier/<str:identifier>/",
        "/attestations/verifier/AAAAAAAAAAAAAAAA/",
        _cells("404", "404 A", "404", "404", "404", "404", "404"),
        note="verify",
    ),
    # --- Account, RGPD ---------------------------------------------------------------------------------
    Row("compte/profil/", "/compte/profil/", SIGNED_IN),
    Row("compte/mes-donnees/", "/compte/mes-donnees/", _cells("302 login", *("405",) * 6)),
    Row("compte/mes-donnees/", "/compte/mes-donnees/", _cells("302 login", *("302",) * 6), "POST", "post_flow"),
    Row("compte/mes-donnees/<uuid:public_id>/", "/compte/mes-donnees/{export}/", OWNER_ONLY, note="uuid"),
    Row("compte/supprimer/", "/compte/supprimer/", SIGNED_IN),
    Row("compte/supprime/", "/compte/supprime/", PUBLIC_SIGNED_IN_A),
    # --- django-allauth --------------------------------------------------------------------------------
    Row("compte/login/", "/compte/login/", _cells("200", *("302",) * 6), note="allauth_signed_in"),
    Row("compte/logout/", "/compte/logout/", _cells("302", "200 A", "200", "200", "200", "200", "200")),
    Row("compte/inactive/", "/compte/inactive/", PUBLIC_SIGNED_IN_A),
    Row("compte/signup/", "/compte/signup/", _cells("200", *("302",) * 6), note="allauth_signed_in"),
    Row("compte/reauthenticate/", "/compte/reauthenticate/", SIGNED_IN),
    Row("compte/reauthenticate/code/", "/compte/reauthenticate/code/", SIGNED_IN),
    Row("compte/reauthenticate/code/confirm/", "/compte/reauthenticate/code/confirm/", _cells("302 login", *("302",) * 6)),
    Row("compte/email/", "/compte/email/", SIGNED_IN),
    Row("compte/confirm-email/", "/compte/confirm-email/", PUBLIC_SIGNED_IN_A),
    Row(r"compte/^confirm-email/(?P<key>[-:\w]+)/$", "/compte/confirm-email/cle-inventee/", PUBLIC_SIGNED_IN_A),
    Row("compte/password/change/", "/compte/password/change/", SIGNED_IN),
    Row("compte/password/set/", "/compte/password/set/", _cells("302 login", *("302",) * 6)),
    Row("compte/password/reset/", "/compte/password/reset/", PUBLIC_SIGNED_IN_A),
    Row("compte/password/reset/done/", "/compte/password/reset/done/", PUBLIC_SIGNED_IN_A),
    Row(
        r"compte/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        "/compte/password/reset/key/1-cle-inventee/",
        PUBLIC_SIGNED_IN_A,
    ),
    Row("compte/password/reset/key/done/", "/compte/password/reset/key/done/", PUBLIC_SIGNED_IN_A),
    Row("compte/login/code/", "/compte/login/code/", _cells("200", *("302",) * 6), note="allauth_signed_in"),
    Row("compte/login/code/confirm/", "/compte/login/code/confirm/", _cells("302", *("302",) * 6)),
    # --- Trainers' handouts (site side) ----------------------------------------------------------------
    Row(
        "formateurs/modules/<int:module_id>/support/",
        "/formateurs/modules/{module_pk}/support/?corrige=1",
        _cells("302 login", "403", "403", "200", "200", "200", "200"),
        note="handout",
    ),
    Row(
        "formateurs/modules/<int:module_id>/support.pdf",
        "/formateurs/modules/{module_pk}/support.pdf",
        _cells("302 login", "403", "403", "200", "200", "200", "200"),
        note="handout",
    ),
    # --- Our admin views ---------------------------------------------------------------------------------
    Row(
        "admin/quiz/corrections/",
        "/admin/quiz/corrections/",
        _cells(*NO_ADMIN, "200 A", "200", "200", "200 A"),
        note="review",
    ),
    Row(
        "admin/quiz/corrections/<int:answer_id>/",
        "/admin/quiz/corrections/{answer_pk}/",
        _cells(*NO_ADMIN, "302", "404", "404", "302"),
        "POST",
        "review",
    ),
    Row(
        "admin/quiz/<int:quiz_id>/statistiques/",
        "/admin/quiz/{quiz_pk}/statistiques/",
        _cells(*NO_ADMIN, "200", "404", "404", "200"),
        note="quiz_stats",
    ),
    Row(
        "admin/attestations/",
        "/admin/attestations/",
        _cells(*NO_ADMIN, "302 admin", "302 admin", "302 admin", "200 A"),
        note="admin_only",
    ),
    Row(
        "admin/attestations/<int:attestation_id>/revoquer/",
        "/admin/attestations/{attestation_pk}/revoquer/",
        _cells(*NO_ADMIN, "302 admin", "302 admin", "302 admin", "200 A"),
        note="admin_only",
    ),
    Row(
        "admin/webinaires/presences/",
        "/admin/webinaires/presences/",
        _cells(*NO_ADMIN, "302 admin", "302 admin", "302 admin", "200"),
        note="attendance",
    ),
    Row(
        "admin/webinaires/<int:page_id>/presences/",
        "/admin/webinaires/{webinar_pk}/presences/",
        _cells(*NO_ADMIN, "302 admin", "302 admin", "302 admin", "200 A"),
        note="attendance",
    ),
    Row(
        "admin/formateurs/modules/<int:module_id>/adapter/", "/admin/formateurs/modules/{module_pk}/adapter/", STAFF, note="adapt"
    ),
    Row(
        "admin/formateurs/nouvelle-lecon/",
        "/admin/formateurs/nouvelle-lecon/?module={module_pk}",
        _cells(*NO_ADMIN, "302", "302", "302 admin", "302"),
        note="new_lesson",
    ),
    Row("admin/formateurs/supports/", "/admin/formateurs/supports/", STAFF, note="handouts_list"),
    Row(
        "admin/formateurs/modules/<int:module_id>/source-vue/",
        "/admin/formateurs/modules/{module_pk}/source-vue/",
        _cells(*NO_ADMIN, "200", "200", "302 admin", "200"),
        note="adapt",
    ),
    Row(
        "admin/formateurs/modules/<int:module_id>/source-changements/",
        "/admin/formateurs/modules/{module_pk}/source-changements/",
        _cells(*NO_ADMIN, "200", "200", "302 admin", "200"),
        note="adapt",
    ),
    Row(
        "admin/formateurs/modules/<int:module_id>/source-vue/marquer/",
        "/admin/formateurs/modules/{module_pk}/source-vue/marquer/",
        _cells(*NO_ADMIN, "302", "302", "302 admin", "302"),
        "POST",
        "adapt",
    ),
    # --- Reports (« Rapports ») -------------------------------------------------------------------------
    Row("admin/rapports/", "/admin/rapports/", STAFF, note="reports"),
    Row("admin/rapports/resultats/", "/admin/rapports/resultats/", STAFF, note="reports"),
    Row(
        "admin/rapports/parcours/<int:course_id>/",
        "/admin/rapports/parcours/{course_pk}/",
        _cells(*NO_ADMIN, "200 A", "302 admin", "302 admin", "200 A"),
        note="reports",
    ),
    Row(
        "admin/rapports/parcours/<int:course_id>/resultats/",
        "/admin/rapports/parcours/{course_pk}/resultats/",
        _cells(*NO_ADMIN, "200 A", "302 admin", "302 admin", "200 A"),
        note="reports",
    ),
    Row(
        "admin/rapports/apprenants/<uuid:public_id>/",
        "/admin/rapports/apprenants/{learner_a}/",
        _cells(*NO_ADMIN, "200 A", "404", "404", "200 A"),
        note="reports",
    ),
    Row(
        "admin/rapports/quiz/<int:quiz_id>/",
        "/admin/rapports/quiz/{quiz_pk}/",
        _cells(*NO_ADMIN, "200", "404", "404", "200"),
        note="reports",
    ),
    Row("admin/rapports/territoires/", "/admin/rapports/territoires/", ADMINISTRATOR_ONLY, note="reports"),
    Row("admin/rapports/territoires/resultats/", "/admin/rapports/territoires/resultats/", ADMINISTRATOR_ONLY, note="reports"),
    Row("admin/rapports/exports/", "/admin/rapports/exports/", STAFF, note="reports"),
    Row(
        "admin/rapports/exports/<uuid:public_id>/telecharger/",
        "/admin/rapports/exports/{report_export}/telecharger/",
        _cells(*NO_ADMIN, "200 A", "302 admin", "302 admin", "200 A"),
        note="report_export",
    ),
    # --- SCORM export of a module (interop) ----------------------------------------------------------------
    Row("admin/interop/modules/<int:module_id>/scorm/", "/admin/interop/modules/{module_pk}/scorm/", STAFF, note="scorm"),
    Row("admin/interop/exports-scorm/", "/admin/interop/exports-scorm/", STAFF, note="scorm"),
    Row(
        "admin/interop/exports-scorm/<uuid:public_id>/telecharger/",
        "/admin/interop/exports-scorm/{scorm_export}/telecharger/",
        _cells(*NO_ADMIN, "200", "302 admin", "302 admin", "302 admin"),
        note="scorm",
    ),
    # --- Proof of completion (« certificat de réalisation », « dossier de preuve », « relancer ») ---------
    Row(
        "admin/preuves/apprenants/<uuid:public_id>/parcours/<int:course_id>/relancer/",
        "/admin/preuves/apprenants/{learner_a}/parcours/{course_pk}/relancer/",
        _cells(*NO_ADMIN, "302 A", "404", "404", "302 A"),
        "POST",
        "proof",
    ),
    Row(
        "admin/preuves/apprenants/<uuid:public_id>/parcours/<int:course_id>/message/",
        "/admin/preuves/apprenants/{learner_a}/parcours/{course_pk}/message/",
        _cells(*NO_ADMIN, "200 A", "404", "404", "200 A"),
        note="proof_message",
    ),
    Row(
        "admin/preuves/apprenants/<uuid:public_id>/parcours/<int:course_id>/message/",
        "/admin/preuves/apprenants/{learner_a}/parcours/{course_pk}/message/",
        _cells(*NO_ADMIN, "400 A", "404", "404", "400 A"),
        "POST",
        "proof_message",
    ),
    Row(
        "admin/preuves/apprenants/<uuid:public_id>/parcours/<int:course_id>/certificat/",
        "/admin/preuves/apprenants/{learner_a}/parcours/{course_pk}/certificat/",
        _cells(*NO_ADMIN, "302 A", "404", "404", "302 A"),
        "POST",
        "proof",
    ),
    Row(
        "admin/preuves/apprenants/<uuid:public_id>/parcours/<int:course_id>/dossier/",
        "/admin/preuves/apprenants/{learner_a}/parcours/{course_pk}/dossier/",
        _cells(*NO_ADMIN, "302 A", "404", "404", "302 A"),
        "POST",
        "proof",
    ),
    Row(
        "admin/preuves/parcours/<int:course_id>/dossier/",
        "/admin/preuves/parcours/{course_pk}/dossier/",
        _cells(*NO_ADMIN, "302", "404", "404", "302"),
        "POST",
        "proof",
    ),
    Row(
        "admin/preuves/dossiers/<uuid:public_id>/telecharger/",
        "/admin/preuves/dossiers/{proof_file}/telecharger/",
        _cells(*NO_ADMIN, "200 A", "404", "404", "200 A"),
        note="proof_file",
    ),
    Row(
        "admin/preuves/certificats/<str:identifier>.pdf",
        "/admin/preuves/certificats/{certificate}.pdf",
        _cells(*NO_ADMIN, "200 A", "404", "404", "200 A"),
        note="proof",
    ),
    # --- Quiz en salle (livequiz) ---------------------------------------------------------------------
    Row("salle/", "/salle/", PUBLIC_SIGNED_IN_A, note="livequiz"),
    Row("salle/<uuid:public_id>/", "/salle/{live}/", _cells("302", "302", "302", "302", "302", "302", "302"), note="livequiz"),
    Row("salle/<uuid:public_id>/repondre/", "/salle/{live}/repondre/", _cells(*("302",) * 7), "POST", "livequiz"),
    Row("salle/<uuid:public_id>/etat.json", "/salle/{live}/etat.json", PUBLIC, note="livequiz"),
    Row(
        "salle/projection/<uuid:public_id>/",
        "/salle/projection/{live}/",
        _cells("302 login", "403", "403", "200", "200", "200", "200"),
        note="livequiz",
    ),
    Row(
        "salle/projection/<uuid:public_id>/etat.json",
        "/salle/projection/{live}/etat.json",
        _cells("403", "403", "403", "200", "200", "200", "200"),
        note="livequiz",
    ),
    Row(
        "salle/projection/<uuid:public_id>/reveler/",
        "/salle/projection/{live}/reveler/",
        _cells("302 login", "403", "403", "302", "403", "403", "302"),
        "POST",
        "livequiz_drive",
    ),
    Row(
        "salle/projection/<uuid:public_id>/suivante/",
        "/salle/projection/{live}/suivante/",
        _cells("302 login", "403", "403", "302", "403", "403", "302"),
        "POST",
        "livequiz_drive",
    ),
    Row(
        "salle/projection/<uuid:public_id>/terminer/",
        "/salle/projection/{live}/terminer/",
        _cells("302 login", "403", "403", "302", "403", "403", "302"),
        "POST",
        "livequiz_drive",
    ),
    Row("admin/quiz-en-salle/", "/admin/quiz-en-salle/", STAFF, note="livequiz"),
    Row("admin/quiz-en-salle/<int:quiz_id>/", "/admin/quiz-en-salle/{quiz_pk}/", STAFF, note="livequiz"),
    Row(
        "admin/quiz-en-salle/<int:quiz_id>/lancer/",
        "/admin/quiz-en-salle/{quiz_pk}/lancer/",
        _cells(*NO_ADMIN, "302", "302", "302", "302"),
        "POST",
        "livequiz",
    ),
    # --- Our snippets in the admin (Wagtail's views, our models) ---------------------------------------
    Row(
        "admin/snippets/webinars/attendance/",
        "/admin/snippets/webinars/attendance/",
        _cells(*NO_ADMIN, "302 admin", "302 admin", "302 admin", "200 A"),
        note="attendance",
    ),
    Row(
        "admin/snippets/webinars/attendance/edit/<int:pk>/",
        "/admin/snippets/webinars/attendance/edit/{attendance_pk}/",
        _cells(*NO_ADMIN, "302 admin", "302 admin", "302 admin", "200 A"),
        note="attendance",
    ),
    Row(
        "admin/snippets/choose/webinars/attendance/",
        "/admin/snippets/choose/webinars/attendance/",
        _cells(*NO_ADMIN, "302 admin", "302 admin", "302 admin", "200 A"),
        note="attendance",
    ),
    Row(
        "admin/snippets/choose/webinars/attendance/results/",
        "/admin/snippets/choose/webinars/attendance/results/",
        _cells(*NO_ADMIN, "302 admin", "302 admin", "302 admin", "200 A"),
        note="attendance",
    ),
    Row(
        "admin/snippets/choose/webinars/attendance/chosen/<str:pk>/",
        "/admin/snippets/choose/webinars/attendance/chosen/{attendance_pk}/",
        _cells(*NO_ADMIN, "302 admin", "302 admin", "302 admin", "200 A"),
        note="attendance",
    ),
    Row(
        "admin/snippets/choose/webinars/attendance/chosen-multiple/",
        "/admin/snippets/choose/webinars/attendance/chosen-multiple/?id={attendance_pk}",
        _cells(*NO_ADMIN, "302 admin", "302 admin", "302 admin", "200 A"),
        note="attendance",
    ),
    Row("admin/snippets/webinars/webinarcycle/", "/admin/snippets/webinars/webinarcycle/", STAFF),
    Row(
        "admin/snippets/webinars/webinarcycle/edit/<int:pk>/",
        "/admin/snippets/webinars/webinarcycle/edit/{cycle_pk}/",
        ADMINISTRATOR_ONLY,
        note="view_only",
    ),
    Row("admin/snippets/quizzes/quiz/", "/admin/snippets/quizzes/quiz/", STAFF),
    Row("admin/snippets/quizzes/quiz/edit/<int:pk>/", "/admin/snippets/quizzes/quiz/edit/{quiz_pk}/", STAFF),
    Row("admin/snippets/quizzes/question/", "/admin/snippets/quizzes/question/", STAFF, note="question_list"),
    Row("admin/snippets/quizzes/question/edit/<int:pk>/", "/admin/snippets/quizzes/question/edit/{question_pk}/", STAFF),
    Row("admin/snippets/courses/theme/", "/admin/snippets/courses/theme/", STAFF),
    Row(
        "admin/snippets/courses/theme/edit/<int:pk>/",
        "/admin/snippets/courses/theme/edit/{theme_pk}/",
        ADMINISTRATOR_ONLY,
        note="view_only",
    ),
    Row("admin/snippets/courses/glossaryterm/", "/admin/snippets/courses/glossaryterm/", STAFF),
    Row(
        "admin/snippets/trainers/courseassignment/",
        "/admin/snippets/trainers/courseassignment/",
        ADMINISTRATOR_ONLY,
        note="reports",
    ),
    Row(
        "admin/snippets/trainers/courseassignment/edit/<int:pk>/",
        "/admin/snippets/trainers/courseassignment/edit/{assignment_pk}/",
        ADMINISTRATOR_ONLY,
        note="reports",
    ),
    Row("admin/snippets/courses/glossaryterm/edit/<int:pk>/", "/admin/snippets/courses/glossaryterm/edit/{term_pk}/", STAFF),
    # --- Wagtail admin core (a sample of each area; see the exclusion rule in the test) -----------------
    Row("admin/", "/admin/", _cells(*NO_ADMIN, "200 A", "200", "200", "200 A"), note="admin_home"),
    Row("admin/login/", "/admin/login/", _cells("200", "200", "200", "302 admin", "302 admin", "302 admin", "302 admin")),
    Row("admin/pages/", "/admin/pages/", _cells(*NO_ADMIN, "302", "302", "302", "200")),
    Row("admin/pages/<int:page_id>/edit/", "/admin/pages/{course_pk}/edit/", _cells(*NO_ADMIN, "200", "200", "302 admin", "200")),
    Row("admin/pages/search/", "/admin/pages/search/", STAFF, note="admin_gate"),
    Row(
        "admin/snippets/",
        "/admin/snippets/",
        _cells(*NO_ADMIN, "302 admin", "302 admin", "302 admin", "302 admin"),
        note="snippet_index",
    ),
    Row("admin/account/", "/admin/account/", STAFF),
    Row("admin/reports/workflow/", "/admin/reports/workflow/", STAFF),
    Row("admin/users/", "/admin/users/", ADMINISTRATOR_ONLY[:6] + ("200 A",), note="admin_only"),
    Row("admin/users/edit/<int:pk>/", "/admin/users/edit/{user_pk}/", ADMINISTRATOR_ONLY[:6] + ("200 A",), note="admin_only"),
    Row("admin/groups/", "/admin/groups/", ADMINISTRATOR_ONLY),
    Row("admin/reports/site-history/", "/admin/reports/site-history/", STAFF),
    Row("admin/workflows/list/", "/admin/workflows/list/", ADMINISTRATOR_ONLY),
    Row("admin/documents/", "/admin/documents/", STAFF),
    Row("admin/images/", "/admin/images/", STAFF),
    Row("admin/api/main/^pages/", "/admin/api/main/pages/", STAFF),
)


# --- The document -------------------------------------------------------------------------------------


def _code(text: str, *, in_table: bool = False) -> str:
    # Inside a table a pipe must be escaped even in a code span (GitHub-flavoured Markdown).
    return "`" + (text.replace("|", "\\|") if in_table else text) + "`"


def render_markdown() -> str:
    note_numbers = {key: i for i, key in enumerate(NOTES, start=1)}
    lines = [
        "# Access-control matrix",
        "",
        "<!-- Generated from tests/security/access_matrix.py by"
        " `.venv/bin/python -m tests.security.access_matrix > docs/access-matrix.md`; do not edit by hand"
        " (tests/security/test_access_matrix.py fails when this file and the data differ). -->",
        "",
        "Every URL of the site and of our admin views, requested by each kind of visitor. The test",
        "`tests/security/test_access_matrix.py` makes each request and checks the status; for every response",
        "to someone other than learner A that is not marked « 200 A », it also checks that none of A's private",
        "markers is in the body (A's first and last name, e-mail, free-text answer, attestation identifier and",
        "public id). Another test fails when a URL pattern has neither a row here nor a commented exclusion.",
        "",
        "**Who.** Learner A owns the data: enrolled, lessons done, a graded quiz attempt, a free-text answer",
        "waiting for review, an attestation, a data export, a webinar reminder and attendance. Learner B is",
        "another learner of the same course. Trainers belong to « Formateurs », the VRL trainer to",
        "« Formateurs VRL », the administrator to « Administrateurs » (not a superuser).",
        "",
        "**Cells.** `200` served, without A's data · `A` after a status: the body shows A's data, by design",
        "(A's own name in the header, or staff whose job it is) · `302 login` sent to a sign-in page ·",
        "`302 admin` sent to the admin dashboard (Wagtail's answer to a staff member without the permission,",
        "with its « no permission » message, and its login page's answer to someone signed in) · `302` the",
        "normal next step of a form or flow · `403`, `404`, `405` that status.",
        "",
        "**Trainer assignment.** The assigned trainer has a `trainers.CourseAssignment` on A's course; the other",
        "trainer and the VRL trainer have none. The reports under /admin/rapports/ and the review queue follow",
        "the assignment; the attendance pages are for administrators only.",
        "",
        "**Placeholders** in the example URLs are filled with A's objects: `{attempt}` A's graded attempt (UUID),",
        "`{essay_attempt}` A's free-text attempt, `{export}` A's data export (UUID), `{attestation}` A's",
        "attestation identifier, `{answer_pk}` A's free-text answer, `{attendance_pk}` A's attendance,",
        "`{user_pk}` A's user id, `{learner_a}` A's public id (UUID), `{certificate}` A's certificate identifier,",
        "`{proof_file}` a proof file of A asked for by the assigned trainer, `{report_export}` a report export of A's",
        "course asked for by the assigned trainer, `{scorm_export}` a SCORM package of the first module asked for by the",
        "assigned trainer, `{live}` a « quiz en salle » session the assigned trainer started;",
        "the others are the course, module, lesson, quiz, webinar and snippets A used.",
        "",
        "| URL pattern | Example | Method | " + " | ".join(ROLE_TITLES[r] for r in ROLES) + " | Note |",
        "|---|---|---|" + "---|" * len(ROLES) + "---|",
    ]
    for row in ROWS:
        note = f"[{note_numbers[row.note]}](#note-{note_numbers[row.note]})" if row.note else ""
        lines.append(
            f"| {_code(row.pattern, in_table=True)} | {_code(row.example, in_table=True)} | {row.method} | "
            + " | ".join(row.cells)
            + f" | {note} |"
        )
    lines += ["", "## Notes", ""]
    for key, number in note_numbers.items():
        lines.append(f'{number}. <a id="note-{number}"></a>{NOTES[key]}')
    lines += ["", "## What walking the matrix found", ""]
    lines += [f"- {finding}" for finding in FINDINGS]
    lines += ["", "## URL patterns without a row", ""]
    for pattern, reason in EXCLUSIONS:
        lines.append(f"- {_code(pattern)}: {reason}")
    lines.append("")
    return "\n".join(lines)


FINDINGS = (
    "Fixed: a signed-in learner who opened any admin URL was redirected for ever (`/admin/` → "
    "`/compte/login/?next=/admin/` → `/admin/` …); every staff-only URL now answers a signed-in learner with one "
    "French 403 page (test: `test_access_matrix_signed_in_learner_gets_one_answer_on_staff_urls`).",
    "Fixed: the question bank listing `/admin/snippets/quizzes/question/` answered 500 to every staff member "
    "(django-filter cannot build a filter for a ClusterTaggableManager from `list_filter`); "
    "`quizzes/wagtail_hooks.py` now declares the tag filter (test: tests/quizzes/test_admin_question_filters.py).",
    "Fixed: « Marquer comme vu » (`/admin/formateurs/modules/<id>/source-vue/marquer/`) followed a `next` of "
    "`/\\evil.example`, which browsers read as `//evil.example`; it now only follows URLs of this site "
    "(test: `test_redirect_after_mark_seen_stays_on_the_site`).",
    "Fixed: the attendance pages (`/admin/webinaires/<id>/presences/`, the « Présences (saisie) » snippet) showed "
    "every learner's webinar attendance to every trainer; they are now for administrators only (webinars "
    "migration 0003). The reports and the review queue follow the assignment rule of `trainers.selectors`.",
    "By design: the public verification page names the attestation's holder to whoever has the identifier (note on "
    "that row); nothing else about them.",
)


# Patterns the coverage test accepts without a row, each with the reason. Regular expressions,
# matched against the pattern as the resolver lists it.
EXCLUSIONS = (
    (
        r"^admin/(?!snippets/(choose/)?(accounts|courses|home|livequiz|progress|quizzes|trainers|webinars)/)",
        "Wagtail's own admin views (pages, images, documents, users, groups, workflows, reports, settings, "
        "choosers, admin API…). All sit behind require_admin_access (see the `admin/` row); each then "
        "checks Wagtail's model, page or collection permissions. The rows above sample every area that can "
        "show a person (users, reports, pages, admin API).",
    ),
    (
        r"^admin/snippets/(courses|quizzes|trainers|webinars)/[a-z]+/(?!$|edit/<int:pk>/$)",
        "The other actions of our snippet viewsets (add, delete, usage, history, copy, preview, revisions): "
        "Wagtail checks the matching model permission, like the list and edit views, which have rows.",
    ),
    (
        r"^admin/snippets/choose/(courses|quizzes|trainers|webinars)/",
        "The choosers (modals inside the edit forms) of our snippets: Wagtail lets in whoever has a permission on "
        "the model, as for the listing. The one that lists people (attendance) has its own row.",
    ),
    (r"^admin/test404/$", "Wagtail's page for testing the admin's 404 template: behind the admin gate, shows nothing."),
)


if __name__ == "__main__":
    print(render_markdown(), end="")
