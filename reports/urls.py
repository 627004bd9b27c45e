from django.urls import path

from reports.views import completeness, documents, summary

app_name = "reports"

urlpatterns = [
    path("summary/", summary.summary, name="summary"),
    path("summary/period/<id:document>/", summary.period, name="period"),
    path("summary/period/<id:document>/review/", documents.period_review_text, name="period_review_text"),
    path(
        "summary/period/<id:document>/review/approve/",
        documents.period_review_text_approve,
        name="period_review_text_approve",
    ),
    path("reports/", documents.archive, name="archive"),
    path("reports/<id:year>/", documents.archive, name="archive_year"),
    path("reports/<id:year>/new/", documents.request_document, name="request"),
    path("reports/<id:year>/review/", documents.review_draft, name="review_draft"),
    path("reports/<id:year>/review/approve/", documents.review_draft_approve, name="review_draft_approve"),
    path("reports/<id:year>/review/<id:period_id>/", documents.review_draft, name="review_draft_period"),
    path(
        "reports/<id:year>/review/<id:period_id>/approve/",
        documents.review_draft_approve,
        name="review_draft_approve_period",
    ),
    path("reports/runs/<id:run_id>/", documents.run_detail, name="run"),
    path("reports/runs/<id:run_id>/download/", documents.run_download, name="run_download"),
    path("reports/runs/<id:run_id>/retry/", documents.run_retry, name="run_retry"),
    path("reports/runs/<id:run_id>/word/", documents.run_download_word, name="run_download_word"),
    path("reports/runs/<id:run_id>/signed/", documents.run_download_official, name="run_download_official"),
    path("reports/runs/<id:run_id>/step/", documents.run_step, name="run_step"),
    path("reports/runs/<id:run_id>/issue/", documents.run_issue, name="run_issue"),
    path("reports/runs/<id:run_id>/signed/upload/", documents.run_official_copy, name="run_official_copy"),
    path("reports/register/", documents.document_register, name="register"),
    path("reports/completeness/", completeness.completeness, name="completeness"),
    path("reports/<id:year>/programme-approval/", documents.programme_signoff, name="programme_signoff"),
]
