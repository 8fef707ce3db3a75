"""Markdown → a flat list of blocks (headings, paragraphs, lists, tables) with line numbers."""

from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from .text import InlineText, clean, flatten_inline, strip_markup

_MD = MarkdownIt("commonmark").enable("table")

# ---------------------------------------------------------------------------------------------
# Blocks: a flat view of the token stream


@dataclass
class Heading:
    level: int
    text: str
    line: int


@dataclass
class Para:
    inline: InlineText
    raw: str
    line: int

    @property
    def text(self) -> str:
        return self.inline.text


@dataclass
class Item:
    number: str  # '' for bullets
    inline: InlineText
    raw: str
    line: int
    depth: int
    extra: list[str] = field(default_factory=list)  # further paragraphs in the same item

    @property
    def text(self) -> str:
        return clean(" ".join([self.inline.text, *self.extra]))


@dataclass
class ListBlock:
    ordered: bool
    markup: str
    items: list[Item]
    line: int


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    line: int


def _line(token) -> int:
    return (token.map[0] + 1) if token.map else 0


def blocks_from_tokens(tokens) -> list:
    blocks: list = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.type == "heading_open":
            inline = tokens[i + 1]
            blocks.append(Heading(int(tok.tag[1]), flatten_inline(inline).text, _line(tok)))
            i += 3
        elif tok.type == "paragraph_open":
            inline = tokens[i + 1]
            blocks.append(Para(flatten_inline(inline), inline.content, _line(tok)))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            i, block = _read_list(tokens, i)
            blocks.append(block)
        elif tok.type == "table_open":
            i, block = _read_table(tokens, i)
            blocks.append(block)
        elif tok.type in ("fence", "code_block", "html_block"):
            text = strip_markup(tok.content)
            if text:
                blocks.append(Para(_plain_inline(text), tok.content, _line(tok)))
            i += 1
        elif tok.type == "blockquote_open":
            i += 1  # its paragraphs follow as ordinary blocks
        else:
            i += 1
    return blocks


def _plain_inline(text: str) -> InlineText:
    from .text import Span

    return InlineText([[Span(text)]], [])


def _read_list(tokens, start: int):
    open_tok = tokens[start]
    block = ListBlock(
        ordered=open_tok.type == "ordered_list_open",
        markup=open_tok.markup,
        items=[],
        line=_line(open_tok),
    )
    depth = 0
    i = start
    current: list[Item | None] = []
    while i < len(tokens):
        tok = tokens[i]
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                return i + 1, block
        elif tok.type == "list_item_open":
            current.append(None)
            number = tok.info if tok.markup in (".", ")") else ""
            new_item = Item(number, InlineText([[]], []), "", _line(tok), depth - 1)
            current[-1] = new_item
            block.items.append(new_item)
        elif tok.type == "list_item_close":
            current.pop()
        elif tok.type == "inline" and current and current[-1] is not None:
            item = current[-1]
            if item.raw:
                item.extra.append(flatten_inline(tok).text)
                item.raw += "\n" + tok.content
            else:
                item.inline = flatten_inline(tok)
                item.raw = tok.content
        i += 1
    return i, block


def _read_table(tokens, start: int):
    header: list[str] = []
    rows: list[list[str]] = []
    row: list[str] | None = None
    in_head = False
    i = start
    line = _line(tokens[start])
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "table_close":
            return i + 1, Table(header, rows, line)
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            if in_head:
                header = row or []
            else:
                rows.append(row or [])
            row = None
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        i += 1
    return i, Table(header, rows, line)
