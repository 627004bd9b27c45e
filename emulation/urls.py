from django.urls import path

from emulation import views

app_name = "emulation"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.exemplar_edit, name="exemplar_new"),
    path("<id:exemplar_id>/", views.exemplar_detail, name="exemplar"),
    path("<id:exemplar_id>/edit/", views.exemplar_edit, name="exemplar_edit"),
    path("<id:exemplar_id>/evidence/", views.exemplar_evidence, name="exemplar_evidence"),
    path("<id:exemplar_id>/evaluate/", views.exemplar_evaluate, name="exemplar_evaluate"),
    path("<id:exemplar_id>/replicate/", views.exemplar_replicate, name="exemplar_replicate"),
    path("<id:exemplar_id>/photos/", views.exemplar_photo_add, name="exemplar_photo_add"),
    path("<id:exemplar_id>/photos/<id:photo_id>/", views.exemplar_photo, name="exemplar_photo"),
    path("commendations/", views.commendations, name="commendations"),
    path("commendations/<id:proposal_id>/", views.proposal_detail, name="proposal"),
    path("commendations/<id:proposal_id>/fill/", views.proposal_fill, name="proposal_fill"),
    path("commendations/<id:proposal_id>/grounds/", views.proposal_grounds, name="proposal_grounds"),
    path("commendations/<id:proposal_id>/submit/", views.proposal_submit, name="proposal_submit"),
    path("commendations/<id:proposal_id>/decide/", views.proposal_decide, name="proposal_decide"),
    path("commendations/<id:proposal_id>/print/", views.proposal_print, name="proposal_print"),
    path("commendations/<id:proposal_id>/entries/<id:entry_id>/", views.entry_edit, name="entry_edit"),
    path("commendations/<id:proposal_id>/entries/<id:entry_id>/delete/", views.entry_delete, name="entry_delete"),
]
