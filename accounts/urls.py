from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("mes-donnees/", views.data_export_create, name="data_export"),
    path("mes-donnees/<uuid:public_id>/", views.data_export_download, name="data_export_download"),
    path("supprimer/", views.account_delete, name="delete"),
    path("supprime/", views.account_deleted, name="deleted"),
]
