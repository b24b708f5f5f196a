from django.urls import path

from . import views

app_name = "livequiz"

urlpatterns = [
    path("salle/", views.join, name="join"),
    path("salle/<uuid:public_id>/", views.phone, name="phone"),
    path("salle/<uuid:public_id>/repondre/", views.answer, name="answer"),
    path("salle/<uuid:public_id>/etat.json", views.phone_state_view, name="phone_state"),
    path("salle/projection/<uuid:public_id>/", views.projection, name="projection"),
    path("salle/projection/<uuid:public_id>/etat.json", views.projection_state_view, name="projection_state"),
    path("salle/projection/<uuid:public_id>/reveler/", views.reveal, name="reveal"),
    path("salle/projection/<uuid:public_id>/suivante/", views.next_question, name="next"),
    path("salle/projection/<uuid:public_id>/terminer/", views.close, name="close"),
]
