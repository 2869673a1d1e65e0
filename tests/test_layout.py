"""The code layout: no import cycles, no use of another module's private names.

Both are read from the source with `ast`, so the checks see imports inside
functions too (an import deferred into a function to dodge a cycle is still a
cycle).  The helpers are tested on small synthetic packages so that the layout
checks cannot pass vacuously.
"""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGES = ("devices", "physics")


def module_name(path, root):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules(root, packages):
    """``{module name: (path, is_package)}`` for every module of ``packages``."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            modules[module_name(path, root)] = (path, path.name == "__init__.py")
    return modules


def absolute(node, current, is_package):
    """The absolute module name of an ``ImportFrom`` node seen in ``current``."""
    if node.level == 0:
        return node.module
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(modules):
    """``{module: {(imported module, name or None, line)}}`` inside the packages."""
    found = {}
    for name, (path, is_package) in modules.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                edges |= {(alias.name, None, node.lineno) for alias in node.names
                          if alias.name in modules}
            elif isinstance(node, ast.ImportFrom):
                target = absolute(node, name, is_package)
                for alias in node.names:
                    if f"{target}.{alias.name}" in modules:  # a submodule
                        edges.add((f"{target}.{alias.name}", None, node.lineno))
                    elif target in modules:
                        edges.add((target, alias.name, node.lineno))
        found[name] = edges
    return found


def import_cycles(modules):
    """Every cycle of the module import graph (as a list of module names)."""
    graph = {m: sorted({target for target, _, _ in edges if target != m})
             for m, edges in imports(modules).items()}
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in graph:
        if node not in state:
            visit(node, [])
    return cycles


def private_uses(modules, extra_files=()):
    """``(file, line, text)`` for each use of another module's underscore name.

    Counted: ``from mod import _name``, and ``alias._name`` where ``alias`` is a
    module bound by an import.  Dunder names are public.
    """
    def private(name):
        return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))

    files = [(name, path, is_package) for name, (path, is_package) in modules.items()]
    files += [(None, pathlib.Path(p), False) for p in extra_files]
    found = []
    for name, path, is_package in files:
        tree = ast.parse(path.read_text(), str(path))
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    top = alias.name.split(".")[0]
                    if top in PACKAGES or alias.name in modules:
                        aliases[alias.asname or top] = alias.name
                        if private(alias.name.split(".")[-1]) and alias.asname:
                            found.append((path, node.lineno, alias.name))
            elif isinstance(node, ast.ImportFrom):
                target = absolute(node, name, is_package) if name else node.module
                if target is None or target.split(".")[0] not in PACKAGES:
                    continue
                for alias in node.names:
                    if private(alias.name) and f"{target}.{alias.name}" not in modules:
                        found.append((path, node.lineno, f"{target}.{alias.name}"))
                    elif f"{target}.{alias.name}" in modules or target.split(".")[0] in PACKAGES:
                        aliases[alias.asname or alias.name] = f"{target}.{alias.name}"
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and private(node.attr)
                    and isinstance(node.value, ast.Name) and node.value.id in aliases):
                found.append((path, node.lineno, f"{node.value.id}.{node.attr}"))
    return found


# --- the helpers on synthetic packages ------------------------------------------------

def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_cycle_finder_sees_deferred_and_relative_imports(tmp_path):
    write(tmp_path, {"physics/__init__.py": "",
                     "physics/a.py": "from . import b\n",
                     "physics/b.py": "def f():\n    from .sub.c import g\n",
                     "physics/sub/__init__.py": "",
                     "physics/sub/c.py": "from ..a import x\n",
                     "physics/d.py": "import physics.a\n"})
    cycles = import_cycles(package_modules(tmp_path, ["physics"]))
    assert cycles == [["physics.a", "physics.b", "physics.sub.c", "physics.a"]]


def test_private_finder_sees_names_and_attributes(tmp_path):
    write(tmp_path, {"physics/__init__.py": "",
                     "physics/a.py": "def _hidden(): pass\ndef _used(): _hidden()\n",
                     "physics/b.py": "from .a import _hidden\n",
                     "physics/c.py": "from . import a\nx = a._hidden\ny = a.__name__\n",
                     "physics/d.py": "import physics.a as pa\npa._used()\n"})
    uses = {(path.name, text) for path, _, text in
            private_uses(package_modules(tmp_path, ["physics"]))}
    assert uses == {("b.py", "physics.a._hidden"), ("c.py", "a._hidden"),
                    ("d.py", "pa._used")}


# --- the project ------------------------------------------------------------------------

MODULES = package_modules(ROOT, PACKAGES)


def test_no_import_cycles():
    cycles = import_cycles(MODULES)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("where", ["library", "tests, gallery and benchmarks"])
def test_no_private_names_across_modules(where):
    extra = () if where == "library" else sorted(
        p for d in ("tests", "gallery", "benchmarks") for p in (ROOT / d).rglob("*.py")
        if p.name != "test_layout.py")
    uses = private_uses(MODULES if where == "library" else {}, extra)
    assert not uses, "private names used across modules:\n" + "\n".join(
        f"{path.relative_to(ROOT)}:{line}: {text}" for path, line, text in uses)


#: Longest function (lines including its docstring) without a stated reason.
MAX_FUNCTION_LINES = 80


def long_functions(modules):
    """``(file, line, name, length)`` of functions over `MAX_FUNCTION_LINES` lines that do not
    say why in a comment ``# long because ...`` inside them."""
    found = []
    for path, _ in modules.values():
        text = path.read_text()
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                body = "\n".join(lines[node.lineno - 1:node.end_lineno])
                if length > MAX_FUNCTION_LINES and "# long because" not in body:
                    found.append((path, node.lineno, node.name, length))
    return found


def test_long_function_finder(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    write(tmp_path, {"physics/__init__.py": "",
                     "physics/a.py": f"def long():\n{body}\n",
                     "physics/b.py": f"def reasoned():\n    # long because: one table\n{body}\n"})
    found = long_functions(package_modules(tmp_path, ["physics"]))
    assert [(p.name, name) for p, _, name, _ in found] == [("a.py", "long")]


def test_no_function_is_too_long_without_a_reason():
    found = long_functions(MODULES)
    assert not found, "functions over {} lines:\n".format(MAX_FUNCTION_LINES) + "\n".join(
        f"{path.relative_to(ROOT)}:{line}: {name} ({length} lines)"
        for path, line, name, length in found)


def test_tests_mirror_the_layout():
    """Tests of a subpackage live in the matching folder of tests/ (the top holds the
    project-wide checks: layout, packaging, install, docs, gallery, README, notes)."""
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and p.name != "data"
               and not p.name.startswith((".", "_"))}
    subpackages = {p.parent.name for p in (ROOT / "physics").glob("*/__init__.py")}
    assert folders == subpackages | {"devices"}, folders ^ (subpackages | {"devices"})
