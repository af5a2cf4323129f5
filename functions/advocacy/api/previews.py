"""Link previews for the content composer (manager): a page's title, description, image and site
name. A POST because it takes a URL in a body, but it writes nothing, so it takes no Idempotency-Key."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from advocacy import schemas
from advocacy.api.deps import current_caller
from advocacy.api.docs import WRITES_NOTHING, Router, keyless, rules
from advocacy.api.error_docs import invalid
from advocacy.api.views import answer
from advocacy.domain.roles import Role
from advocacy.services import previews

router = Router("content")


@router.post(
    "/content/preview",
    operation_id="previewContent",
    summary="Preview a link",
    **keyless(
        rules(
            Role.MANAGER,
            "Reads the page at `url` and answers its title, description, image and site name: Open Graph "
            "first, then the Twitter card, then the HTML `<title>` and meta description, so the composer "
            "can fill a new piece of content. Only public http(s) addresses are fetched (every address "
            "the host resolves to, on every redirect, at most 3), within 3 seconds and 1 MB, HTML only.",
            limits="`url` absolute http(s), at most 2,048 characters",
            idempotency=WRITES_NOTHING,
            errors=[
                invalid(
                    "a `url` the fetch refuses (a private, loopback or link-local address, too many "
                    "redirects, not an HTML page)",
                    "a `url` that gives no page (no answer in time, over 1 MB, a 4xx or 5xx)",
                )
            ],
        )
    ),
)
def preview_content(body: Annotated[schemas.previews.PreviewRequest, Body()]) -> schemas.previews.LinkPreview:
    current_caller(router)
    found = previews.preview(body.url)
    return answer(schemas.previews.LinkPreview, found.preview, url=found.url)
