#!/usr/bin/env python3
"""Fails when the core's modules import each other in a cycle.

A module is a file of core/src, or a folder of them (kernel/, chunked/,
json/ count as one); it imports what its code outside `#[cfg(test)]`
names as `crate::<module>`. Tests may reach upward (to read a model, say);
the code may not, so that each floor can be read, fuzzed and benchmarked
with only what lies beneath it.

Usage: python3 scripts/check_layers.py
"""

import pathlib
import re
import sys

SRC = pathlib.Path(__file__).resolve().parent.parent / "core" / "src"


def imports() -> dict:
    graph: dict = {}
    for path in SRC.rglob("*.rs"):
        parts = path.relative_to(SRC).with_suffix("").parts
        module = parts[0]
        if module == "lib":
            continue
        code = re.split(r"#\[cfg\(test\)\]", path.read_text())[0]
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
    found = cycles(graph)
    for component in found:
        edges = [f"{a} -> {b}" for a in component for b in sorted(graph[a]) if b in component]
        print(f"import cycle among {', '.join(component)}: {'; '.join(edges)}", file=sys.stderr)
    if not found:
        print(f"core: {len(graph)} modules, no import cycle")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
