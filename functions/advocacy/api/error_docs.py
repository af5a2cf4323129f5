"""The error answers a route's documentation lists, as `(status, code, cause)`, and the causes that
routes share (`api.docs.rules` turns them into the description's Errors line)."""

# An error answer: (status, code, what causes it; "" to say nothing more).
Error = tuple[int, str, str]

# Causes routes share.
MALFORMED_ID = "a malformed id"
FOREIGN_CURSOR = "a `cursor` this list did not give"
A_FIELD = "a field"
BAD_RANGE = "a range out of order or over 366 days"
CONCURRENT_CHANGE = "a concurrent change: retry"


def not_found(cause: str) -> Error:
    return (404, "not_found", cause)


def conflict(cause: str, code: str = "conflict") -> Error:
    return (409, code, cause)


def invalid(*causes: str) -> Error:
    return (422, "validation_error", ", ".join(causes))


BAD_ID = invalid(MALFORMED_ID)
BAD_CURSOR = invalid(FOREIGN_CURSOR)
