"""The Word template a designer may edit: every Jinja tag whole in one run, every tag known."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from lxml import etree

from tests.conftest import Repo
from tests.helpers import W

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "word" / "livrable.docx"
DOCUMENTED = (Path(__file__).resolve().parents[2] / "templates" / "README.md").read_text("utf-8")


def template_texts() -> list[str]:
    texts = []
    with zipfile.ZipFile(TEMPLATE) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(archive.read(name))
                texts += [t.text or "" for t in root.iter(f"{W}t")]
    return texts


def test_each_jinja_tag_sits_whole_in_one_run() -> None:
    texts = template_texts()
    tags = [t for t in texts if "{" in t or "}" in t]
    assert tags, "the template has no tags at all"
    for text in tags:
        assert re.fullmatch(r"(\{\{ [a-z_]+ \}\}|\{%p (if [a-z_]+|endif) %\})", text), text


def test_every_tag_is_documented_for_the_designer() -> None:
    names = {m for t in template_texts() for m in re.findall(r"\{\{ ([a-z_]+) \}\}", t)}
    assert "corps" in names
    for name in names:
        assert f"{{{{ {name} }}}}" in DOCUMENTED, f"{name} missing from templates/README.md"


def test_a_word_template_without_its_body_mark_is_a_french_error(
    repo: Repo, run: Callable[..., Result]
) -> None:
    template = repo.root / "templates" / "word" / "livrable.docx"
    with zipfile.ZipFile(template) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    assert "{{ corps }}" in document
    parts["word/document.xml"] = document.replace("{{ corps }}", "corps").encode("utf-8")
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    result = run("build", "--jobs", "1", "--format", "docx")
    assert result.exit_code == 1
    assert "balise {{ corps }}" in result.output
    assert "Traceback" not in result.output
    assert not list((repo.root / "build" / "valbrune").glob("*.docx"))
