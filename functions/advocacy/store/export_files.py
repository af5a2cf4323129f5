"""Export files in the exports bucket: S3 multipart uploads, read back through short-lived presigned
URLs."""

from __future__ import annotations

from functools import cache
from typing import Any

from botocore.exceptions import ClientError

from advocacy.store.clients import EXPORT_FILES, client

PRESIGNED_SECONDS = 900


@cache
def _s3() -> Any:
    # SigV4 presigning, which every region accepts (SigV2 URLs are refused in newer regions); a read
    # timeout long enough for S3 to put a large multipart upload together (the exports function has
    # 15 minutes; the api function only presigns, which makes no call).
    return client("s3", EXPORT_FILES, signature_version="s3v4")


def presign(bucket: str, key: str) -> str:
    """A URL that reads the file for 15 minutes."""
    return str(
        _s3().generate_presigned_url(
            "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=PRESIGNED_SECONDS
        )
    )


def start_upload(bucket: str, key: str, filename: str, content_type: str = "text/csv; charset=utf-8") -> str:
    response = _s3().create_multipart_upload(
        Bucket=bucket,
        Key=key,
        ContentType=content_type,
        ContentDisposition=f'attachment; filename="{filename}"',
    )
    return str(response["UploadId"])


def upload_part(bucket: str, key: str, upload_id: str, number: int, body: bytes) -> None:
    """Upload part `number`; uploading the same number again replaces it (a resumed run does)."""
    _s3().upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=body)


def uploaded_parts(bucket: str, key: str, upload_id: str) -> list[dict[str, Any]] | None:
    """Every part of the upload ({PartNumber, ETag, Size}), in order; None if the upload is gone
    (completed, or aborted)."""
    found: list[dict[str, Any]] = []
    try:
        for page in _s3().get_paginator("list_parts").paginate(Bucket=bucket, Key=key, UploadId=upload_id):
            found += page.get("Parts", [])
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "NoSuchUpload":
            return None
        raise
    return sorted(found, key=lambda p: int(p["PartNumber"]))


def complete_upload(bucket: str, key: str, upload_id: str, parts: list[dict[str, Any]]) -> None:
    _s3().complete_multipart_upload(
        Bucket=bucket,
        Key=key,
        UploadId=upload_id,
        MultipartUpload={"Parts": [{"PartNumber": p["PartNumber"], "ETag": p["ETag"]} for p in parts]},
    )


def abort_upload(bucket: str, key: str, upload_id: str) -> None:
    try:
        _s3().abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "NoSuchUpload":
            raise


def file_size(bucket: str, key: str) -> int | None:
    """The stored file's size, or None if there is none."""
    try:
        return int(_s3().head_object(Bucket=bucket, Key=key)["ContentLength"])
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return None
        raise
