"""The social networks a share can go to, and the message limits each one imposes."""

from __future__ import annotations

from typing import Literal, get_args

Network = Literal["linkedin", "x", "facebook", "email"]
NETWORKS: tuple[str, ...] = get_args(Network)

# Longest message each network accepts. X's 280 is a weighted count (see `content.x_length`);
# the others are plain character counts (email's is ours: it matches the API's `body` limit).
MESSAGE_LIMITS: dict[str, int] = {
    "x": 280,
    "linkedin": 3000,
    "facebook": 63206,
    "email": 20000,
}

# X wraps every link in t.co and counts it as 23 characters, whatever its real length.
X_LINK_LENGTH = 23
