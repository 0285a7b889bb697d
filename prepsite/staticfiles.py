"""A static-files finder for the few front-end package files the pages load.

Pointing STATICFILES_DIRS at a package's whole `dist/` folder made collectstatic copy,
hash and compress every file in it: for Mermaid alone 1,401 files and 361 MB of output.
The pages load one Mermaid bundle and a handful of Bootstrap files, so only those (and the
source maps and fonts they reference) are offered to collectstatic and to WhiteNoise.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage


def _vendor_files() -> dict[str, Path]:
    """URL path under STATIC_URL -> file on disk, from settings.VENDOR_STATIC_FILES."""
    files: dict[str, Path] = {}
    for prefix, (folder, patterns) in settings.VENDOR_STATIC_FILES.items():
        for pattern in patterns:
            for path in sorted(Path(folder).glob(pattern)):
                if path.is_file():
                    files[f"{prefix}/{path.relative_to(folder).as_posix()}"] = path
    return files


class VendorFilesFinder(BaseFinder):
    def check(self, **kwargs) -> list[Error]:
        missing = [
            prefix
            for prefix, (folder, _) in settings.VENDOR_STATIC_FILES.items()
            if not Path(folder).is_dir()
        ]
        return [
            Error(f"Front-end package folder for {prefix} is missing: run `make setup`.")
            for prefix in missing
        ]

    def find(self, path: str, find_all: bool = False, **kwargs):
        found = _vendor_files().get(path)
        if found is None:
            return []
        return [str(found)] if find_all else str(found)

    def list(self, ignore_patterns):
        for prefix, (folder, _) in settings.VENDOR_STATIC_FILES.items():
            storage = FileSystemStorage(location=str(folder))
            storage.prefix = prefix
            for url_path, path in _vendor_files().items():
                if url_path.startswith(f"{prefix}/") and Path(folder) in path.parents:
                    yield path.relative_to(folder).as_posix(), storage
