from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("recherche/", views.search, name="search"),
    path("thematiques.css", views.theme_styles, name="theme_styles"),
]
