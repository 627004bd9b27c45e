from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Attachment
from activities.tests.conftest import png_bytes
from devtools.factories import ActivityFactory


@pytest.fixture
def activity(programme, units):
    return ActivityFactory(programme=programme, lead_unit=units["district"], status="draft")


def _upload(client, url, activity, name, data, field="photos"):
    return client.post(url("attachment_upload", pk=activity.pk), {field: SimpleUploadedFile(name, data)}, follow=True)


def test_photo_upload_makes_a_thumbnail_and_is_served_to_the_unit(client, secretary, url, activity):
    client.force_login(secretary)
    _upload(client, url, activity, "anh-trao-qua.png", png_bytes((1200, 800)))
    attachment = Attachment.objects.get()
    assert attachment.kind == "photo" and attachment.content_type == "image/png"
    assert attachment.thumbnail
    response = client.get(url("attachment", attachment_id=attachment.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes((1200, 800))
    thumb = client.get(url("attachment_thumbnail", attachment_id=attachment.pk))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"


def test_the_type_is_read_from_the_content_not_the_name(client, secretary, url, activity):
    client.force_login(secretary)
    response = _upload(client, url, activity, "anh.jpg", b"<html><script>alert(1)</script></html>")
    assert "không phải là ảnh" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_damaged_photo_is_refused(client, secretary, url, activity):
    client.force_login(secretary)
    response = _upload(client, url, activity, "anh.png", png_bytes()[:40])
    assert "bị hỏng" in response.content.decode()
    assert not Attachment.objects.exists()


def test_oversized_files_are_refused(client, secretary, url, activity, monkeypatch):
    monkeypatch.setattr("activities.files.MAX_ATTACHMENT_BYTES", 1000)
    client.force_login(secretary)
    response = _upload(client, url, activity, "to.pdf", b"%PDF-1.4\n" + b"x" * 2000, field="documents")
    assert "lớn hơn" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_pdf_is_accepted_as_a_document_and_downloaded_inline(client, secretary, url, activity):
    client.force_login(secretary)
    _upload(client, url, activity, "bien-ban.pdf", b"%PDF-1.4\n%%EOF\n", field="documents")
    attachment = Attachment.objects.get()
    assert attachment.kind == "document" and attachment.original_name == "bien-ban.pdf"


def test_other_units_and_outsiders_cannot_download(client, secretary, other_secretary, outsider, url, activity):
    client.force_login(secretary)
    _upload(client, url, activity, "a.png", png_bytes())
    attachment = Attachment.objects.get()
    for user in (other_secretary, outsider):
        client.force_login(user)
        assert client.get(url("attachment", attachment_id=attachment.pk)).status_code == 404
        assert client.get(url("attachment_thumbnail", attachment_id=attachment.pk)).status_code == 404


def test_readers_download_but_cannot_upload(client, secretary, chair, url, activity):
    client.force_login(secretary)
    _upload(client, url, activity, "a.png", png_bytes())
    attachment = Attachment.objects.get()
    client.force_login(chair)
    assert client.get(url("attachment", attachment_id=attachment.pk)).status_code == 200
    assert (
        client.post(
            url("attachment_upload", pk=activity.pk), {"photos": SimpleUploadedFile("b.png", png_bytes())}
        ).status_code
        == 403
    )
    assert client.post(url("attachment_delete", attachment_id=attachment.pk)).status_code == 403


def test_deleting_the_activity_removes_its_files(
    client, secretary, url, activity, media_root, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    _upload(client, url, activity, "a.png", png_bytes())
    attachment = Attachment.objects.get()
    paths = [Path(attachment.file.path), Path(attachment.thumbnail.path)]
    assert all(p.exists() for p in paths)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("delete", pk=activity.pk))
    assert not any(p.exists() for p in paths)
    assert client.get(url("attachment", attachment_id=attachment.pk)).status_code == 404


def test_photo_taken_with_the_create_form_is_attached_in_the_same_save(client, secretary, url, form_data):
    client.force_login(secretary)
    data = form_data()
    data["photos"] = SimpleUploadedFile("camera.png", png_bytes())
    client.post(url("create"), data)
    assert Attachment.objects.get().activity.title == data["title"]


def test_a_bad_file_on_the_create_form_saves_nothing(client, secretary, url, form_data):
    from activities.models import Activity

    client.force_login(secretary)
    data = form_data()
    data["photos"] = SimpleUploadedFile("camera.jpg", b"not an image")
    response = client.post(url("create"), data)
    assert response.status_code == 200
    assert not Activity.objects.exists() and not Attachment.objects.exists()
