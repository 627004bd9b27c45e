"""A restore reproduces the same figures and the same stored PDFs."""

import hashlib
from pathlib import Path

import pytest
from django.core.management import call_command

from activities.models import Activity
from programmes.models import Programme
from reports import documents
from reports.models import ReportRun
from reports.services import rendering


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_reproduces_figures_and_pdf_hashes(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    programme = Programme.objects.get(committee__slug="son-ha", year=2022)
    run = ReportRun.objects.create(
        programme=programme,
        kind="yearly_review",
        options={"annexes": False},
        document_meta=documents.default_meta(programme.committee, programme),
    )
    run = rendering.report_render(run_id=run.pk)
    before_figures = documents.snapshot(documents.yearly_review_figures(programme)[0])
    before_hash = run.sha256
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=open("/dev/null", "w"))

    # Lose data and files, then restore.
    Activity.objects.filter(programme=programme).update(funding_state=0)
    Path(run.pdf.path).unlink()
    call_command("restore", str(archive), "--yes", stdout=open("/dev/null", "w"))

    programme = Programme.objects.get(committee__slug="son-ha", year=2022)
    assert documents.snapshot(documents.yearly_review_figures(programme)[0]) == before_figures
    restored = ReportRun.objects.get(pk=run.pk)
    assert restored.sha256 == before_hash
    assert hashlib.sha256(Path(restored.pdf.path).read_bytes()).hexdigest() == before_hash


def test_a_tampered_archive_is_refused(tmp_path, db):
    import io
    import tarfile

    from django.core.management.base import CommandError

    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(bad, "w:gz") as tar:
        info = tarfile.TarInfo("../../etc/evil")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match="unexpected entry"):
        call_command("restore", str(bad), "--yes")
