"""The orgs table's email-domain claims: which org owns a domain, or one address outside its domains.

The partition is the domain (`DOMAIN#<domain>`), not an org, so that two orgs cannot both hold it:
`sk = OWNER` for the domain, `sk = EMAIL#<address>` for a single address allowed to an org (decision 85).
"""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from advocacy.store.base import Base


class DomainClaimModel(Base):
    """One domain (or one address of it) and the org that owns it."""

    class Meta(Base.Meta):
        table_name = "advocacy-orgs"

    org_id = UnicodeAttribute(hash_key=True)  # DOMAIN#<domain> (the orgs table's partition key)
    sk = UnicodeAttribute(range_key=True)  # OWNER | EMAIL#<address>
    owner = UnicodeAttribute()  # the org id
    claimed_at = UnicodeAttribute()
