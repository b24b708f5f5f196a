from django.urls import path

from . import proof_views, views

app_name = "progress"

urlpatterns = [
    path("mon-parcours/", views.dashboard, name="dashboard"),
    path("mon-parcours/parcours/<int:course_id>/commencer/", views.enrol, name="enrol"),
    path("mon-parcours/lecons/<int:lesson_id>/terminer/", views.complete_lesson, name="complete_lesson"),
    path("mon-parcours/lecons/<int:lesson_id>/activite/", views.activity_beat, name="activity_beat"),
    path("mon-parcours/attestations/<str:identifier>.pdf", views.attestation_pdf, name="attestation_pdf"),
    path("mon-parcours/certificats/", views.certificates, name="certificates"),
    path("mon-parcours/certificats/<str:identifier>.pdf", proof_views.certificate_pdf, name="certificate_pdf"),
    path("attestations/verifier/", views.verify_form, name="verify_form"),
    path("attestations/verifier/<str:identifier>/", views.verify, name="verify"),
]
