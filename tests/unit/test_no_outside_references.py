"""The code and docs point only at files inside the repository (issue 14, item 20)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_nothing_points_at_the_shared_folder_outside_the_repository():
    files = [ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("resources/reference/*.md")]
    files += [*ROOT.glob("coursehub/**/*.py"), *ROOT.glob("tests/**/*.py")]
    offenders = [
        str(path.relative_to(ROOT))
        for path in files
        if path.name != Path(__file__).name
        and any(mark in path.read_text(encoding="utf-8") for mark in ("../shared", "shared/DATA", "FACTS.md"))
    ]
    assert offenders == []


def test_the_rules_the_program_follows_are_in_docs():
    importing = (ROOT / "docs/importing.md").read_text(encoding="utf-8")
    analysis = (ROOT / "docs/analysis.md").read_text(encoding="utf-8")
    assert "| time | yes | Time, Hours, Schedule | Orari, Ora |" in importing
    assert "e premte, e shtunë, e diel" in importing
    assert "### Gap, precisely" in analysis and "### Overlaps, precisely" in analysis
