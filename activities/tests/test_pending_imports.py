"""Spreadsheets kept for an import preview are removed through the storage
API once abandoned for a day."""

import os
import time
from pathlib import Path

from activities.tasks import sweep_pending_imports


def test_the_sweep_removes_import_files_abandoned_for_a_day(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True)
    old, fresh = folder / "old.xlsx", folder / "fresh.xlsx"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    assert sweep_pending_imports() == 1
    assert not old.exists() and fresh.exists()


def test_the_sweep_of_a_media_folder_without_imports_removes_nothing(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert sweep_pending_imports() == 0
