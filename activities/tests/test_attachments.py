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


def test_a_pdf_is_accepted_as_a_document_and_served_as_a_sandboxed_download(client, secretary, url, activity):
    client.force_login(secretary)
    _upload(client, url, activity, "bien-ban.pdf", b"%PDF-1.4\n%%EOF\n", field="documents")
    attachment = Attachment.objects.get()
    assert attachment.kind == "document" and attachment.original_name == "bien-ban.pdf"
    response = client.get(url("attachment", attachment_id=attachment.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="bien-ban.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_photos_stay_inline_but_sandboxed(client, secretary, url, activity):
    client.force_login(secretary)
    _upload(client, url, activity, "anh.png", png_bytes())
    attachment = Attachment.objects.get()
    for name in ("attachment", "attachment_thumbnail"):
        response = client.get(url(name, attachment_id=attachment.pk))
        assert response.status_code == 200
        assert response.get("Content-Disposition", "inline").startswith("inline"), name
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox")


def test_a_photo_over_the_pixel_limit_is_refused_from_its_header(client, secretary, url, activity, settings, tmp_path):
    """13000 × 13000 grey pixels in 160 KB: once accepted, it took the server
    to 1.4 GB while the thumbnail was made."""
    from devtools.hostile import huge_png

    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretary)
    response = _upload(client, url, activity, "anh-lon.png", huge_png())
    body = response.content.decode()
    assert "anh-lon.png có hơn 40 megapixel" in body
    assert not Attachment.objects.exists() and not any(tmp_path.rglob("*.*"))


def test_pillows_own_bomb_warning_is_an_error(monkeypatch):
    """Below our own limit, but over Pillow's warning threshold (lowered
    here): the warning refuses the photo instead of passing by."""
    from django.core.exceptions import ValidationError
    from PIL import Image

    from activities import files

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100 * 100)
    with pytest.raises(ValidationError) as refused:
        files._check_photo("a.png", png_bytes((150, 150)))
    assert "megapixel" in refused.value.messages[0]
    files._check_photo("b.png", png_bytes((90, 90)))  # under both limits: accepted


def test_too_many_files_at_once_are_refused_before_any_is_read(client, secretary, url, activity):
    from activities.files import MAX_FILES_PER_SAVE

    client.force_login(secretary)
    photos = [SimpleUploadedFile(f"a{i}.png", png_bytes()) for i in range(MAX_FILES_PER_SAVE + 1)]
    response = client.post(url("attachment_upload", pk=activity.pk), {"photos": photos}, follow=True)
    assert f"Mỗi lần chỉ đính kèm được tối đa {MAX_FILES_PER_SAVE} tệp" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_thumbnail_is_turned_upright_after_the_reduction():
    """A camera photo stored on its side (EXIF orientation 6) gets an upright
    thumbnail: the wide picture becomes tall."""
    import io

    from PIL import Image

    from activities.files import make_thumbnail

    image = Image.new("RGB", (1200, 600), "red")
    exif = image.getexif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    thumb = Image.open(io.BytesIO(make_thumbnail(out.getvalue()).read()))
    assert thumb.size == (240, 480)


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
