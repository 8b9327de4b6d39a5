"""The layers point down, capabilities meet through public names, and packages say what they own.

Read from the source with `ast`, so a wrong arrow fails here before it tangles the code.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "src" / "netpatrol"

# What each top-level part of the package may import from the package (besides itself).
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "detect": {"domain"},
    "services": {"domain", "detect", "data"},
    "adapters": {"domain", "detect", "services", "data"},
    "sim": {"domain", "detect", "services", "data"},
    "workers": {"domain", "detect", "services", "adapters", "data", "config"},
    "web": {"domain", "detect", "services", "data", "config", "bootstrap", "__version__"},
    "data": set(),
    "config": set(),
}
SERVICE_SHARED = {"ports", "__init__"}  # the top of services/: shared by every capability
MAX_LINES = 400


def _modules() -> Iterator[tuple[str, Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        rel = path.relative_to(PACKAGE).with_suffix("")
        yield ".".join(rel.parts), path, ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree: ast.Module) -> Iterator[tuple[str, list[str], int]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module, [a.name for a in node.names], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _upward(layer: str, tree: ast.Module) -> list[tuple[int, str]]:
    """The imports of a module in `layer` that its layer may not make."""
    found = []
    for module, names, line in _imports(tree):
        if module.split(".")[0] != "netpatrol":
            continue
        targets = names if module == "netpatrol" else [_part(module)]
        if any(t != layer and t not in ALLOWED[layer] for t in targets):
            found.append((line, module))
    return found


def test_layers_import_downwards_only() -> None:
    wrong = []
    for name, path, tree in _modules():
        layer = name.split(".")[0]
        if layer not in ALLOWED:
            continue  # cli, bootstrap and __main__ sit on top and may import anything
        for line, module in _upward(layer, tree):
            wrong.append(f"{path.relative_to(PACKAGE)}:{line} {layer} -> {module}")
    assert not wrong, "imports that point up or sideways:\n" + "\n".join(wrong)


def test_domain_uses_the_standard_library_only() -> None:
    outside = []
    for name, path, tree in _modules():
        if not name.startswith("domain"):
            continue
        for module, _, line in _imports(tree):
            root = module.split(".")[0]
            if root not in sys.stdlib_module_names and module.split(".")[:2] != [
                "netpatrol",
                "domain",
            ]:
                outside.append(f"{path.relative_to(PACKAGE)}:{line} {module}")
    assert not outside, "the domain imports beyond the standard library:\n" + "\n".join(outside)


def _capability(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] != ["netpatrol", "services"] or len(parts) < 3:
        return None
    return None if parts[2] in SERVICE_SHARED else parts[2]


def test_capabilities_meet_through_public_names() -> None:
    """A capability may call another's functions, never its underscore internals."""
    reaching = []
    for name, path, tree in _modules():
        own = _capability(f"netpatrol.{name}")
        if own is None:
            continue
        for module, names, line in _imports(tree):
            other = _capability(module)
            if other is None or other == own:
                continue
            private = [n for n in names if n.startswith("_")]
            if private or any(p.startswith("_") for p in module.split(".")[3:]):
                reaching.append(f"{path.relative_to(PACKAGE)}:{line} {module} {private}")
    assert not reaching, "reaching into another capability's internals:\n" + "\n".join(reaching)


def test_nothing_below_depends_on_the_simulator() -> None:
    users = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for name, path, tree in _modules()
        if name.split(".")[0] not in {"sim", "cli", "bootstrap"}
        for module, _, line in _imports(tree)
        if module.startswith("netpatrol.sim")
    ]
    assert not users, "the simulator is used below its layer:\n" + "\n".join(users)


@pytest.mark.parametrize(
    "package",
    sorted(p.parent for p in PACKAGE.rglob("__init__.py") if "migrations" not in p.parts),
    ids=lambda p: str(p.relative_to(PACKAGE)) or "netpatrol",
)
def test_every_package_says_what_it_owns(package: Path) -> None:
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{package.relative_to(PACKAGE)} has no docstring"


def test_modules_stay_small() -> None:
    big = [
        f"{path.relative_to(PACKAGE)}: {n} lines"
        for _, path, _ in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert not big, f"modules over {MAX_LINES} lines:\n" + "\n".join(big)


def test_the_contract_catches_upward_imports() -> None:
    """The check itself works: arrows that point up are reported, downward ones are not."""
    tree = ast.parse(
        "from netpatrol.domain.posts import Post\n"
        "from netpatrol.web.app import create_app\n"
        "from netpatrol import bootstrap\n"
        "import netpatrol.adapters.db.uow\n"
    )
    assert _upward("services", tree) == [
        (2, "netpatrol.web.app"),
        (3, "netpatrol"),
        (4, "netpatrol.adapters.db.uow"),
    ]
