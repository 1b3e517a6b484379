"""No regular expression or text scan in leaflet takes super-linear time on any input.

Every pattern compiled anywhere in the package is fed strings built from its own literal pieces,
repeated: the inputs on which backtracking patterns go quadratic ("**a **a **a ...", "not not not
... ."). Each string is timed at 5,000 and at 20,000 characters (the most one field may hold). A
linear pattern takes a few milliseconds at either length; a quadratic one takes a tenth of a second
or more at 20,000 and sixteen times what it took at 5,000. A pattern fails only when both show.

Time is this thread's processor time, the best of three runs: other programs on a busy machine
take the processor away from the test, which stretches the clock, not the work a scan does. A
pattern that looks super-linear is measured again, the best of seven, before it fails.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import leaflet
from leaflet.limits import FIELD_CHARS
from leaflet.lint.patterns import Patterns

from bounded import bounded

N = FIELD_CHARS.value
SHORT = N // 4
SLOW = 0.1  # seconds at N characters above which the growth from SHORT to N is looked at
GROWTH = 8  # linear is 4 (N is four times SHORT), quadratic 16


def _patterns() -> dict[str, re.Pattern]:
    found: dict[str, re.Pattern] = {}

    def collect(name: str, value, depth: int = 0) -> None:
        if isinstance(value, re.Pattern):
            found.setdefault(value.pattern, value)
        elif depth < 3 and isinstance(value, (list, tuple, dict, set)):
            for item in value.values() if isinstance(value, dict) else value:
                collect(name, item, depth + 1)
        elif isinstance(value, Patterns):  # its second pattern is compiled when first needed
            collect(name, value.where)
            collect(name, value.each)
        elif depth < 3 and hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
            for field in value.__dataclass_fields__:
                collect(name, getattr(value, field), depth + 1)

    for info in pkgutil.walk_packages(leaflet.__path__, "leaflet."):
        if info.name.endswith("__main__") or ".studio" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            collect(f"{info.name}.{name}", value)
    return found


def adversarial(source: str) -> list[str]:
    """Units made of a pattern's own words and symbols, to be repeated."""
    words = set(re.findall(r"[A-Za-z]{2,}", source)) | {"a", "1", "not", "no pain"}
    symbols = set(re.sub(r"[A-Za-z0-9\\]", "", source)) | {" ", ".", "\n", "*"}
    return sorted({w + " " for w in words} | words | symbols | {s + "a" for s in symbols} | {"**a ", "a ."})


def repeated(unit: str, size: int) -> str:
    """``unit`` repeated to ``size`` characters, ending in a full stop and a mark that no match
    expects at the very end, so a pattern that scans ahead fails as late as it can."""
    return (unit * (size // len(unit) + 1))[: size - 2] + ".!"


def _best_of(rounds: int, run, text: str) -> float:
    """The least processor time of a few runs (a busy machine's caches slow some, never all)."""
    times = []
    for _ in range(rounds):
        start = time.thread_time()
        run(text)
        times.append(time.thread_time() - start)
    return min(times)


def _super_linear(short: float, full: float) -> bool:
    return full > SLOW and full > GROWTH * max(short, 1e-4)


def assert_linear(run, units: list[str], what: str) -> None:
    for unit in units:
        short, full = (_best_of(3, run, repeated(unit, size)) for size in (SHORT, N))
        if _super_linear(short, full):  # measured again before it fails
            short, full = (_best_of(7, run, repeated(unit, size)) for size in (SHORT, N))
        assert not _super_linear(short, full), (
            f"{what} grows super-linearly on {unit!r} repeated: {short:.3f} s at {SHORT:,}, {full:.3f} s at {N:,}"
        )


PATTERNS = _patterns()


def test_every_pattern_was_found():
    assert len(PATTERNS) > 20  # markup, templating, yamlpos, lint's text, fields...
    # the lint's one matcher for the jargon list and the one for the claims, both of their parts
    from leaflet.lint import claims, jargon

    assert sum("(?P<w0>" in p for p in PATTERNS) == 2
    assert all(
        words.where.pattern in PATTERNS and words.each.pattern in PATTERNS
        for words in (claims.ANY_CLAIM, jargon.ANY_TERM)
    )


def scan(pattern: re.Pattern, text: str) -> None:
    for _ in pattern.finditer(text):
        pass
    pattern.split(text)


@pytest.mark.parametrize("pattern", list(PATTERNS.values()), ids=lambda p: p.pattern[:40])
def test_no_pattern_is_super_linear(pattern):
    with bounded(seconds=60):
        assert_linear(lambda text: scan(pattern, text), adversarial(pattern.pattern), repr(pattern.pattern))


@pytest.mark.parametrize("pattern", [r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"\b(?:not|never)\b[^.]*$"])
def test_the_check_finds_the_patterns_issue_9_found(pattern):
    """The bold and negation patterns leaflet used to have: quadratic, and caught."""
    compiled = re.compile(pattern)
    with pytest.raises(AssertionError, match="super-linearly"), bounded(seconds=60):
        assert_linear(lambda text: scan(compiled, text), adversarial(pattern), pattern)


@pytest.mark.parametrize("name", ["bold", "claims", "sentences", "blocks", "readability"])
def test_no_text_scan_is_super_linear(name):
    from leaflet.lint import claims, readability
    from leaflet.lint.text import Sentence, sentences_of
    from leaflet.text import markup

    run = {
        "bold": markup.inline,
        "claims": claims.claims_in,
        "sentences": lambda t: list(sentences_of(t, ())),
        "blocks": markup.blocks,
        "readability": lambda t: readability.long_words(Sentence((), t)),
    }[name]
    with bounded(seconds=120):
        assert_linear(run, adversarial("**a ** not no pain - .\n{{ }} painless risk free 100% safe"), name)
