#!/usr/bin/env python3
"""Fails when the core's modules import upward or in a cycle.

A module is a file of core/src, or a folder of them (kernel/, chunked/,
json/ count as one); it imports what its code outside `#[cfg(test)]`
names as `crate::<module>` (a `tests.rs` file is all tests). Each module
sits on a floor (FLOORS, the same list as the comment in core/src/lib.rs)
and imports only from its own floor and those beneath; within a floor, no
cycle. Code names the module, not a
re-export at the crate root (`crate::Model`), which would hide the import.
Tests may reach upward (to read a model, say); the code may not, so that
each floor can be read, fuzzed and benchmarked with only what lies beneath.

Usage: python3 scripts/check_layers.py
"""

import pathlib
import re
import sys

SRC = pathlib.Path(__file__).resolve().parent.parent / "core" / "src"

FLOORS = [
    ("base", "error json names seeded interner"),
    ("spec", "blocker scales drivers equations bands classify penalties progress_rules model_spec model_reader plan"),
    ("kernel", "logexp kernel chunked packed ahead reach"),
    ("model", "validate model"),
    ("scoring", "account vector explain scoring narrative batch_plan columns parallel rollup progress backtest calibrate calibrated judged plan_check path plan_report worklist worklist_table themes hierarchy bundle clusters history_columns"),
    ("io", "shape json_input json_api plan_input io"),
]
FLOOR = {m: i for i, (_, ms) in enumerate(FLOORS) for m in ms.split()}


def code_of(path: pathlib.Path) -> str:
    """The code outside tests, without comment lines (docs may link anywhere)."""
    if path.name == "tests.rs":
        return ""
    code = re.split(r"#\[cfg\(test\)\]", path.read_text())[0]
    return re.sub(r"(?m)^\s*//.*$", "", code)


def root_names() -> list:
    """`crate::Name` in code outside tests: (file, name)."""
    found = []
    for path in SRC.rglob("*.rs"):
        if path.name == "lib.rs":
            continue
        for name in re.findall(r"\bcrate::([A-Z][A-Za-z0-9_]*)", code_of(path)):
            found.append((path.relative_to(SRC), name))
    return found


def imports() -> dict:
    graph: dict = {}
    for path in SRC.rglob("*.rs"):
        parts = path.relative_to(SRC).with_suffix("").parts
        module = parts[0]
        if module == "lib":
            continue
        code = code_of(path)
        named = set(re.findall(r"\bcrate::([a-z_][a-z0-9_]*)", code))
        graph.setdefault(module, set()).update(named - {module})
    return {m: {d for d in deps if d in graph} for m, deps in graph.items()}


def cycles(graph: dict) -> list:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict = {}
    low: dict = {}
    stack: list = []
    on_stack: set = set()
    found: list = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def main() -> int:
    graph = imports()
    failed = False
    for m in sorted(graph):
        if m not in FLOOR:
            print(f"{m}: on no floor; add it to FLOORS here and in core/src/lib.rs", file=sys.stderr)
            failed = True
            continue
        for d in sorted(graph[m]):
            if d in FLOOR and FLOOR[d] > FLOOR[m]:
                print(
                    f"{m} ({FLOORS[FLOOR[m]][0]}) imports {d} from the floor above ({FLOORS[FLOOR[d]][0]})",
                    file=sys.stderr,
                )
                failed = True
    for component in cycles(graph):
        edges = [f"{a} -> {b}" for a in component for b in sorted(graph[a]) if b in component]
        print(f"import cycle among {', '.join(component)}: {'; '.join(edges)}", file=sys.stderr)
        failed = True
    for path, name in root_names():
        print(f"{path}: crate::{name} hides its module; name the module", file=sys.stderr)
        failed = True
    if not failed:
        print(f"core: {len(graph)} modules on {len(FLOORS)} floors, none importing upward, no cycle")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
