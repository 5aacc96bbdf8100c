"""Links in Word: external ones are hyperlinks, links to a heading go to its bookmark."""

from __future__ import annotations

from tests.markdown.render import render_both


def test_link_to_an_accented_heading_reaches_its_bookmark() -> None:
    rendered = render_both("# Le détail\n\nVoir [le détail](#le-détail).\n")
    assert rendered.dump().splitlines()[1] == (
        "p Normal: 'Voir ' 'le détail'{link=#h1_le_detail,Hyperlink} '.'"
    )
    assert '<a href="#le-d%C3%A9tail">le détail</a>' in rendered.html
    assert 'id="le-détail"' in rendered.html


def test_link_to_a_missing_heading_keeps_its_text() -> None:
    rendered = render_both("Voir [ailleurs](#nulle-part).\n")
    assert rendered.dump() == "p Normal: 'Voir ' 'ailleurs' '.'"
