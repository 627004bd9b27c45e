"""A restore reproduces the same figures and the same stored PDFs."""

import hashlib
import io
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

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
    with pytest.raises(CommandError, match="Tệp sao lưu có mục không hợp lệ"):
        call_command("restore", str(bad), "--yes")


def _archive(path: Path, entries: list[tarfile.TarInfo | tuple[str, bytes]]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for entry in entries:
            if isinstance(entry, tarfile.TarInfo):
                tar.addfile(entry)
            else:
                name, data = entry
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return path


def _link(name: str, target: str, kind=tarfile.SYMTYPE) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


def _device(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = tarfile.CHRTYPE
    return info


@pytest.mark.parametrize(
    "hostile",
    [
        lambda outside: ("media/" + str(outside / "escaped.txt"), b"x"),  # media/ + an absolute path
        lambda outside: ("media/../escaped.txt", b"x"),
        lambda outside: ("media/reports/../../escaped.txt", b"x"),
        lambda outside: ("/etc/escaped.txt", b"x"),
        lambda outside: _link("media/reports/link.pdf", str(outside / "escaped.txt")),
        lambda outside: _link("media/reports/hard.pdf", "data.json", tarfile.LNKTYPE),
        lambda outside: _device("media/reports/dev"),
        lambda outside: ("other/escaped.txt", b"x"),
    ],
)
def test_a_hostile_archive_is_refused_whole_and_changes_nothing(hostile, db, settings, tmp_path):
    from coordination.models import SteeringCommittee

    settings.MEDIA_ROOT = tmp_path / "media"
    outside = tmp_path / "outside"
    outside.mkdir()
    SteeringCommittee.objects.create(slug="kept", name="Ban Chỉ đạo còn nguyên")
    entry = hostile(outside)
    name = entry.name if isinstance(entry, tarfile.TarInfo) else entry[0]
    archive = _archive(tmp_path / "hostile.tar.gz", [("data.json", b"[]"), ("media/reports/ok.pdf", b"%PDF"), entry])
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), "--yes", stdout=open("/dev/null", "w"))
    assert name in str(refused.value) and "Tệp sao lưu" in str(refused.value)
    assert SteeringCommittee.objects.filter(slug="kept").exists()
    assert not list(outside.iterdir()) and not (tmp_path / "escaped.txt").exists()
    assert not (tmp_path / "media" / "reports" / "ok.pdf").exists()
