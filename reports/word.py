"""The only module that imports python-docx.

The Word copy of a printed document is made from the same HTML parts as its
PDF (what the document kind gives), so the two cannot say different things:
each part becomes a Word section (the report portrait, each annex
landscape and numbered from 1 again, as in the PDF), the header block and
the signature block become borderless tables, annex tables real Word
tables whose header rows repeat on every page and whose total rows are
bold. The markup it reads is the app's own (reports/pdf/*.html and the
meeting documents): a class it does not know prints as plain paragraphs.

Charts are left out: Word cannot show the SVG the PDF draws, and every
charted figure is in the text or an annex table beside it.
"""

import io
import re
from dataclasses import dataclass, replace

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree
from lxml import html as lxml_html

FONT = "Times New Roman"
SPACES = re.compile(r"[ \t\n\r\f]+")
LANDSCAPE = re.compile(r"@page\s*\{\s*size:\s*A4 landscape")
TWIPS_PER_MM = 56.7

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


@dataclass(frozen=True)
class Look:
    """How one line prints: the CSS of _style.html, said once for Word."""

    align: str = "justify"
    bold: bool = False
    italic: bool = False
    underline: bool = False
    upper: bool = False
    size: float | None = None
    indent: bool = False  # the 1.27 cm first-line indent of body text
    before: float = 0
    after: float = 0


BODY = Look(indent=True, after=6)
LINES = {
    "doc-type": Look(align="center", bold=True, size=16, before=18),
    "subject": Look(align="center", bold=True, size=14, before=2),
    "subject-rule": Look(align="center", after=12),
    "annex-no": Look(align="right", bold=True, size=13),
    "annex-title": Look(align="center", bold=True, upper=True, size=13, before=4),
    "annex-ref": Look(align="center", italic=True, size=12, after=8),
    # the header block
    "parent": Look(align="center", upper=True),
    "issuer": Look(align="center", bold=True, upper=True),
    "star": Look(align="center"),
    "number": Look(align="center", before=2),
    "dateline": Look(align="center", italic=True, size=14, before=10),
    # the signature block and the distribution list
    "authority": Look(align="center", bold=True, upper=True),
    "signer-title": Look(align="center", bold=True, upper=True),
    # room for the signature and the seal, as in the PDF
    "signer-name": Look(align="center", bold=True, before=Mm(30).pt),
    "title": Look(align="left", italic=True, bold=True),
}
HEADINGS = {"h2": ("Heading 1", False, 10, 6), "h3": ("Heading 2", False, 8, 4), "h4": ("Heading 3", True, 6, 4)}


# What may follow an element in its parent (the schema's order, which Word
# insists on).
SECTION_AFTER_NUMBERING = (
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
)
TABLE_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def _insert(parent, tag: str, successors: tuple[str, ...]):
    """A new child `tag` placed before the first of its successors."""
    child = etree.Element(qn(tag))
    for name in successors:
        after = parent.find(qn(name))
        if after is not None:
            after.addprevious(child)
            return child
    parent.append(child)
    return child


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _fonts(r_pr) -> None:
    """Times New Roman named for every script, no theme font over it."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = etree.Element(qn("w:rFonts"))
        r_pr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), FONT)


def _styles(document, profile) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(r_pr)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(r_pr, qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(profile.body_pt)
    _fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.1
    for style_name, italic, before, after in HEADINGS.values():
        style = document.styles[style_name]
        style.font.name = FONT
        style.font.size = Pt(profile.body_pt)
        style.font.bold = True
        style.font.italic = italic
        style.font.color.rgb = None
        _fonts(style.element.get_or_add_rPr())
        color = style.element.rPr.find(qn("w:color"))
        if color is not None:
            style.element.rPr.remove(color)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.first_line_indent = Mm(12.7)
        fmt.keep_with_next = True


def _page(section, profile, *, landscape: bool, first: bool) -> None:
    top, bottom, left, right = profile.margins_mm
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(10)
    # Numbered from the second page, from 1 again in every part (as the PDF).
    section.different_first_page_header_footer = True
    if not first:
        section.header.is_linked_to_previous = False
        section.first_page_header.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(header)
    sect_pr = section._sectPr
    numbering = sect_pr.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = _insert(sect_pr, "w:pgNumType", SECTION_AFTER_NUMBERING)
    numbering.set(qn("w:start"), "1")


def _page_field(paragraph) -> None:
    """A PAGE field: begin, the instruction, separate, a shown value, end."""

    def run():
        r = paragraph.add_run()
        r.font.size = Pt(14)
        return r._r

    def char(kind):
        etree.SubElement(run(), qn("w:fldChar")).set(qn("w:fldCharType"), kind)

    char("begin")
    instr = etree.SubElement(run(), qn("w:instrText"))
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    char("separate")
    etree.SubElement(run(), qn("w:t")).text = "1"
    char("end")


def segments(el, *, bold=False, italic=False, underline=False, pre=False):
    """The inline text of an element as (text, bold, italic, underline)
    pieces, whitespace collapsed as a browser would (kept as line breaks in
    a narrative, which prints with white-space: pre-line); "\\n" is a break."""

    def text(value):
        if not value:
            return
        if pre:
            lines = value.split("\n")
            for index, line in enumerate(lines):
                if index:
                    yield ("\n", False, False, False)
                line = SPACES.sub(" ", line)
                if line:
                    yield (line, bold, italic, underline)
        else:
            yield (SPACES.sub(" ", value), bold, italic, underline)

    yield from text(el.text)
    for child in el:
        if isinstance(child, etree._Comment):
            yield from text(child.tail)
            continue
        tag = child.tag
        if tag == "br":
            yield ("\n", False, False, False)
        elif tag in ("style", "script", "svg"):
            pass
        else:
            yield from segments(
                child,
                bold=bold or tag in ("b", "strong"),
                italic=italic or tag in ("i", "em"),
                underline=underline or tag == "u",
                pre=pre,
            )
        yield from text(child.tail)


def _trimmed(pieces) -> list:
    """Drops the spaces a line starts or ends with, and around breaks."""
    pieces = [list(p) for p in pieces if p[0]]
    for index, piece in enumerate(pieces):
        if piece[0] == "\n":
            continue
        if index == 0 or pieces[index - 1][0] == "\n":
            piece[0] = piece[0].lstrip(" ")
        if index == len(pieces) - 1 or pieces[index + 1][0] == "\n":
            piece[0] = piece[0].rstrip(" ")
    return [p for p in pieces if p[0]]


def _paragraph(container, pieces, look: Look, *, style=None):
    paragraph = container.add_paragraph(style=style)
    fmt = paragraph.paragraph_format
    if style is None:
        paragraph.alignment = ALIGN[look.align]
        fmt.space_before, fmt.space_after = Pt(look.before), Pt(look.after)
        if look.indent:
            fmt.first_line_indent = Mm(12.7)
    for text, bold, italic, underline in _trimmed(pieces):
        run = paragraph.add_run()
        if text == "\n":
            run.add_break()
            continue
        run.text = text.upper() if look.upper else text
        run.bold = True if (bold or look.bold) else None
        run.italic = True if (italic or look.italic) else None
        run.underline = True if (underline or look.underline) else None
        if look.size:
            run.font.size = Pt(look.size)
    return paragraph


def _style_align(el) -> str | None:
    match = re.search(r"text-align:\s*(left|right|center|justify)", el.get("style") or "")
    return match.group(1) if match else None


class Writer:
    def __init__(self, profile):
        self.profile = profile
        self.document = Document()
        _styles(self.document, profile)
        self.landscape = False
        self.last_table = None

    # ---- parts and sections -------------------------------------------------
    def part(self, html: str, *, first: bool, continues: bool = False) -> None:
        root = lxml_html.document_fromstring(html)
        body = root.find("body")
        if body is None:
            return
        if continues and self.last_table is not None:
            # a register chunk: its rows go on in the table the first began
            for table in body.iter("table"):
                if "data" in _classes(table):
                    self.rows(self.last_table, table)
            return
        landscape = bool(LANDSCAPE.search(html))
        if first:
            section = self.document.sections[0]
        else:
            section = self.document.add_section(WD_SECTION.NEW_PAGE)
        self.landscape = landscape
        _page(section, self.profile, landscape=landscape, first=first)
        if first:
            title = root.find("head/title")
            if title is not None and title.text:
                self.document.core_properties.title = SPACES.sub(" ", title.text).strip()
            self.document.core_properties.language = "vi-VN"
        self.blocks(self.document, body)

    @property
    def text_width_mm(self) -> float:
        top, bottom, left, right = self.profile.margins_mm
        return (297 if self.landscape else 210) - left - right

    # ---- blocks ------------------------------------------------------------
    def blocks(self, container, el) -> None:
        """Block children of `el`; loose text between them is a paragraph."""
        loose = list(segments_of_text(el.text))
        for child in el:
            if isinstance(child, etree._Comment):
                loose += segments_of_text(child.tail)
                continue
            if child.tag in ("b", "strong", "i", "em", "span", "u", "a", "br"):
                # inline content directly in a block: gathered into one line
                wrapper = etree.Element("span")
                wrapper.append(_copy(child))
                loose += list(segments(wrapper))
                loose += segments_of_text(child.tail)
                continue
            self.flush(container, loose, el)
            loose = []
            self.block(container, child)
            loose += segments_of_text(child.tail)
        self.flush(container, loose, el)

    def flush(self, container, pieces, el) -> None:
        if any(p[0].strip() for p in pieces):
            look = LINES.get(next(iter(_classes(el) & LINES.keys()), ""), BODY)
            _paragraph(container, pieces, look)

    def block(self, container, el) -> None:
        tag, classes = el.tag, _classes(el)
        if tag in ("style", "script", "title", "head", "svg", "figure") or "chart" in classes:
            return
        if tag == "table":
            if "letterhead" in classes:
                self.letterhead(el)
            elif "closing" in classes:
                self.closing(el)
            else:
                self.last_table = self.table(container, el)
            return
        if tag in HEADINGS:
            _paragraph(container, segments(el), BODY, style=HEADINGS[tag][0])
            return
        if tag == "p":
            look = BODY
            align = _style_align(el)
            if align:
                look = replace(look, align=align, indent=align == "justify")
            if "margin-top" in (el.get("style") or ""):
                look = replace(look, before=10)
            pre = el.getparent() is not None and "narrative" in _classes(el.getparent())
            _paragraph(container, segments(el, pre=pre), look)
            return
        line = classes & LINES.keys()
        if line and not any(child.tag in ("div", "p", "table") for child in el):
            _paragraph(container, segments(el), LINES[next(iter(line))])
            return
        self.blocks(container, el)

    # ---- the header block and the signature block ---------------------------
    def _frame(self, columns: int, widths_mm: list[float]):
        table = self.document.add_table(rows=1, cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _borders(table._tbl, "none")
        for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
            cell.width = Mm(width)
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        return table

    def letterhead(self, el) -> None:
        cells = el.findall(".//td")
        width = self.text_width_mm
        left = width * (0.38 if self.profile.code == "state" else 0.45)
        table = self._frame(len(cells), [left, width - left][: len(cells)])
        for cell_el, cell in zip(cells, table.rows[0].cells, strict=True):
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            for line in cell_el:
                if line.tag != "div":
                    continue
                look = LINES.get(next(iter(_classes(line) & LINES.keys()), ""), Look(align="center"))
                spans = line.findall("span")
                if spans:
                    span = spans[0]
                    national = "national" in _classes(span)
                    look = Look(
                        align="center",
                        bold=True,
                        upper=national,
                        underline=True,
                        size=self.profile.national_pt if national else None,
                    )
                    _paragraph(cell, segments(span), look)
                else:
                    if look.size is None and "dateline" not in _classes(line):
                        look = replace(look, size=self.profile.body_header_pt)
                    _paragraph(cell, segments(line), look)

    def closing(self, el) -> None:
        self.document.add_paragraph().paragraph_format.space_before = Pt(6)  # the PDF's 18 pt above it
        cells = el.findall(".//td")
        width = self.text_width_mm
        if len(cells) == 2 and "recipients" in _classes(cells[0]):
            widths = [width * 0.5, width * 0.5]
        else:
            widths = [width / len(cells)] * len(cells)
        table = self._frame(len(cells), widths)
        table.rows[0]._tr.get_or_add_trPr().append(etree.Element(qn("w:cantSplit")))
        for cell_el, cell in zip(cells, table.rows[0].cells, strict=True):
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            recipients = "recipients" in _classes(cell_el)
            for line in cell_el:
                if line.tag != "div":
                    continue
                classes = _classes(line)
                if recipients:
                    size = self.profile.distribution_pt
                    if "title" in classes:
                        party = self.profile.code == "party"
                        look = Look(
                            align="left", bold=not party, italic=not party, underline=party, size=14 if party else 12
                        )
                    else:
                        look = Look(align="left", size=size)
                else:
                    look = LINES.get(next(iter(classes & LINES.keys()), ""), Look(align="center"))
                _paragraph(cell, segments(line), look)
            if not cell.paragraphs:
                cell.add_paragraph()

    # ---- data tables ---------------------------------------------------------
    def table(self, container, el):
        head = [tr for tr in el.iter("tr") if tr.getparent().tag == "thead"]
        body = [tr for tr in el.iter("tr") if tr.getparent().tag != "thead"]
        columns = max((sum(int(td.get("colspan") or 1) for td in tr) for tr in head + body), default=1)
        table = container.add_table(rows=0, cols=columns)
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid = Grid(table._tbl, self.widths(el, head + body[:300], columns), 10 if "register" in _classes(el) else 11)
        _borders(grid.tbl, "single")
        margins = _insert(grid.tbl.tblPr, "w:tblCellMar", ("w:tblLook", "w:tblCaption", "w:tblDescription"))
        for side in ("left", "right"):  # the PDF's 4 pt, so a date fits its column
            edge = etree.SubElement(margins, qn(f"w:{side}"))
            edge.attrib.update({qn("w:w"): "70", qn("w:type"): "dxa"})
        for grid_col, width in zip(grid.tbl.tblGrid.findall(qn("w:gridCol")), grid.widths, strict=True):
            grid_col.set(qn("w:w"), str(width))
        for tr in head:
            _row(grid, tr, header=True)
        for tr in body:
            _row(grid, tr, header=False)
        return grid

    def rows(self, grid, el) -> None:
        """A continued table's body rows (its header is already there)."""
        for tr in el.iter("tr"):
            if tr.getparent().tag != "thead":
                _row(grid, tr, header=False)

    def widths(self, el, sample, columns: int) -> list[int]:
        """Twips per column: the widths the markup gives (a register's
        colgroup), else shares by the longest text of each column, with the
        order column (TT) narrow; always the full text width."""
        total = self.text_width_mm * TWIPS_PER_MM
        given = []
        for col in el.iter("col"):
            match = re.search(r"width:\s*([\d.]+)mm", col.get("style") or "")
            given.append(float(match.group(1)) if match else 0)
        longest = [4.0] * columns
        token = [2] * columns  # the longest word of each column, which must fit on one line
        for tr in sample:
            index = 0
            for td in tr:
                span = int(td.get("colspan") or 1)
                if span == 1 and index < columns:
                    words = SPACES.sub(" ", td.text_content()).strip()
                    length = min(max(len(words), 4), 40) if "tt" not in _classes(td) else 3
                    if td.tag == "th":
                        length = min(length, 14)
                    longest[index] = max(longest[index], length)
                    token[index] = max([token[index], *(min(len(w), 16) for w in words.split())])
                index += span
        shares = given if len(given) == columns and all(given) else longest
        widths = [share * total / sum(shares) for share in shares]
        # about 2 mm a character at 10–11 pt, and the cell's margins
        need = [max(t * 2.0 + 4, 9) * TWIPS_PER_MM for t in token]
        short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
        spare = sum(max(0.0, w - n) for n, w in zip(need, widths, strict=True))
        if short and spare > short:
            widths = [n if w < n else w - (w - n) * short / spare for n, w in zip(need, widths, strict=True)]
        return [int(w) for w in widths]


def segments_of_text(value):
    if value and value.strip():
        yield (SPACES.sub(" ", value), False, False, False)


def _copy(el):
    copy = lxml_html.fragment_fromstring(etree.tostring(el, encoding="unicode", with_tail=False))
    return copy


def _borders(tbl, kind: str) -> None:
    borders = _insert(tbl.tblPr, "w:tblBorders", TABLE_AFTER_BORDERS)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = etree.SubElement(borders, qn(f"w:{side}"))
        edge.set(qn("w:val"), kind)
        if kind != "none":
            edge.set(qn("w:sz"), "4")
            edge.set(qn("w:color"), "000000")


@dataclass
class Grid:
    tbl: object
    widths: list[int]
    size: float

    @property
    def half_points(self) -> str:
        return str(int(self.size * 2))


def _row(grid: Grid, tr, *, header: bool) -> None:
    """One table row written as XML directly: a 10,000-row register would
    take minutes through python-docx's cell objects."""
    row = etree.SubElement(grid.tbl, qn("w:tr"))
    tr_pr = etree.SubElement(row, qn("w:trPr"))
    etree.SubElement(tr_pr, qn("w:cantSplit"))
    if header:
        etree.SubElement(tr_pr, qn("w:tblHeader"))  # repeated on every page
    total = "total" in _classes(tr)
    index = 0
    for td in tr:
        if td.tag not in ("td", "th"):
            continue
        span = int(td.get("colspan") or 1)
        cell = etree.SubElement(row, qn("w:tc"))
        tc_pr = etree.SubElement(cell, qn("w:tcPr"))
        width = etree.SubElement(tc_pr, qn("w:tcW"))
        width.set(qn("w:w"), str(sum(grid.widths[index : index + span])))
        width.set(qn("w:type"), "dxa")
        if span > 1:
            etree.SubElement(tc_pr, qn("w:gridSpan")).set(qn("w:val"), str(span))
        if header:
            etree.SubElement(tc_pr, qn("w:vAlign")).set(qn("w:val"), "center")
        index += span
        classes = _classes(td)
        align = "center" if td.tag == "th" or "tt" in classes else "right" if "num" in classes else "left"
        paragraph = etree.SubElement(cell, qn("w:p"))
        p_pr = etree.SubElement(paragraph, qn("w:pPr"))
        etree.SubElement(p_pr, qn("w:spacing")).attrib.update({qn("w:before"): "20", qn("w:after"): "20"})
        etree.SubElement(p_pr, qn("w:jc")).set(qn("w:val"), "both" if align == "justify" else align)
        for text, bold, italic, _underline in _trimmed(segments(td)):
            run = etree.SubElement(paragraph, qn("w:r"))
            r_pr = etree.SubElement(run, qn("w:rPr"))
            if bold or total or td.tag == "th":
                etree.SubElement(r_pr, qn("w:b"))
            if italic:
                etree.SubElement(r_pr, qn("w:i"))
            etree.SubElement(r_pr, qn("w:sz")).set(qn("w:val"), grid.half_points)
            if text == "\n":
                etree.SubElement(run, qn("w:br"))
                continue
            node = etree.SubElement(run, qn("w:t"))
            node.text = text
            if text != text.strip():
                node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def render_docx(parts: list[str], *, profile, register: list[str] = ()) -> bytes:
    """The Word copy of a document: its parts (the report, then each annex),
    then its register chunks, whose rows continue one table."""
    writer = Writer(profile)
    for index, html in enumerate(parts):
        writer.part(html, first=index == 0)
    for index, html in enumerate(register):
        writer.part(html, first=False, continues=index > 0)
    out = io.BytesIO()
    writer.document.save(out)
    return out.getvalue()


def _cell_text(tc) -> str:
    lines = []
    for p in tc.findall(qn("w:p")):
        line = ""
        for node in p.iter(qn("w:t"), qn("w:br")):
            line += "\n" if node.tag == qn("w:br") else node.text or ""
        lines.append(line)
    return "\n".join(lines)


def read_text(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """A Word copy read back: its paragraphs (the blocks' too) and its
    tables' rows of cell texts, for tests and the command's check."""
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = []
    for table in document.tables:
        rows = []
        for tr in table._tbl.findall(qn("w:tr")):
            rows.append([_cell_text(tc) for tc in tr.findall(qn("w:tc"))])
        tables.append(rows)
    return paragraphs, tables
