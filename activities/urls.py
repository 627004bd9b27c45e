from django.urls import path

from activities.views import entry, exchange, files, listing, review

app_name = "activities"

urlpatterns = [
    path("", listing.activity_list, name="list"),
    path("new/", entry.activity_create, name="create"),
    path("submit/", entry.activity_submit_selected, name="submit_selected"),
    path("<id:pk>/", entry.activity_detail, name="detail"),
    path("<id:pk>/edit/", entry.activity_edit, name="edit"),
    path("<id:pk>/submit/", entry.activity_submit, name="submit"),
    path("<id:pk>/withdraw/", entry.activity_withdraw, name="withdraw"),
    path("<id:pk>/return/", entry.activity_return, name="return"),
    path("<id:pk>/confirm/", entry.activity_confirm, name="confirm"),
    path("<id:pk>/delete/", entry.activity_delete, name="delete"),
    path("<id:pk>/attachments/", files.attachment_upload, name="attachment_upload"),
    path("attachments/<id:attachment_id>/", files.attachment_download, name="attachment"),
    path("attachments/<id:attachment_id>/thumbnail/", files.attachment_thumbnail, name="attachment_thumbnail"),
    path("attachments/<id:attachment_id>/delete/", files.attachment_delete, name="attachment_delete"),
    path("review/", review.review_queue, name="review_queue"),
    path("check/", review.check_queue, name="check_queue"),
    path("<id:pk>/check/", entry.activity_check, name="check"),
    path("<id:pk>/check/return/", entry.activity_check_return, name="check_return"),
    path("review/confirm/", review.review_bulk_confirm, name="review_bulk_confirm"),
    path("export.xlsx", exchange.export_xlsx, name="export_xlsx"),
    path("export.csv", exchange.export_csv, name="export_csv"),
    path("import/", exchange.import_activities, name="import"),
    path("import/template.xlsx", exchange.import_template, name="import_template"),
    path("import/errors.xlsx", exchange.import_errors, name="import_errors"),
    path("units/search/", listing.unit_search, name="unit_search"),
    path("localities/search/", listing.locality_search, name="locality_search"),
]
