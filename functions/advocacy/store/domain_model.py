"""The orgs table's email-domain claims: which org owns a domain, or one address outside its domains.

The partition is the domain (`DOMAIN#<domain>`), not an org, so that two orgs cannot both hold it:
`sk = OWNER` for the domain, `sk = EMAIL#<address>` for a single address allowed to an org (decision 85).
"""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from advocacy.store.base import InOrgs


class DomainClaimModel(InOrgs):
    """One domain (or one address of it) and the org that owns it: `org_id` is `DOMAIN#<domain>`,
    `sk` is `OWNER` or `EMAIL#<address>`."""

    class Meta(InOrgs.Meta):
        abstract = False

    owner = UnicodeAttribute()  # the org id
    claimed_at = UnicodeAttribute()
