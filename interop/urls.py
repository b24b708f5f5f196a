from django.urls import path

from . import views

admin_urlpatterns = [
    path("interop/modules/<int:module_id>/scorm/", views.scorm_export, name="scorm_export"),
    path("interop/exports-scorm/", views.scorm_exports, name="scorm_exports"),
    path("interop/exports-scorm/<uuid:public_id>/telecharger/", views.scorm_export_download, name="scorm_export_download"),
]
