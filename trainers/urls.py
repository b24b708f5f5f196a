from django.urls import path

from . import views

app_name = "trainers"

urlpatterns = [
    path("formateurs/modules/<int:module_id>/support/", views.handout, name="handout"),
    path("formateurs/modules/<int:module_id>/support.pdf", views.handout_pdf, name="handout_pdf"),
]

admin_urlpatterns = [
    path("formateurs/nouvelle-lecon/", views.new_lesson, name="new_lesson"),
    path("formateurs/supports/", views.handouts, name="handouts"),
    path("formateurs/modules/<int:module_id>/adapter/", views.adapt, name="adapt"),
    path("formateurs/modules/<int:module_id>/source-vue/", views.mark_seen_confirm, name="mark_seen_confirm"),
    path("formateurs/modules/<int:module_id>/source-changements/", views.source_changes, name="source_changes"),
    path("formateurs/modules/<int:module_id>/source-vue/marquer/", views.mark_seen, name="mark_seen"),
]
