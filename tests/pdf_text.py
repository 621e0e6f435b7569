"""The text of a PDF made by WeasyPrint, for tests: each font's ToUnicode map applied to the shown glyphs."""

import io
import re

import pikepdf


def _cmap(font) -> tuple[dict[int, str], int]:
    """The font's map from codes to text, and how many bytes a code has."""
    if "/ToUnicode" not in font:
        return {}, 1
    data = font.ToUnicode.read_bytes().decode("latin-1")
    mapping: dict[int, str] = {}
    width = 1
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for source, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            width = max(width, len(source) // 2)
            mapping[int(source, 16)] = bytes.fromhex(target).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for start, end, target in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            width = max(width, len(start) // 2)
            first = int.from_bytes(bytes.fromhex(target), "big")
            for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping, width


def _decode(raw: bytes, cmap: tuple[dict[int, str], int]) -> str:
    mapping, width = cmap
    codes = [int.from_bytes(raw[i : i + width], "big") for i in range(0, len(raw), width)]
    return "".join(mapping.get(code, "") for code in codes)


def _text_of(content_owner, resources, out: list[str]) -> None:
    fonts = resources.get("/Font", {})
    cmaps = {name: _cmap(fonts[name]) for name in fonts}
    current = ({}, 1)
    for operands, operator in pikepdf.parse_content_stream(content_owner):
        op = str(operator)
        if op == "Tf":
            current = cmaps.get(str(operands[0]), ({}, 1))
        elif op == "Tj":
            out.append(_decode(bytes(operands[0]), current))
        elif op == "TJ":
            for item in operands[0]:
                if isinstance(item, pikepdf.String):
                    out.append(_decode(bytes(item), current))
                elif float(item) < -200:
                    out.append(" ")
        elif op in ("Td", "TD", "T*", "ET"):
            out.append(" ")
        elif op == "Do":
            xobject = resources.XObject[str(operands[0])]
            if xobject.Subtype == "/Form":
                _text_of(xobject, xobject.get("/Resources", resources), out)


def pdf_text(pdf: bytes) -> str:
    """All text shown on the pages, words separated by single spaces."""
    out: list[str] = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            _text_of(page, page.Resources, out)
    return re.sub(r"\s+", " ", "".join(out))
