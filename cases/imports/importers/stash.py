"""The file between preview and confirmation: kept as read (header and cells) with the
preview's result, so that neither the preview pages nor the import read the CSV again."""

import contextlib
import json
import time
import uuid
from pathlib import Path

from django.conf import settings

from .cells import STASH_MAX_AGE_SECONDS, ImportFileError
from .reading import Parsed

# --- the file between preview and confirmation ------------------------------------------------


def _stash_dir(agency) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(agency.pk)


def _stash_path(agency, token) -> Path:
    return _stash_dir(agency) / f"{uuid.UUID(str(token)).hex}.json"


def stash(*, agency, kind: str, parsed: Parsed, preview: dict) -> str:
    folder = _stash_dir(agency)
    folder.mkdir(parents=True, exist_ok=True)
    _purge_old(folder)
    token = uuid.uuid4()
    content = {"kind": kind, "parsed": parsed.to_json(), "preview": preview}
    (folder / f"{token.hex}.json").write_text(json.dumps(content), encoding="utf-8")
    return str(token)


def load(*, agency, token) -> dict:
    """The stashed upload: ``kind``, ``parsed`` (a Parsed) and ``preview`` (the check's result)."""
    try:
        content = json.loads(_stash_path(agency, token).read_text(encoding="utf-8"))
        content["parsed"] = Parsed.from_json(content["parsed"])
    except (OSError, ValueError, KeyError, TypeError):
        raise ImportFileError("This upload is no longer available. Upload the file again.") from None
    return content


def discard(*, agency, token):
    with contextlib.suppress(OSError, ValueError):
        _stash_path(agency, token).unlink(missing_ok=True)
        _stash_path(agency, token).with_suffix(".progress").unlink(missing_ok=True)


def write_progress(*, agency, token, done: int):
    """How many rows a background import has written: kept beside the file, outside the
    import's transaction (which nobody else sees until it commits)."""
    with contextlib.suppress(OSError, ValueError):
        _stash_path(agency, token).with_suffix(".progress").write_text(str(done), encoding="ascii")


def read_progress(*, agency, token) -> int:
    try:
        return int(_stash_path(agency, token).with_suffix(".progress").read_text(encoding="ascii"))
    except (OSError, ValueError):
        return 0


def _purge_old(folder: Path):
    """Files of previews nobody confirmed are removed after a day."""
    limit = time.time() - STASH_MAX_AGE_SECONDS
    for path in folder.glob("*.json"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
