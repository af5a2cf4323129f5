"""A link's preview, read from its page for the content composer."""

from pydantic import Field

from advocacy.schemas.content import Url
from advocacy.schemas.shapes import Shape, Strict, examples


class PreviewRequest(Strict):
    model_config = examples({"url": "https://acme.example/blog/how-we-ship"})

    url: Url


class LinkPreview(Shape):
    model_config = examples(
        {
            "url": "https://acme.example/blog/how-we-ship",
            "title": "Inside Engineering: how we ship",
            "description": "Small changes, every day, behind flags.",
            "image": "https://acme.example/images/ship.png",
            "site_name": "Acme Blog",
        }
    )

    url: str = Field(description="The page's URL after redirects")
    title: str | None = Field(
        description="Open Graph, else Twitter card, else `<title>`; at most 200 characters"
    )
    description: str | None = Field(
        description="Open Graph, else Twitter card, else meta description; at most 1,000 characters"
    )
    image: str | None = Field(
        description="An absolute http(s) image URL (a relative one resolved against the page)"
    )
    site_name: str | None = Field(
        description="`og:site_name`, else `application-name`; at most 200 characters"
    )
