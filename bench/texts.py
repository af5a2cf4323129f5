"""The texts the benchmarks give their content."""

from __future__ import annotations

from typing import Any

# What a piece of content carries in practice: a body and a suggested text per network of typical
# lengths (a share without its own words carries its network's). Write units follow item sizes, so
# the seeded items are the size real ones are.
_LINKEDIN = (
    "We have just opened our new engineering hub in Milan, and we are hiring across platform, data and "
    "product teams. It is a bright space next to the station, with room for 200 people and a lab for "
    "hardware prototypes. If you know someone who loves building reliable systems and wants to work on "
    "problems that reach millions of customers, send them this link: the roles are open now, interviews "
    "are remote-first, and relocation support is part of every offer. Proud of what this team has built "
    "so far, and even more excited about what comes next. #hiring #engineering #milan"
)
TEXTS: dict[str, Any] = {
    "body": "Our new engineering hub in Milan opens this month, with roles open across platform, data and "
    "product. Read about the space, the teams and how to apply.",
    "messages": {
        "linkedin": _LINKEDIN,
        "x": "Our Milan engineering hub is open and we are hiring across platform, data and product. "
        "Remote-first interviews, relocation support. Come build with us! #hiring",
        "facebook": "Big news: our new engineering hub in Milan is open! We are hiring across platform, data "
        "and product teams, with remote-first interviews and relocation support. Know someone who "
        "should see this? Share it with them.",
    },
}
