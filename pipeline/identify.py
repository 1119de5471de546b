"""What a stored file is: media type from its content (libmagic), never from its name alone.

The extension and the media type it suggests are recorded beside the content type, so that a
renamed file (a ZIP called ``.pdf``) is visible.
"""

from __future__ import annotations

import functools
import mimetypes
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .archives import sniff_archive


@dataclass(frozen=True)
class Identity:
    media_type: str
    description: str
    extension: str
    extension_media_type: str | None
    archive_type: str | None

    @property
    def extension_disagrees(self) -> bool:
        """The name suggests a different kind of file than the content shows."""
        if not self.extension_media_type:
            return False
        generic = {"application/octet-stream", "text/plain"}
        if self.media_type in generic or self.extension_media_type in generic:
            return False
        ext_family = self.extension_media_type.split("/")[0]
        return self.media_type != self.extension_media_type and not (
            ext_family == "text" and self.media_type.startswith("text/")
        )


@functools.lru_cache(maxsize=1)
def _magic_pair():  # type: ignore[no-untyped-def]
    import magic

    return magic.Magic(mime=True), magic.Magic()


def identify(path: Path, name: str) -> Identity:
    """Identify the stored file at ``path`` that arrived under ``name``."""
    mime, desc = _magic_pair()
    try:
        media_type = mime.from_file(str(path))
        description = desc.from_file(str(path))
    except Exception as exc:  # noqa: BLE001 - libmagic errors must not stop an ingest
        media_type, description = "application/octet-stream", f"not identified ({exc})"
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    ext_type = mimetypes.types_map.get(suffix) if suffix else None
    if suffix in (".csv",):
        ext_type = "text/csv"
    return Identity(media_type, description, suffix, ext_type, sniff_archive(path))
