"""The file between preview and confirmation."""

import contextlib
import time
import uuid
from pathlib import Path

from django.conf import settings

from .cells import STASH_MAX_AGE_SECONDS, ImportFileError

# --- the file between preview and confirmation ------------------------------------------------


def _stash_dir(agency) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(agency.pk)


def _stash_path(agency, token) -> Path:
    return _stash_dir(agency) / f"{uuid.UUID(str(token)).hex}.csv"


def stash(*, agency, text: str) -> str:
    folder = _stash_dir(agency)
    folder.mkdir(parents=True, exist_ok=True)
    _purge_old(folder)
    token = uuid.uuid4()
    (folder / f"{token.hex}.csv").write_text(text, encoding="utf-8")
    return str(token)


def load(*, agency, token) -> str:
    try:
        return _stash_path(agency, token).read_text(encoding="utf-8")
    except (OSError, ValueError):
        raise ImportFileError("This upload is no longer available. Upload the file again.") from None


def discard(*, agency, token):
    with contextlib.suppress(OSError, ValueError):
        _stash_path(agency, token).unlink(missing_ok=True)


def _purge_old(folder: Path):
    """Files of previews nobody confirmed are removed after a day."""
    limit = time.time() - STASH_MAX_AGE_SECONDS
    for path in folder.glob("*.csv"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
