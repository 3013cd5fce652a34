"""Read a schemathesis NDJSON event stream into a verdict: the checks per operation, and which
operations were exercised at all.

Coverage is part of the verdict. schemathesis counts a check as passed when the answer it
judged conforms, whatever the answer was: a target that answers 404 to every call passes the
schema, status and positive-data checks of every operation (a 404 is documented everywhere).
So every operation the run selected must have had at least one positive call answered with a
2xx status its spec documents, or the run fails naming it and what it got instead.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The row of the answers to requests that match no operation (a method the path does not have).
OTHER = "undocumented methods"
TIMES = "\N{MULTIPLICATION SIGN}"


def operation_ids() -> dict[tuple[str, str], str]:
    """(METHOD, path template) -> operationId, in the spec's order."""
    from ..conftest import load_spec

    found: dict[tuple[str, str], str] = {}
    for path, item in load_spec()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[(method.upper(), path)] = operation["operationId"]
    return found


def documented_successes() -> dict[str, frozenset[str]]:
    """operationId -> the 2xx statuses its responses declare ('200', or a range '2XX')."""
    from ..conftest import load_spec

    found: dict[str, frozenset[str]] = {}
    for item in load_spec()["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                codes = (str(code).upper() for code in operation.get("responses", {}))
                found[operation["operationId"]] = frozenset(c for c in codes if c.startswith("2"))
    return found


def is_documented_success(status: int, documented: frozenset[str]) -> bool:
    return 200 <= status < 300 and (str(status) in documented or "2XX" in documented)


@dataclass
class OperationCalls:
    """The positive calls of one operation (what a conforming service must accept) and their
    answers. Requests that a check derived from a case (the same call without credentials,
    say) are not calls of their own."""

    statuses: Counter[int] = field(default_factory=Counter)
    succeeded: int = 0

    @property
    def calls(self) -> int:
        return sum(self.statuses.values())

    def answers(self, limit: int = 4) -> str:
        """'38 x 404, 2 x 401' (with a multiplication sign): the statuses, most frequent first."""
        common = self.statuses.most_common()
        shown = ", ".join(f"{count} {TIMES} {status}" for status, count in common[:limit])
        rest = sum(count for _, count in common[limit:])
        return f"{shown}, {rest} {TIMES} other" if rest else shown


@dataclass
class ContractReport:
    """What one run exercised and what its checks found, against what it selected."""

    #: Every operationId of the spec, in its order.
    operations: list[str]
    #: operationId -> why this run left it out (never required to be exercised).
    left_out: dict[str, str] = field(default_factory=dict)
    #: check name -> why this kind of target does not run it.
    checks_left_out: dict[str, str] = field(default_factory=dict)
    #: a part of the run (the stateful phase, negative data) -> why this kind of target does
    #: not run it.
    parts_left_out: dict[str, str] = field(default_factory=dict)
    #: counts[operation][check] = [passed, failed]
    counts: dict[str, dict[str, list[int]]] = field(default_factory=lambda: defaultdict(dict))
    calls: dict[str, OperationCalls] = field(default_factory=lambda: defaultdict(OperationCalls))
    #: The base URL every path of the spec was appended to, and the base path it ends with.
    base_url: str = ""
    base_path: str = ""

    @property
    def checks(self) -> list[str]:
        names: list[str] = []
        for per_check in self.counts.values():
            for name in per_check:
                if name not in names:
                    names.append(name)
        return names

    def failed(self) -> int:
        return sum(f for per_check in self.counts.values() for _, f in per_check.values())

    def failed_checks(self, operation: str) -> dict[str, int]:
        return {
            name: failed for name, (_, failed) in self.counts.get(operation, {}).items() if failed
        }

    def selected(self) -> list[str]:
        return [o for o in self.operations if o not in self.left_out]

    def not_exercised(self) -> list[str]:
        """The selected operations no positive call of which got a documented 2xx."""
        return [o for o in self.selected() if self.calls[o].succeeded == 0]

    def coverage_problems(self) -> list[str]:
        """One line per operation never exercised: what its calls got instead."""
        lines = []
        for operation in self.not_exercised():
            calls = self.calls[operation]
            got = f" ({calls.answers()})" if calls.calls else ""
            lines.append(f"{operation}: 0 of {calls.calls} calls answered 2xx{got}")
        return lines

    def every_answer_was_404(self) -> bool:
        """Nothing under the base path exists for this target: the mark of a wrong base path
        (or of a target that serves none of the spec)."""
        answers: Counter[int] = Counter()
        for operation in self.selected():
            answers.update(self.calls[operation].statuses)
        return bool(answers) and set(answers) <= {404}

    def verdict(self) -> list[str]:
        """Why the run fails, one line each; empty when coverage and every check hold."""
        problems: list[str] = []
        missing = self.coverage_problems()
        if missing:
            problems.append(
                f"{len(missing)} of {len(self.selected())} operations never exercised "
                f"at {self.base_url} (base path {self.base_path or '/'}): no positive call "
                "answered a documented 2xx status"
            )
            problems += [f"  {line}" for line in missing]
            if self.every_answer_was_404():
                problems.append(
                    f"  every call was answered 404: is {self.base_path or '/'} the base path "
                    "under which this target serves the spec's paths? (make contract-test "
                    "BASE_PATH=..., run.py --base-path; a mock such as Prism serves them at "
                    "its root: BASE_PATH=/)"
                )
        for operation in [*self.operations, OTHER]:
            failed = self.failed_checks(operation)
            if failed:
                named = ", ".join(f"{name} ({count} failed)" for name, count in failed.items())
                problems.append(f"{operation}: {named}")
        return problems

    def _status(self, operation: str) -> str:
        if operation in self.left_out:
            return f"left out: {self.left_out[operation]}"
        failed = self.failed_checks(operation)
        if self.calls[operation].succeeded == 0:
            return "FAILED: never answered 2xx" + (f"; {', '.join(failed)}" if failed else "")
        if failed:
            return f"FAILED: {', '.join(failed)}"
        return "passed"

    def _rows(self) -> Iterator[tuple[str, ...]]:
        for operation in self.operations:
            calls = self.calls[operation]
            checked = self.counts.get(operation, {}).values()
            passed = sum(p for p, _ in checked)
            failed = sum(f for _, f in checked)
            if operation in self.left_out and not calls.calls and not passed + failed:
                yield operation, "-", "-", "-", "-", self._status(operation)
                continue
            yield (
                operation,
                f"{calls.succeeded} of {calls.calls}",
                calls.answers(limit=3) or "-",
                str(passed),
                str(failed),
                self._status(operation),
            )
        other = self.counts.get(OTHER)
        if other:
            passed = sum(p for p, _ in other.values())
            failed = sum(f for _, f in other.values())
            status = "passed" if not failed else f"FAILED: {', '.join(self.failed_checks(OTHER))}"
            yield OTHER, "-", "-", str(passed), str(failed), status

    def render(self) -> str:
        """Two tables: the operations (calls answered 2xx, answers, checks, verdict), then the
        checks (passed/failed over all operations, or why this kind of target leaves it out)."""
        from rich.console import Console
        from rich.table import Table

        operations = Table(
            "operation",
            "2xx of positive calls",
            "answers",
            "checks passed",
            "checks failed",
            "verdict",
            title=f"contract run at {self.base_url}: operations",
        )
        for row in self._rows():
            operations.add_row(*row)
        checks = Table("check", "passed", "failed", "", title="checks")
        for name in self.checks:
            cells = [c for per_check in self.counts.values() for c in [per_check.get(name)] if c]
            passed = sum(p for p, _ in cells)
            failed = sum(f for _, f in cells)
            checks.add_row(name, str(passed), str(failed), "FAILED" if failed else "")
        for name, why in self.checks_left_out.items():
            checks.add_row(name, "-", "-", f"left out: {why}")
        for name, why in self.parts_left_out.items():
            checks.add_row(f"({name})", "-", "-", f"left out: {why}")
        console = Console(width=220, record=True, color_system=None, soft_wrap=False)
        with console.capture() as capture:
            console.print(operations)
            console.print(checks)
        return capture.get()


def _scenarios(ndjson: Path) -> Iterator[dict[str, Any]]:
    with ndjson.open(encoding="utf-8") as fh:
        for line in fh:
            finished = json.loads(line).get("ScenarioFinished")
            if finished:
                yield finished


def summarise(
    ndjson: Path,
    *,
    left_out: Mapping[str, str] | None = None,
    checks_left_out: Mapping[str, str] | None = None,
    parts_left_out: Mapping[str, str] | None = None,
    base_url: str = "",
    base_path: str = "",
) -> ContractReport:
    names = operation_ids()
    successes = documented_successes()
    report = ContractReport(
        operations=list(names.values()),
        left_out=dict(left_out or {}),
        checks_left_out=dict(checks_left_out or {}),
        parts_left_out=dict(parts_left_out or {}),
        base_url=base_url,
        base_path=base_path,
    )
    for finished in _scenarios(ndjson):
        recorder = finished.get("recorder") or {}
        cases: dict[str, Any] = recorder.get("cases", {})
        interactions = recorder.get("interactions", {})

        def operation_of(case_id: str | None, cases: dict[str, Any] = cases) -> str | None:
            value = cases.get(case_id, {}).get("value") if case_id else None
            if value is None:
                return None
            return names.get((value.get("method", ""), value.get("path", "")), OTHER)

        for case_id, results in (recorder.get("checks") or {}).items():
            operation = operation_of(case_id) or OTHER
            for result in results:
                cell = report.counts[operation].setdefault(result["name"], [0, 0])
                cell[0 if result["status"] == "success" else 1] += 1
        for case_id, case in cases.items():
            operation = operation_of(case_id)
            response = (interactions.get(case_id) or {}).get("response")
            if operation in (None, OTHER) or response is None:
                continue
            if operation_of(case.get("parent_id")) == operation:
                continue  # a check's variant of its parent call (e.g. without credentials)
            meta = case.get("value", {}).get("meta") or {}
            mode = (meta.get("generation") or {}).get("mode")
            # The stateful phase generates positive data only (schemathesis.toml) but labels
            # some linked steps negative: every step of it is a call.
            if mode != "positive" and finished.get("phase") != "stateful":
                continue
            assert operation is not None
            status = int(response["status_code"])
            report.calls[operation].statuses[status] += 1
            if is_documented_success(status, successes.get(operation, frozenset())):
                report.calls[operation].succeeded += 1
    return report


def statuses_in_phase(
    ndjson: Path, phase: str, *, linked_only: bool = False
) -> dict[str, dict[int, int]]:
    """operationId -> {HTTP status: how many answers} of one phase (e.g. `stateful`);
    `linked_only`: only the steps whose data a link filled in."""
    found: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    names = operation_ids()
    for finished in _scenarios(ndjson):
        if finished.get("phase") != phase:
            continue
        recorder = finished.get("recorder") or {}
        interactions = recorder.get("interactions", {})
        for case_id, case in recorder.get("cases", {}).items():
            response = (interactions.get(case_id) or {}).get("response")
            if response is None or (linked_only and not case.get("is_transition_applied")):
                continue
            value = case.get("value", {})
            operation = names.get((value.get("method", ""), value.get("path", "")), OTHER)
            found[operation][int(response["status_code"])] += 1
    return found


#: What schemathesis says when it could not reach an operation's logic with real data.
NOT_REACHED_WARNINGS = (
    "linked data was not usable",
    "Missing test data",
    "Schema validation mismatch",
)
