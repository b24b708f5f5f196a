from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("<uuid:quiz_id>/", views.quiz_detail, name="detail"),
    path("<uuid:quiz_id>/commencer/", views.quiz_start, name="start"),
    path("tentative/<uuid:attempt_id>/", views.attempt_take, name="take"),
    path("tentative/<uuid:attempt_id>/prolonger/", views.attempt_extend_view, name="extend"),
    path("tentative/<uuid:attempt_id>/verifier/", views.attempt_review, name="review"),
    path("tentative/<uuid:attempt_id>/envoyer/", views.attempt_submit_view, name="submit"),
    path("tentative/<uuid:attempt_id>/resultat/", views.attempt_result, name="result"),
]
