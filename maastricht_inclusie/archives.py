"""Zip-based documents (DOCX, XLSX, ODT) that unpack to far more than they hold are refused before use.

A 1 MB document can unpack to gigabytes (a zip bomb) and take down whoever opens it — a policy officer's
office suite, or a server-side parser. The sizes are read from the archive's directory; nothing is unpacked.
"""

import zipfile


class ArchiveRefused(ValueError):
    pass


def check_unpacked_size(file, *, max_unpacked_bytes: int, max_compression_ratio: float) -> None:
    """Raise ArchiveRefused for a broken archive, or one that unpacks to more than the limits allow.

    `file` is a path or a seekable file object; its position is put back where it was.
    """
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveRefused("not a valid archive") from error
    finally:
        if position is not None:
            file.seek(position)
    unpacked = sum(member.file_size for member in members)
    packed = max(1, sum(member.compress_size for member in members))
    if unpacked > max_unpacked_bytes or unpacked / packed > max_compression_ratio:
        raise ArchiveRefused("unpacks to far more than it holds")
