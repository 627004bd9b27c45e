"""Backup and restore of the whole installation (database rows and stored
files) as one .tar.gz, independent of the database engine: the JSON of
dumpdata plus the media folder."""

import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

# The activity roll-up and the figures stamps are derived: the database's
# triggers rebuild the one and draw new stamps while the rows load, so the
# archive leaves them out.
EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "activities.activitytotal",
    "activities.figuresstamp",
]
DATA_NAME = "data.json"
MEDIA_PREFIX = "media/"


def backup(out: Path) -> dict:
    """Writes the archive; returns what it holds."""
    buffer = io.StringIO()
    call_command(
        "dumpdata", "--natural-foreign", "--natural-primary", *[f"--exclude={e}" for e in EXCLUDE], stdout=buffer
    )
    data = buffer.getvalue().encode()
    media = Path(settings.MEDIA_ROOT)
    files = 0
    with tarfile.open(out, "w:gz") as tar:
        info = tarfile.TarInfo(DATA_NAME)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                if path.is_file() and "imports" not in path.relative_to(media).parts[:1]:
                    tar.add(path, arcname=MEDIA_PREFIX + str(path.relative_to(media)))
                    files += 1
    return {"rows": len(json.loads(data)), "files": files, "bytes": out.stat().st_size}


def _check_entries(members: list[tarfile.TarInfo], media: Path) -> dict[str, Path]:
    """Where each stored file of the archive goes, after checking every
    entry: the data file and regular files under media/ only, each resolving
    to a place inside the media folder. Anything else (an absolute path,
    "..", a link, a device, a folder named like a file) refuses the whole
    archive before anything is written."""
    root = media.resolve()
    targets: dict[str, Path] = {}
    seen_data = False
    for member in members:
        name = member.name
        if name == DATA_NAME and member.isfile():
            seen_data = True
            continue
        if member.isdir() and name.startswith(MEDIA_PREFIX):
            relative = name[len(MEDIA_PREFIX) :]
        elif member.isfile() and name.startswith(MEDIA_PREFIX):
            relative = name[len(MEDIA_PREFIX) :]
        else:
            raise ValueError(f"Tệp sao lưu có mục không hợp lệ (chỉ nhận tệp dữ liệu và tệp thường): {name}")
        parts = Path(relative).parts
        if not relative or relative.startswith("/") or Path(relative).is_absolute() or ".." in parts or "\\" in name:
            raise ValueError(f"Tệp sao lưu có đường dẫn nằm ngoài thư mục tệp lưu trữ: {name}")
        target = (root / relative).resolve()
        if root != target and root not in target.parents:
            raise ValueError(f"Tệp sao lưu có đường dẫn nằm ngoài thư mục tệp lưu trữ: {name}")
        if member.isfile():
            targets[name] = target
    if not seen_data:
        raise ValueError(f"Tệp sao lưu thiếu {DATA_NAME}.")
    return targets


def restore(archive: Path) -> dict:
    """Replaces every row and stored file with the archive's, all or nothing
    for the database (one transaction). The archive is checked whole first:
    a refused archive changes neither the database nor a file."""
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as tmp:
        members = tar.getmembers()
        targets = _check_entries(members, media)
        tar.extract(DATA_NAME, tmp, filter="data")
        fixture = Path(tmp) / "restore.json"
        (Path(tmp) / DATA_NAME).rename(fixture)
        # The archive holds the history rows already: loading the links of
        # many-to-many fields must not write history of its own.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("flush", "--no-input", verbosity=0)
            call_command("loaddata", str(fixture), verbosity=0)
        files = 0
        for member in members:
            target = targets.get(member.name)
            if target is None:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source:
                target.write_bytes(source.read())
            files += 1
    return {"files": files}
