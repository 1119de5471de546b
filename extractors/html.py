"""A small, safe HTML reader: a tree of elements with stable paths for locators.

Built on the standard library's ``html.parser``: scripts are never run, remote resources
never fetched, and ``<script>``/``<style>`` content is dropped. Each element knows its path
(``html>body>div#contents>div.section[2]>table>tr[3]>td[1]``) so a record read from it can
say exactly where it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Iterator

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
DROP = {"script", "style", "template", "noscript"}
#: elements after which text is separated by a line break
BLOCK = {"p", "div", "tr", "li", "br", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "dt", "dd", "th", "td"}


@dataclass(eq=False)  # identity equality: a tree node compared field by field would recurse through its parent
class Element:
    tag: str
    attrs: dict[str, str]
    parent: "Element | None" = None
    children: list["Element | str"] = field(default_factory=list)
    line: int = 0  #: source line where the element starts

    @property
    def id(self) -> str | None:
        return self.attrs.get("id")

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def step(self) -> str:
        s = self.tag
        if self.id:
            s += f"#{self.id}"
        elif self.classes:
            s += "." + self.classes[0]
        if self.parent is not None:
            same = [c for c in self.parent.children if isinstance(c, Element) and c.tag == self.tag]
            if len(same) > 1:
                s += f"[{same.index(self) + 1}]"
        return s

    @property
    def path(self) -> str:
        steps = []
        node: Element | None = self
        while node is not None and node.tag != "#root":
            steps.append(node.step())
            node = node.parent
        return ">".join(reversed(steps))

    def iter(self, tag: str | None = None) -> Iterator["Element"]:
        for child in self.children:
            if isinstance(child, Element):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def text(self, sep: str = " ") -> str:
        """Visible text, block elements separated by newlines, whitespace collapsed per line."""
        parts: list[str] = []

        def walk(node: Element) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    if child.tag in BLOCK:
                        parts.append("\n")
                    walk(child)
                    if child.tag in BLOCK:
                        parts.append("\n")

        walk(self)
        lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
        return "\n".join(line for line in lines if line) if sep == "\n" else " ".join(" ".join(lines).split())

    def lines(self) -> list[str]:
        return self.text("\n").split("\n") if self.text("\n") else []


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.cur = self.root
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP:
            self.dropping += 1
            return
        if self.dropping:
            return
        el = Element(tag, {k: (v or "") for k, v in attrs}, self.cur, line=self.getpos()[0])
        self.cur.children.append(el)
        if tag not in VOID:
            self.cur = el

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP or self.dropping:
            return
        self.cur.children.append(Element(tag, {k: (v or "") for k, v in attrs}, self.cur, line=self.getpos()[0]))

    def handle_endtag(self, tag: str) -> None:
        if tag in DROP:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping:
            return
        node: Element | None = self.cur
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.cur = node.parent

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.cur.children.append(data)


def parse_html(text: str) -> Element:
    """Parse HTML text into a tree (never raises on malformed markup)."""
    b = _Builder()
    try:
        b.feed(text)
        b.close()
    except Exception:  # noqa: BLE001 - malformed markup: keep what was parsed
        pass
    return b.root
