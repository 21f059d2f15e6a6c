"""Clean stage, HTML input: strip tags with the stdlib, block elements become line breaks."""

from __future__ import annotations

from html.parser import HTMLParser

BLOCK = frozenset("""address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4
h5 h6 header hr li main nav ol p pre section table td th tr ul""".split())
SKIP = frozenset("script style noscript template head title iframe svg".split())


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in SKIP:
            self.skipping += 1
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # Source line breaks inside a block are layout, not paragraphs.
            self.parts.append(data.replace("\r", " ").replace("\n", " "))


def html_to_text(html: str) -> str:
    """Return the visible text of an HTML page, one block element per line."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
