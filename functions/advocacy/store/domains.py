"""Which org owns an email domain (or a single allowed address): claim items in the orgs table.

A claim's partition is the domain, not an org (store.domain_model), so that two orgs cannot both hold
it. The org item keeps the same lists (`domains`, `allowed_emails`) for the
invite check's one read; both change together in one transaction, conditioned on the org's `rev` and
on each claim being free or already the org's (decision 85). Only the operator command writes them.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.expressions.condition import Condition

from advocacy.domain.email_domains import domain_of
from advocacy.store.domain_model import DomainClaimModel
from advocacy.store.errors import get_or_none
from advocacy.store.models import OrgModel
from advocacy.store.transactions import Cancelled, writing

DOMAIN_PREFIX = "DOMAIN#"
OWNER = "OWNER"
EMAIL_PREFIX = "EMAIL#"


class Taken(Exception):
    """Another org holds these domains or addresses (nothing was written)."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


class OrgMoved(Exception):
    """The org was changed since it was read (its `rev` moved)."""


def _domain_key(domain: str) -> str:
    return DOMAIN_PREFIX + domain


def _claim(partition: str, sk: str, org_id: str, now: datetime) -> DomainClaimModel:
    return DomainClaimModel(partition, sk, owner=org_id, claimed_at=now.isoformat())


def _free_or_ours(org_id: str) -> Condition:
    return DomainClaimModel.org_id.does_not_exist() | (DomainClaimModel.owner == org_id)


def owner_of(domain: str) -> str | None:
    """The org owning `domain`, or None."""
    claim = get_or_none(DomainClaimModel, _domain_key(domain), OWNER)
    return str(claim.owner) if claim is not None else None


def others_in(domain: str, org_id: str) -> list[str]:
    """Addresses of `domain` allowed to orgs other than `org_id` (an operator's check, not a request's)."""
    query = DomainClaimModel.query(_domain_key(domain), DomainClaimModel.sk.startswith(EMAIL_PREFIX))
    return sorted(item.sk.removeprefix(EMAIL_PREFIX) for item in query if item.owner != org_id)


def set_claims(org: OrgModel, domains: set[str], allowed: set[str], now: datetime) -> None:
    """Make `domains` and `allowed` the org's, releasing those it held and no longer lists. Taken names
    what another org holds; OrgMoved when the org changed meanwhile. `allowed` must lie outside
    `domains` (the caller checks)."""
    held, held_allowed = set(org.domains or ()), set(org.allowed_emails or ())
    org_id = org.org_id
    try:
        with writing() as tx:
            tx.update(
                org,
                actions=[
                    OrgModel.domains.set(domains) if domains else OrgModel.domains.remove(),
                    OrgModel.allowed_emails.set(allowed) if allowed else OrgModel.allowed_emails.remove(),
                    OrgModel.updated_at.set(now),
                    OrgModel.rev.add(1),
                ],
                condition=OrgModel.rev == org.rev,
            )
            for domain in sorted(domains - held):
                tx.save(_claim(_domain_key(domain), OWNER, org_id, now), condition=_free_or_ours(org_id))
            for domain in sorted(held - domains):
                tx.delete(
                    _claim(_domain_key(domain), OWNER, org_id, now),
                    condition=DomainClaimModel.owner == org_id,
                )
            for address in sorted(allowed - held_allowed):
                partition = _domain_key(domain_of(address))
                tx.save(
                    _claim(partition, EMAIL_PREFIX + address, org_id, now), condition=_free_or_ours(org_id)
                )
            # An allowed address's domain must not be another org's (one check per domain).
            for domain in sorted({domain_of(a) for a in allowed - held_allowed} - held):
                tx.condition_check(
                    DomainClaimModel, _domain_key(domain), OWNER, condition=_free_or_ours(org_id)
                )
            for address in sorted(held_allowed - allowed):
                partition = _domain_key(domain_of(address))
                tx.delete(
                    _claim(partition, EMAIL_PREFIX + address, org_id, now),
                    condition=DomainClaimModel.owner == org_id,
                )
    except Cancelled as exc:
        if exc.condition_failed(OrgModel, "ORG"):
            raise OrgMoved() from exc
        taken = sorted(
            {
                f.key["org_id"]["S"].removeprefix(DOMAIN_PREFIX)
                if f.sort_key == OWNER
                else f.sort_key.removeprefix(EMAIL_PREFIX)
                for f in exc.failures
                if f.on(DomainClaimModel, "") and f.sort_key != "ORG"
            }
        )
        if taken:
            raise Taken(taken) from exc
        raise
