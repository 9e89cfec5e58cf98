"""Uploaded bank files: one size limit for the API and the browser, never a truncated file.

Why: reading ``limit + 1`` bytes and parsing them imported a file cut at the
limit (its last amount truncated) with 201. Starlette spools an upload to a
temporary file on disk (beyond 1 MiB); here the whole spooled size is
measured before anything is read into memory, and a file over the limit is
refused with 413, never parsed.

Setting: ``ASIENTO_MAX_UPLOAD_MB`` (megabytes of 10^6 bytes, default 256).
"""

from __future__ import annotations

import hashlib
import os
from typing import BinaryIO, Final

from fastapi import UploadFile

from asiento.domain.errors import UploadTooLarge

DEFAULT_MAX_UPLOAD_MB: Final = 256


def max_upload_bytes() -> int:
    """The configured upload limit in bytes (``ASIENTO_MAX_UPLOAD_MB``)."""
    raw = os.environ.get("ASIENTO_MAX_UPLOAD_MB", "").strip()
    megabytes = int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_UPLOAD_MB
    return megabytes * 1_000_000


def upload_file(upload: UploadFile, limit: int | None = None) -> BinaryIO:
    """The uploaded file itself (spooled by the server), at its start, within the limit.

    For a bank file, which the import reads a chunk at a time: a large upload
    is never held in memory whole.

    Raises:
        UploadTooLarge: the file is larger than ``limit`` (default: the setting).
    """
    limit = max_upload_bytes() if limit is None else limit
    spooled = upload.file
    spooled.seek(0, os.SEEK_END)
    size = spooled.tell()
    spooled.seek(0)
    if size > limit:
        raise UploadTooLarge(
            f"the file is {size:,} bytes; the limit is {limit:,} bytes (ASIENTO_MAX_UPLOAD_MB)",
            field="file",
        )
    return spooled


def sha256_of(file: BinaryIO) -> str:
    """The SHA-256 of a whole file, read a chunk at a time; position back at 0."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def read_upload(upload: UploadFile, limit: int | None = None) -> bytes:
    """The whole uploaded file, or ``UploadTooLarge`` when it exceeds the limit.

    Raises:
        UploadTooLarge: the file is larger than ``limit`` (default: the setting).
    """
    limit = max_upload_bytes() if limit is None else limit
    spooled = upload.file
    spooled.seek(0, os.SEEK_END)
    size = spooled.tell()
    spooled.seek(0)
    if size > limit:
        raise UploadTooLarge(
            f"the file is {size:,} bytes; the limit is {limit:,} bytes (ASIENTO_MAX_UPLOAD_MB)",
            field="file",
        )
    content = spooled.read()
    if len(content) != size:
        raise UploadTooLarge(f"the upload was cut at {len(content):,} bytes", field="file")
    return content
