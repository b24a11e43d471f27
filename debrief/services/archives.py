"""Zip archives people upload (an .xlsx workbook, a .docx or .odt document): whether one unpacks
to far more than it holds (a "zip bomb") and whether it carries macros, judged from its table of
contents before anything in it is read."""

import zipfile

# A workbook's or a document's parts, unpacked: far above any real one, far below what hurts.
MAX_UNPACKED = 50 * 1024 * 1024
MAX_PARTS = 1_000
# Office XML compresses at most ~20:1; a zip bomb at thousands to one.
MAX_RATIO = 100


def unpacks_too_far(archive: zipfile.ZipFile) -> bool:
    parts = archive.infolist()
    return (
        len(parts) > MAX_PARTS
        or sum(part.file_size for part in parts) > MAX_UNPACKED
        or any(
            part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1)
            for part in parts
        )
    )


def has_macros(archive: zipfile.ZipFile) -> bool:
    return any(name.lower().endswith("vbaproject.bin") for name in archive.namelist())
