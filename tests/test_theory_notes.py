"""The theory notes of docs/theory/: every citation resolves, every note is indexed.

Docstrings, comments, tests, gallery pages and docs cite the notes as
``docs/theory/<note>.md`` or ``docs/theory/<note>.md#<anchor>``, the anchor being the
GitHub/MyST slug of one of the note's headings.  The external "THEORY §n"
citations they replaced must not come back.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
THIS_FILE = Path(__file__).resolve()

#: Where citations live: (directory, glob patterns), relative to the repository root.
SOURCES = (
    ("physics", ("**/*.py",)),
    ("devices", ("**/*.py",)),
    ("gallery", ("*.py",)),
    ("tests", ("**/*.py",)),
    ("docs", ("**/*.md", "**/*.rst", "**/*.txt")),
    ("examples", ("*.toml", "*.py", "*.md")),
    (".", ("README.md",)),
)
SKIPPED_PARTS = {".venv", "build", "_build", "__pycache__", ".git"}

#: The old citations of the external reference sheet: "THEORY §3(a)", "THEORY section 3(d)",
#: "THEORY.md" (a line break may separate "THEORY" from the section sign).
OLD_CITATION = re.compile(r"\bTHEORY(?:\s*§|\s+section\s+\d|\.md\b)")
#: A citation of a note, with an optional anchor.
CITATION = re.compile(r"docs/theory/([A-Za-z0-9_\-]+\.md)(?:#([A-Za-z0-9_\-]+))?")
#: A Markdown link target inside a note: [text](target).
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")


def slugify(title):
    """GitHub/MyST heading slug: lowercase, drop all but word characters, hyphens and spaces,
    spaces to hyphens (markup characters such as ` and $ are dropped with the punctuation)."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def heading_anchors(path):
    """The anchors of a Markdown file's headings, duplicates suffixed -1, -2, ... as GitHub does."""
    anchors, in_fence = set(), False
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else HEADING.match(line)
        if not match:
            continue
        base = slugify(match.group(2).strip())
        anchor, n = base, 0
        while anchor in anchors:
            n += 1
            anchor = f"{base}-{n}"
        anchors.add(anchor)
    return anchors


def source_files(root):
    """The files that may cite the notes (this test file excluded)."""
    root = Path(root)
    found = set()
    for directory, patterns in SOURCES:
        base = root / directory
        if not base.is_dir():
            continue
        for pattern in patterns:
            for path in base.glob(pattern):
                relative = path.relative_to(root)
                if path.is_file() and not SKIPPED_PARTS & set(relative.parts[:-1]):
                    found.add(path)
    return sorted(p for p in found if p.resolve() != THIS_FILE)


def _line_of(text, index):
    return text.count("\n", 0, index) + 1


def old_citations(root):
    """``path:line: text`` of every remaining "THEORY §n"-style citation."""
    problems = []
    for path in source_files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in OLD_CITATION.finditer(text):
            line = _line_of(text, match.start())
            problems.append(f"{path.relative_to(root)}:{line}: {text.splitlines()[line - 1].strip()}")
    return problems


def citations(root):
    """(path, line, note, anchor) of every docs/theory/<note>.md[#anchor] citation."""
    found = []
    for path in source_files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in CITATION.finditer(text):
            found.append((path, _line_of(text, match.start()), match.group(1), match.group(2)))
    return found


def _check_target(notes, note, anchor, cache):
    target = notes / note
    if not target.is_file():
        return f"no note {note}"
    if anchor is not None:
        if target not in cache:
            cache[target] = heading_anchors(target)
        if anchor not in cache[target]:
            return f"no heading with anchor #{anchor} in {note}"
    return None


def broken_citations(root):
    """Citations (in the sources and as links inside the notes) that do not resolve."""
    root = Path(root)
    notes = root / "docs" / "theory"
    cache, problems = {}, []
    for path, line, note, anchor in citations(root):
        problem = _check_target(notes, note, anchor, cache)
        if problem:
            problems.append(f"{path.relative_to(root)}:{line}: {problem}")
    for path in sorted(notes.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for match in LINK.finditer(text):
            target = match.group(1)
            if re.match(r"[a-z][a-z0-9+.\-]*:", target):  # http:, https:, mailto:
                continue
            name, _, anchor = target.partition("#")
            line = _line_of(text, match.start())
            if not name:
                name = path.name
            elif "/" in name or not name.endswith(".md"):
                if not (path.parent / name).exists():
                    problems.append(f"{path.relative_to(root)}:{line}: no file {name}")
                continue
            problem = _check_target(notes, name, anchor or None, cache)
            if problem:
                problems.append(f"{path.relative_to(root)}:{line}: {problem}")
    return problems


def unlisted_notes(root):
    """Notes of docs/theory/ that its README.md does not link to."""
    notes = Path(root) / "docs" / "theory"
    index = (notes / "README.md").read_text(encoding="utf-8")
    listed = {m.group(1).partition("#")[0] for m in LINK.finditer(index)}
    return sorted(p.name for p in notes.glob("*.md") if p.name != "README.md" and p.name not in listed)


# --- the repository ---------------------------------------------------------------------

def test_no_external_theory_citations_remain():
    problems = old_citations(ROOT)
    assert not problems, "cite docs/theory/<note>.md instead:\n" + "\n".join(problems)


def test_citations_resolve():
    found = citations(ROOT)
    # Non-vacuous: the code cites the notes about a hundred times.
    assert len(found) > 80, f"only {len(found)} citations of docs/theory found: is the scan broken?"
    assert len({note for _, _, note, _ in found}) >= 10
    problems = broken_citations(ROOT)
    assert not problems, "\n".join(problems)


def test_every_note_is_listed_in_the_index():
    assert not unlisted_notes(ROOT), f"add to docs/theory/README.md: {unlisted_notes(ROOT)}"


# --- the checker itself -------------------------------------------------------------------

@pytest.mark.parametrize("title, anchor", [
    ("HLN (2D film)", "hln-2d-film"),
    ("D'yakonov-Perel regime", "dyakonov-perel-regime"),
    ("Thermal smearing of UCF", "thermal-smearing-of-ucf"),
    ("The 2D symplectic transition", "the-2d-symplectic-transition"),
    ("Landau levels: E_n = hbar omega_c (n + 1/2)", "landau-levels-e_n--hbar-omega_c-n--12"),
    ("`code` and $x^2$", "code-and-x2"),
])
def test_slugify(title, anchor):
    assert slugify(title) == anchor


def _synthetic_tree(root):
    notes = root / "docs" / "theory"
    notes.mkdir(parents=True)
    (notes / "README.md").write_text("# Index\n\n| [alpha.md](alpha.md) | a |\n", encoding="utf-8")
    (notes / "alpha.md").write_text(
        "# Alpha\n\n## First part\n\nSee [below](#second-part-b) and [beta](beta.md#nothing).\n\n"
        "```\n## Not a heading\n```\n\n## Second part (b)\n\n## First part\n",
        encoding="utf-8")
    (notes / "orphan.md").write_text("# Orphan\n", encoding="utf-8")
    code = root / "physics"
    code.mkdir()
    (code / "module.py").write_text(
        '"""Good: docs/theory/alpha.md, docs/theory/alpha.md#first-part,\n'
        'docs/theory/alpha.md#first-part-1 and (docs/theory/alpha.md#second-part-b).\n'
        'Bad: docs/theory/missing.md, docs/theory/alpha.md#not-a-heading,\n'
        'docs/theory/alpha.md#second-part.  Old: (THEORY §3(a)), THEORY\n§4, THEORY section 3(d)."""\n',
        encoding="utf-8")
    return root


def test_checker_on_a_synthetic_tree(tmp_path):
    root = _synthetic_tree(tmp_path)
    assert heading_anchors(root / "docs/theory/alpha.md") == {
        "alpha", "first-part", "second-part-b", "first-part-1"}
    assert len(citations(root)) == 7
    problems = broken_citations(root)
    assert len(problems) == 4, problems
    assert any("no note missing.md" in p for p in problems)
    assert any("#not-a-heading" in p for p in problems)
    assert any("#second-part in alpha.md" in p for p in problems)
    assert any(p.startswith("docs/theory/alpha.md:5: no note beta.md") for p in problems)
    assert len(old_citations(root)) == 3
    assert unlisted_notes(root) == ["orphan.md"]


def test_checker_accepts_a_clean_synthetic_tree(tmp_path):
    root = _synthetic_tree(tmp_path)
    (root / "docs/theory/alpha.md").write_text("# Alpha\n\n## First part\n", encoding="utf-8")
    (root / "docs/theory/orphan.md").unlink()
    (root / "physics/module.py").write_text(
        '"""See docs/theory/alpha.md#first-part and docs/theory/."""\n', encoding="utf-8")
    assert broken_citations(root) == []
    assert old_citations(root) == []
    assert unlisted_notes(root) == []
