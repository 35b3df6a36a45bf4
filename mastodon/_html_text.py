"""The plain text of status HTML, as filters match it.

A module of its own so that ``html.parser`` (with the regular expressions it compiles) is
imported when a filter first reads a status, not with the client.
"""

from html.parser import HTMLParser


class _TextExtractor(HTMLParser):
    """Plain text of status HTML: tags dropped, entities decoded, line breaks and
    paragraph ends kept as whitespace so that words on either side stay apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text of ``html``, tags dropped and entities decoded."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return "".join(extractor.parts)
