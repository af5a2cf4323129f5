"""Export files: the rows come from the shares table; big files go to the exports bucket (S3), read
back through short-lived presigned URLs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from advocacy.store.identity import BOTO_CONFIG
from advocacy.store.models import ContentModel, MemberModel, ShareModel

PRESIGNED_SECONDS = 900


@cache
def _s3() -> Any:
    # SigV4 presigning, which every region accepts (SigV2 URLs are refused in newer regions).
    return boto3.client("s3", config=BOTO_CONFIG.merge(Config(signature_version="s3v4")))


def shares_between(org_id: str, start: datetime, end: datetime) -> Iterator[ShareModel]:
    """Every share of the org made in [start, end) (an export reads them all, page by page)."""
    return ShareModel.query(
        org_id, filter_condition=ShareModel.created_at.between(start, end) & (ShareModel.created_at < end)
    )


def names(org_id: str, member_ids: Iterable[str]) -> dict[str, MemberModel]:
    return {m.member_id: m for m in MemberModel.batch_get([(org_id, m) for m in set(member_ids)])}


def titles(org_id: str, content_ids: Iterable[str]) -> dict[str, str]:
    return {c.content_id: c.title for c in ContentModel.batch_get([(org_id, c) for c in set(content_ids)])}


def store(bucket: str, key: str, body: bytes) -> str:
    """Write the file and return a presigned URL valid for 15 minutes."""
    _s3().put_object(Bucket=bucket, Key=key, Body=body, ContentType="text/csv; charset=utf-8")
    return str(
        _s3().generate_presigned_url(
            "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=PRESIGNED_SECONDS
        )
    )
