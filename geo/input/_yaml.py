"""Read scenario YAML safely: no alias bombs, no runaway nesting, no silent duplicate keys.

PyYAML's ``SafeLoader`` runs no code, but it happily builds a value whose
aliases expand to hundreds of millions of items (a few hundred bytes of
``&a [*b, *b, ...]``), recurses until Python gives up on 50,000 nested
brackets, and lets the last of two equal keys win. Each of these is refused
here with the key and line it happened at, before any value is built.
"""

from __future__ import annotations

from typing import Any

import yaml

from geo.errors import ScenarioError

__all__ = ["load_yaml", "MAX_DEPTH", "MAX_NODES"]

#: Deepest nesting of lists and mappings a scenario may use (real ones use < 10).
MAX_DEPTH = 64
#: Most values a scenario may hold once its aliases are expanded (a large inline case holds tens of thousands).
MAX_NODES = 200_000


#: libyaml's parser when PyYAML was built with it (the wheels are): ten times faster than the pure-Python one.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """SafeLoader that leaves dates as text: the scenario checks them key by key, so an
    impossible date (2023-04-31) is reported at its key instead of crashing the YAML parser."""


class _PyLoader(yaml.SafeLoader):
    """The same, in pure Python: it has no nesting limit of its own, so our limit is the one reported."""


_Loader.yaml_implicit_resolvers = _PyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str, *, source: str) -> Any:
    """Parse ``text`` as one YAML document, refusing bombs, deep nesting and duplicate keys.

    Parameters
    ----------
    text:
        The YAML document.
    source:
        The file name, for error messages.

    Raises
    ------
    ScenarioError
        Naming the top-level key and line of the problem, and the fix.
    yaml.YAMLError
        For text that is not YAML at all (the caller reports it).
    """
    _check_depth(text, source=source)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nodes(node, source=source)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_depth(text: str, *, source: str) -> None:
    """Walk the event stream and stop at the first level too deep (naming the key and line)."""
    try:
        _walk_depth(text, _Loader, source=source)
    except yaml.YAMLError:
        if _Loader.__mro__[1] is yaml.SafeLoader:
            raise
        # libyaml stops at its own nesting limit (1,000) with a bare message, and on any YAML error;
        # the pure-Python parser then reports ours, or the same error with its usual wording.
        _walk_depth(text, _PyLoader, source=source)


def _walk_depth(text: str, loader: type, *, source: str) -> None:
    depth, top_key, position, top_is_mapping = 0, None, 0, False
    for event in yaml.parse(text, Loader=loader):
        if depth == 1 and isinstance(event, yaml.ScalarEvent | yaml.AliasEvent | yaml.CollectionStartEvent):
            if top_is_mapping and position % 2 == 0:
                top_key = event.value if isinstance(event, yaml.ScalarEvent) else None
            position += 1
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth == 1:
                top_is_mapping = isinstance(event, yaml.MappingStartEvent)
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1
                where = f"{top_key}, line {line}" if top_key else f"line {line}"
                raise ScenarioError(f"lists or mappings nested deeper than {MAX_DEPTH} levels", source=source,
                                    location=where, hint="a scenario needs a few levels; flatten or remove that value")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check_nodes(root: yaml.Node, *, source: str) -> None:
    """Count the values each top-level key expands to (aliases included), and find duplicate keys."""
    sizes: dict[int, int] = {}
    seen: set[int] = set()
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            if _expanded(value, sizes, seen, source=source) > MAX_NODES:
                raise ScenarioError(f"holds more than {MAX_NODES:,} values once its aliases (*name) are "
                                    "expanded", source=source,
                                    location=f"{name}, line {key.start_mark.line + 1}",
                                    hint="write the values out, or reuse an anchor only a few times")
    elif _expanded(root, sizes, seen, source=source) > MAX_NODES:
        raise ScenarioError(f"the document expands to more than {MAX_NODES:,} values", source=source,
                            hint="reuse anchors (&name / *name) only a few times")


def _expanded(node: yaml.Node, sizes: dict[int, int], seen: set[int], *, source: str) -> int:
    """Values under ``node`` with every alias expanded; memoised, so shared nodes cost once to count."""
    stack = [(node, False)]
    while stack:
        current, done = stack.pop()
        key = id(current)
        if key in sizes:
            continue
        if isinstance(current, yaml.ScalarNode):
            sizes[key] = 1
            continue
        children = ([v for pair in current.value for v in pair] if isinstance(current, yaml.MappingNode)
                    else list(current.value))
        if done:
            sizes[key] = min(1 + sum(sizes[id(c)] for c in children), MAX_NODES + 1)
            continue
        if key in seen:  # an alias of an ancestor: a recursive structure
            raise ScenarioError("an alias refers to a value that contains it (a loop)", source=source,
                                location=f"line {current.start_mark.line + 1}", hint="remove the alias")
        seen.add(key)
        stack.append((current, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
        if isinstance(current, yaml.MappingNode):
            _duplicates(current, source=source)
    return sizes[id(node)]


def _duplicates(node: yaml.MappingNode, *, source: str) -> None:
    first: dict[Any, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 1
        if key.value in first and key.tag != "tag:yaml.org,2002:merge":
            raise ScenarioError(f"key {key.value!r} appears twice, on line {first[key.value]} and line {line}; "
                                "YAML would keep only the last", source=source, location=f"line {line}",
                                hint=f"remove one of the two {key.value!r} lines")
        first.setdefault(key.value, line)
