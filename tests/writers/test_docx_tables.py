"""Word tables: columns wide enough for their longest word, rows held so that no row is left
alone on a page, addresses that break after their punctuation."""

from __future__ import annotations

from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from livrables.brand.metrics import ZWSP, Metrics, breakable
from livrables.ooxml import paragraph, run, sub
from livrables.writers.docx import tables


def make(rows: int, text: str = "x") -> object:
    widths = tables.column_widths([1.0, 1.0])
    tbl = tables.table("TableauLivrables", widths)
    for index in range(rows):
        tr = tables.table_row(tbl, header=index == 0)
        for width in widths:
            tc = tables.table_cell(tr, width)
            p = paragraph("TableText")
            p.append(run(text))
            tc.append(p)
    return tbl


def held(tbl: object) -> list[bool]:
    rows = tbl.findall(qn("w:tr"))  # type: ignore[attr-defined]
    return [tr.find(f".//{qn('w:keepNext')}") is not None for tr in rows]


def test_a_short_table_stays_on_one_page() -> None:
    tbl = make(6)
    tables.keep_together(tbl, Metrics())
    assert held(tbl) == [True] * 5 + [False]


def test_a_long_table_never_leaves_its_first_or_last_row_alone() -> None:
    tbl = make(40, "une phrase assez longue pour tenir sur plusieurs lignes " * 3)
    tables.keep_together(tbl, Metrics())
    marks = held(tbl)
    assert marks[:4] == [True, True, True, False]  # header + two first rows together
    assert marks[-3:] == [True, True, False]  # the last three rows together
    assert sum(marks) == 5


def test_columns_are_at_least_their_longest_word() -> None:
    widths = tables.column_widths([1.0, 9.0], 9000, [2500, 100])
    assert widths[0] == 2500 and sum(widths) == 9000
    assert tables.column_widths([1.0, 1.0], 1000, [900, 900]) == [500, 500]  # cannot: by weight


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="aéWi mM@./-\u00a0\u200b\t", max_size=30), max_size=8),
    st.sampled_from([8.0, 9.0, 10.5]),
)
def test_the_longest_word_is_the_widest_of_its_words_measured_alone(
    texts: list[str], size: float
) -> None:
    """Measured words are remembered and rounded once: the same widths as measuring each word
    of each text by itself, the first time and the next."""
    metrics = Metrics({ord("a"): 0.55, ord("é"): 0.55, ord("W"): 0.94, ord("i"): 0.22})
    for _ in range(2):
        for text in texts:
            words = breakable(text).replace(ZWSP, " ").split()
            alone = max((metrics.width(word, size) for word in words), default=0)
            assert metrics.longest_word(text, size) == alone


def test_widths_are_the_same_under_every_python() -> None:
    """Advances are added one by one in text order, as Python 3.11's `sum` did: 3.12's
    compensated `sum` gives 1.0 for ten 0.1 where 3.11 gave 0.9999999999999999, and a column
    one EMU wider makes another PowerPoint file."""
    metrics = Metrics({ord("a"): 0.1})
    size = 1e16 / 20  # one em = 1e16 twips: the last bits of the sum are visible
    step_by_step = 0.0
    for _ in range(10):
        step_by_step += 0.1
    assert metrics.width("a" * 10, size) == int(step_by_step * 1e16 + 0.5) != 10**16
    assert metrics.longest_word("a" * 10, size) == metrics.width("a" * 10, size)


def test_addresses_break_after_their_punctuation_only() -> None:
    assert breakable("contact@ville.fr") == f"contact@{ZWSP}ville.{ZWSP}fr"
    assert breakable("https://www.exemple.fr/a") == (
        f"https:/{ZWSP}/{ZWSP}www.{ZWSP}exemple.{ZWSP}fr/{ZWSP}a"
    )
    assert breakable("Population totale") == "Population totale"


_CELL_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
) | st.sampled_from(
    ["", " ", "a & b < c > d", 'guillemets "x"', "\r\n", "\tx ", "contact@ville.fr"]
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.booleans(),  # a header row
            st.sampled_from([None, 0.8, 1.5]),  # its height
            st.lists(
                st.tuples(_CELL_TEXT, st.sampled_from(["", "DCE6F0"]), st.booleans()),
                min_size=3,
                max_size=3,
            ),
        ),
        max_size=30,
    ),
    st.booleans(),
    st.booleans(),
)
def test_a_table_written_as_text_is_the_table_built_element_by_element(
    rows: list[tuple[bool, float | None, list[tuple[str, str, bool]]]],
    banded: bool,
    landscape: bool,
) -> None:
    """The data tables (`TableText`, parsed once) and the Markdown tables (built element by
    element, then `keep_together`) must give the same XML: the golden digests rely on it, and
    any text (markup characters, carriage returns, tabs, spaces at the ends) must survive."""
    widths = [1500, 3000, 5138]
    text = tables.TableText("TableauLivrables", widths, banded)
    tree = tables.table("TableauLivrables", widths, banded)
    for header, height, cells in rows:
        text.row(header, height)
        tr = tables.table_row(tree, header, height)
        for (value, fill, with_run), width in zip(cells, widths, strict=True):
            cell = text.cell(width, fill=fill)
            cell.paragraph("TableText", "center", value if with_run else None)
            tc = tables.table_cell(tr, width)
            if fill:
                sub(tc[0], "w:shd", val="clear", color="auto", fill=fill)
            p = paragraph("TableText", jc="center")
            if with_run:
                p.append(run(value))
            tc.append(p)
    tables.keep_together(tree, Metrics(), landscape)
    made = text.element(Metrics(), landscape)
    assert etree.tostring(made) == etree.tostring(tree)


def test_a_table_moves_whole_only_when_that_leaves_a_third_of_a_page_at_most() -> None:
    page = tables.PAGE_TEXT_CM[False] / 2.54 * 72
    short = [page / 4 / 10] * 10  # a quarter of a page: kept on one page
    assert tables.held_rows(short, 1, False) == list(range(9))
    half = [page / 2 / 20] * 20  # half a page: it breaks, header and first rows kept together
    held = tables.held_rows(half, 1, False)
    assert held == [0, 1, 2, 17, 18]
