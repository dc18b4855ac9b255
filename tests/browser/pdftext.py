"""The text of each page of a PDF that Chromium printed, without a PDF library.

Neither pypdf nor poppler's pdftotext is installed, so the print tests read Chromium's (Skia's)
PDFs themselves: uncompressed object table, Flate-compressed content streams, Type0 fonts with
a ToUnicode CMap, text drawn with Tj/TJ. That is all Skia writes for text; anything else
(another producer, object streams) raises rather than returning a wrong answer.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
REF = rb"(\d+) 0 R"


class PdfObject:
    def __init__(self, head: bytes, stream: bytes | None):
        self.head = head
        self.stream = stream

    def data(self) -> bytes:
        assert self.stream is not None
        if b"/FlateDecode" in self.head:
            return zlib.decompress(self.stream)
        if b"/Filter" in self.head:
            raise ValueError("unsupported stream filter")
        return self.stream


def _objects(raw: bytes) -> dict[int, PdfObject]:
    if b"/ObjStm" in raw:
        raise ValueError("object streams are not supported")
    found = {}
    for match in OBJECT.finditer(raw):
        body = match.group(2)
        stream = None
        if b"stream" in body:
            head, _, rest = body.partition(b"stream")
            rest = rest[2:] if rest.startswith(b"\r\n") else rest[1:]
            stream = rest.rsplit(b"endstream", 1)[0]
            length = re.search(rb"/Length (\d+)(?! 0 R)", head)
            if length:
                stream = stream[: int(length.group(1))]
            body = head
        found[int(match.group(1))] = PdfObject(body, stream)
    return found


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int.from_bytes(bytes.fromhex(dst.decode()), "big")
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _dict_entry(head: bytes, objects: dict[int, PdfObject], key: bytes) -> bytes:
    """The value of /Key in a dictionary, following one indirect reference."""
    match = re.search(rb"/" + key + rb"\s*" + REF, head)
    if match:
        return objects[int(match.group(1))].head
    match = re.search(rb"/" + key + rb"\s*<<", head)
    if not match:
        return b""
    depth, start = 1, match.end()
    index = start
    while index < len(head) - 1:
        pair = head[index : index + 2]
        if pair in (b"<<", b">>"):
            depth += 1 if pair == b"<<" else -1
            if depth == 0:
                return head[start:index]
            index += 2
        else:
            index += 1
    raise ValueError("unbalanced dictionary")


def _fonts(page_head: bytes, objects: dict[int, PdfObject]) -> dict[bytes, dict[int, str]]:
    resources = _dict_entry(page_head, objects, b"Resources")
    fonts = _dict_entry(resources, objects, b"Font")
    mapped = {}
    for name, ref in re.findall(rb"/(\w+)\s*" + REF, fonts):
        font = objects[int(ref)].head
        to_unicode = re.search(rb"/ToUnicode\s*" + REF, font)
        mapped[name] = _cmap(objects[int(to_unicode.group(1))].data()) if to_unicode else {}
    return mapped


def _decode(hex_or_literal: bytes, cmap: dict[int, str]) -> str:
    if hex_or_literal.startswith(b"<"):
        codes = bytes.fromhex(hex_or_literal[1:-1].decode())
        width = 2 if len(cmap) == 0 or max(cmap) > 255 else 1
        return "".join(
            cmap.get(int.from_bytes(codes[i : i + width], "big"), "")
            for i in range(0, len(codes), width)
        )
    return hex_or_literal[1:-1].decode("latin-1")


TOKENS = re.compile(
    rb"/(\w+)\s+[\d.]+\s+Tf|\[(.*?)\]\s*TJ|(<[0-9A-Fa-f]*>|\(.*?(?<!\\)\))\s*Tj|(ET|T\*)\b", re.S
)


def _page_text(content: bytes, fonts: dict[bytes, dict[int, str]]) -> str:
    cmap: dict[int, str] = {}
    out: list[str] = []
    for font, array, single, move in TOKENS.findall(content):
        if font:
            cmap = fonts.get(font, {})
        elif array:
            for piece in re.findall(rb"<[0-9A-Fa-f]*>|\(.*?(?<!\\)\)|-?[\d.]+", array):
                if piece[:1] in b"<(":
                    out.append(_decode(piece, cmap))
                elif float(piece) < -200:
                    out.append(" ")
        elif single:
            out.append(_decode(single, cmap))
        elif move:
            out.append(" ")
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _page_order(objects: dict[int, PdfObject]) -> list[int]:
    catalog = next(o for o in objects.values() if re.search(rb"/Type\s*/Catalog", o.head))
    root = int(re.search(rb"/Pages\s*" + REF, catalog.head).group(1))

    def walk(number: int) -> list[int]:
        head = objects[number].head
        if re.search(rb"/Type\s*/Page\b(?!s)", head):
            return [number]
        kids = re.search(rb"/Kids\s*\[(.*?)\]", head, re.S).group(1)
        return [page for kid in re.findall(REF, kids) for page in walk(int(kid))]

    return walk(root)


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, in order, whitespace collapsed to single spaces."""
    objects = _objects(Path(path).read_bytes())
    pages = []
    for number in _page_order(objects):
        head = objects[number].head
        contents = re.search(rb"/Contents\s*(?:\[(.*?)\]|" + REF + rb")", head, re.S)
        refs = re.findall(REF, contents.group(1)) if contents.group(1) else [contents.group(2)]
        content = b"\n".join(objects[int(r)].data() for r in refs)
        pages.append(_page_text(content, _fonts(head, objects)))
    return pages
