"""Remove page furniture from flattened web text, keeping an audit of every removal.

Rules are data (``analysis/lexicons/boilerplate_default.toml``, extendable by
users with their own files, read through :mod:`analysis.lexicons`).
:func:`clean_lines` never edits, invents or reorders text: each kept line is a
line of the input, in its original order, and cleaning its output again
removes nothing more (the tests check both properties).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import lexicons
from ..errors import LexiconError, with_choices
from ..lexicons.patterns import required_text

SCOPES = {"line", "next", "teasers", "rest", "head", "block"}
MAX_TEASERS = 15          # a teaser block longer than this is probably the article
HEADLINE_MAX_WORDS = 25


RulesError = LexiconError   # a rules file is malformed; the message names the file and the rule
RULE_KEYS = ("id", "pattern", "scope", "max_words", "count", "description", "case_sensitive", "block_pattern")


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: re.Pattern
    scope: str = "line"
    max_words: int | None = None
    count: int = 1
    description: str = ""
    block_pattern: re.Pattern | None = None
    needles: tuple[str, ...] | None = None      # text one of which every match holds (patterns.required_text)

    def matches(self, line: str, words: int | None = None, low: str | None = None) -> bool:
        """Whether the rule removes ``line`` (``words``: its :func:`n_words`, when already counted; ``low``: the
        line lower-cased when it is ASCII, else None, so that a line without any of the rule's ``needles`` is not
        searched)."""
        if self.max_words is not None and (n_words(line) if words is None else words) > self.max_words:
            return False
        if low is not None and self.needles is not None and not any(n in low for n in self.needles):
            return False
        return self.pattern.search(line) is not None


@dataclass(frozen=True)
class CleanResult:
    kept: list[tuple[int, str]]          # (1-based line number, original line)
    removed: list[tuple[int, str, str]]  # (line number, original line, rule id)


# Scripts written without spaces between words: each character counts as a word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u1780-\u17ff]")
_PROSE_ENDS = (".", ",", ";", ":", "。", "，", "；", "：")     # a line ending so is prose, not a headline


def n_words(line: str) -> int:
    """Words of a line: runs of non-space, with every Chinese, Japanese, Thai or Khmer character a word."""
    if line.isascii():                    # no unspaced script (and the flag is read, not the text scanned)
        return len(line.split())
    unspaced = len(_UNSPACED.findall(line))
    if not unspaced:
        return len(line.split())
    return unspaced + len(_UNSPACED.sub(" ", line).split())


def is_headline_like(line: str) -> bool:
    """A short line that does not end like a sentence: a headline, heading or teaser."""
    text = line.strip().rstrip("\"'”’)」』")
    return 0 < n_words(text) <= HEADLINE_MAX_WORDS and not text.endswith(_PROSE_ENDS)


def _parse_rules(resource: lexicons.Resource) -> tuple[bool, list[Rule], dict[str, str]]:
    """``(replace, rules, names)`` of one rules file: ``names`` is its ``[names]`` table, rule id -> the name a
    report shows ("more_from" -> "'More from' block")."""
    data = lexicons.toml(resource)
    source = resource.path
    lexicons.check_keys(data, ["rule", "replace", "names"], str(source))
    names = data.get("names", {})
    if not isinstance(names, dict) or not all(isinstance(v, str) and v.strip() for v in names.values()):
        raise RulesError(f"{source}: [names] maps each rule id to a name in words (id = \"name\")")
    rules = []
    specs = data.get("rule", [])
    if not isinstance(specs, list):
        raise RulesError(f"{source}: write each rule as a [[rule]] table")
    for i, spec in enumerate(specs, start=1):
        rid = spec.get("id") or f"rule {i}"
        where = f"{source}: rule '{rid}'"
        lexicons.check_keys(spec, RULE_KEYS, where)
        if "pattern" not in spec:
            raise RulesError(f"{where} has no pattern")
        scope = spec.get("scope", "line")
        if scope not in SCOPES:
            raise RulesError(f"{where} has scope '{scope}'" + with_choices(scope, sorted(SCOPES)))
        flags = 0 if spec.get("case_sensitive") else re.IGNORECASE
        try:
            pattern = lexicons.compile_pattern(spec["pattern"], flags, f"{where}, pattern", resource.bundled)
        except re.error as exc:
            raise RulesError(f"{where} has an invalid pattern: {exc}") from exc
        block = None
        if scope == "block":
            if "block_pattern" not in spec:
                raise RulesError(f"{where} has scope 'block' but no block_pattern")
            try:
                block = lexicons.compile_pattern(spec["block_pattern"], flags, f"{where}, block_pattern",
                                                 resource.bundled)
            except re.error as exc:
                raise RulesError(f"{where} has an invalid block_pattern: {exc}") from exc
        rules.append(Rule(rid, pattern, scope, spec.get("max_words"), int(spec.get("count", 1)),
                          spec.get("description", ""), block, required_text(pattern)))
    return bool(data.get("replace")), rules, {str(k): " ".join(v.split()) for k, v in names.items()}


def load_rules(refs=("default",), base: Path | None = None) -> tuple[Rule, ...]:
    """The rules of each file named in ``refs`` (bundled names or paths), in order.

    A file with ``replace = true`` at its top drops the rules before it.
    Files are read and hashed now; parsing is memoised by content.
    """
    if isinstance(refs, (str, Path)):
        refs = (refs,)
    rules: list[Rule] = []
    for ref in refs:
        replace, parsed, _ = lexicons.parse(lexicons.read(ref, "rules", base), _parse_rules)
        rules = list(parsed) if replace else rules + list(parsed)
    return tuple(rules)


def rule_names(refs=("default",), base: Path | None = None) -> dict[str, str]:
    """Rule id -> the name a report shows, from the ``[names]`` tables of the rules files in ``refs`` (a later
    file wins on the same id; one with ``replace = true`` keeps the bundled names of the debris rules only
    if it names them itself).  An id no file names is shown by :func:`rule_name`."""
    if isinstance(refs, (str, Path)):
        refs = (refs,)
    names: dict[str, str] = {}
    for ref in refs:
        replace, _, parsed = lexicons.parse(lexicons.read(ref, "rules", base), _parse_rules)
        names = dict(parsed) if replace else {**names, **parsed}
    return names


def rule_name(rule: str, names: dict[str, str]) -> str:
    """The name of rule id ``rule`` in ``names`` (:func:`rule_names`), else the id in words ("my_rule" ->
    "My rule")."""
    if rule in names:
        return names[rule]
    words = str(rule).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _head_end(lines: list[str], alive: list[bool]) -> int:
    """Index of the first surviving line of four or more words: the title or the first prose."""
    for i, line in enumerate(lines):
        if alive[i] and n_words(line) >= 4:
            return i
    return len(lines)


_PLANS: dict[int, tuple] = {}          # id(rules) -> (rules, body rules by a line's words, head rules)


def _plan(rules: tuple[Rule, ...]) -> tuple[list[list[Rule]], list[Rule]]:
    """The rules of scope other than ``head`` that can match a line of ``n`` words (``plan[min(n, len(plan) - 1)]``,
    in the rules' order: a rule whose ``max_words`` is below ``n`` is left out, so a paragraph is not tried against
    every short-line rule), and the ``head`` rules; made once per rules tuple."""
    got = _PLANS.get(id(rules))
    if got is not None and got[0] is rules:
        return got[1], got[2]
    body = [r for r in rules if r.scope != "head"]
    top = max((r.max_words for r in body if r.max_words is not None), default=0)
    by_words = [[r for r in body if r.max_words is None or n <= r.max_words] for n in range(top + 2)]
    head = [r for r in rules if r.scope == "head"]
    if len(_PLANS) > 16:
        _PLANS.clear()
    _PLANS[id(rules)] = (rules, by_words, head)
    return by_words, head


def clean_lines(lines: list[str], rules: tuple[Rule, ...] | None = None,
                first_rule: dict[str, Rule | None] | None = None) -> CleanResult:
    """Split ``lines`` into kept lines and removed lines with the rule that removed each.

    Blank lines are kept (they separate paragraphs) and never reported.
    Rules of scope ``head`` run last, on what the others left, so the result
    does not depend on how many times cleaning is applied.  ``first_rule``:
    line (stripped) -> the first of the other rules that matches it, or None,
    kept across the calls of one batch of pages cleaned with the same
    ``rules`` (a masthead, share line or syndicated paragraph recurs), so a
    line seen before is not matched again.
    """
    rules = load_rules() if rules is None else rules
    stripped = [line.strip() for line in lines]
    reason: list[str | None] = [None] * len(lines)
    by_words, head_rules = _plan(tuple(rules))
    last = len(by_words) - 1

    i = 0
    while i < len(lines):
        text = stripped[i]
        rule = None
        if reason[i] is None and text:
            if first_rule is not None and text in first_rule:
                rule = first_rule[text]
            else:
                words = n_words(text)          # counted once per line, not once per rule
                low = text.lower() if text.isascii() else None
                rule = next((r for r in by_words[min(words, last)] if r.matches(text, words, low)), None)
                if first_rule is not None:
                    first_rule[text] = rule
        if rule is None:
            i += 1
            continue
        reason[i] = rule.id
        if rule.scope == "rest":
            for j in range(i + 1, len(lines)):
                if stripped[j]:
                    reason[j] = reason[j] or rule.id
            break
        if rule.scope == "next":
            left, j = rule.count, i + 1
            while left and j < len(lines):
                if stripped[j]:
                    reason[j] = reason[j] or rule.id
                    left -= 1
                j += 1
        elif rule.scope == "block":
            for step in (-1, 1):
                j = i + step
                while 0 <= j < len(lines) and stripped[j] and rule.block_pattern.search(stripped[j]):
                    reason[j] = reason[j] or rule.id
                    j += step
        elif rule.scope == "teasers":
            j, taken = i + 1, 0
            while j < len(lines) and taken < MAX_TEASERS:
                if stripped[j]:
                    if not is_headline_like(stripped[j]):
                        break
                    reason[j] = reason[j] or rule.id
                    taken += 1
                j += 1
        i += 1

    if head_rules:
        alive = [r is None and bool(s) for r, s in zip(reason, stripped)]
        for k in range(_head_end(stripped, alive)):
            if alive[k]:
                rule = next((r for r in head_rules if r.matches(stripped[k])), None)
                if rule:
                    reason[k] = rule.id

    kept = [(n + 1, line) for n, (line, r) in enumerate(zip(lines, reason)) if r is None]
    removed = [(n + 1, line, r) for n, (line, r) in enumerate(zip(lines, reason)) if r is not None]
    return CleanResult(kept, removed)
