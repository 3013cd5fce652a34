"""Summarise a schemathesis NDJSON event stream as operations x checks with pass/fail counts."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class CheckTable:
    """counts[operation][check] = [passed, failed]"""

    counts: dict[str, dict[str, list[int]]] = field(default_factory=lambda: defaultdict(dict))

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

    def render(self) -> str:
        """Checks down, operations across; each cell is passed/failed ('-' never ran)."""
        from rich.console import Console
        from rich.table import Table

        operations = sorted(self.counts, key=lambda o: (o == OTHER, o))
        table = Table(
            "check", *operations, title="schemathesis: passed/failed per operation and check"
        )
        for name in self.checks:
            cells = []
            for operation in operations:
                passed, failed = self.counts[operation].get(name, [0, 0])
                cells.append("-" if passed + failed == 0 else f"{passed}/{failed}")
            table.add_row(name, *cells)
        # As wide as the table needs: a cut operation name would hide which one failed.
        width = (
            4
            + max(len(n) for n in ["check", *self.checks])
            + sum(3 + max(len(o), 9) for o in operations)
        )
        console = Console(width=max(width, 80), record=True, color_system=None)
        with console.capture() as capture:
            console.print(table)
        return capture.get()


OTHER = "undocumented methods"


def operation_ids() -> dict[tuple[str, str], str]:
    from ..conftest import load_spec

    found: dict[tuple[str, str], str] = {}
    for path, item in load_spec()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[(method.upper(), path)] = operation["operationId"]
    return found


def summarise(ndjson: Path) -> CheckTable:
    table = CheckTable()
    names = operation_ids()
    with ndjson.open(encoding="utf-8") as fh:
        for line in fh:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            recorder = finished.get("recorder") or {}
            cases = recorder.get("cases", {})
            for case_id, results in (recorder.get("checks") or {}).items():
                value = cases.get(case_id, {}).get("value", {})
                operation = names.get((value.get("method", ""), value.get("path", "")), OTHER)
                for result in results:
                    cell = table.counts[operation].setdefault(result["name"], [0, 0])
                    cell[0 if result["status"] == "success" else 1] += 1
    return table


def statuses_in_phase(
    ndjson: Path, phase: str, *, linked_only: bool = False
) -> dict[str, dict[int, int]]:
    """operationId -> {HTTP status: how many answers} of one phase (e.g. `stateful`);
    `linked_only`: only the steps whose data a link filled in."""
    found: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    names = operation_ids()
    with ndjson.open(encoding="utf-8") as fh:
        for line in fh:
            finished = json.loads(line).get("ScenarioFinished")
            if not finished or finished.get("phase") != phase:
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
