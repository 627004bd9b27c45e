from django.urls import path

from reports.views import documents, summary

app_name = "reports"

urlpatterns = [
    path("summary/", summary.summary, name="summary"),
    path("summary/period/<int:document>/", summary.period, name="period"),
    path("reports/", documents.archive, name="archive"),
    path("reports/<int:year>/", documents.archive, name="archive_year"),
    path("reports/<int:year>/new/", documents.request_document, name="request"),
    path("reports/<int:year>/review/", documents.review_draft, name="review_draft"),
    path("reports/<int:year>/review/approve/", documents.review_draft_approve, name="review_draft_approve"),
    path("reports/runs/<int:run_id>/", documents.run_detail, name="run"),
    path("reports/runs/<int:run_id>/download/", documents.run_download, name="run_download"),
    path("reports/runs/<int:run_id>/retry/", documents.run_retry, name="run_retry"),
]
