"""Speed where users feel it: numbers as people write them, start-up, and files of a
million lines. Each result is a ratio against a baseline measured side by side in the same run;
`bench.run` calls these and writes them into RESULTS.md with the others."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .run import Results, Sandbox

ROOT = Path(__file__).resolve().parent

#: NANP numbers as people write them, each format measured on its own.
FORMATS = {
    "E.164 (the fast path's baseline)": "+1{a}{e}{l}",
    "(202) 555-0134": "({a}) {e}-{l}",
    "202-555-0134": "{a}-{e}-{l}",
    "202.555.0134": "{a}.{e}.{l}",
    "202 555 0134": "{a} {e} {l}",
    "1.202.555.0134": "1.{a}.{e}.{l}",
    "+1 202 555 0134": "+1 {a} {e} {l}",
    "2025550134": "{a}{e}{l}",
}
AREAS = ["202", "212", "303", "415", "512", "617", "312", "416", "604", "514", "613", "403"]


def _national(i: int) -> tuple[str, str, str]:
    return AREAS[i % len(AREAS)], str(200 + i // 10_000 % 800), f"{i % 10_000:04d}"


# -- 7. human-format numbers --------------------------------------------------------------------


def bench_human_numbers(count: int, repeat: int, out: Results) -> None:
    from sinch_qualified_numbers import parse_phone_numbers

    inputs = {
        name: [template.format(a=a, e=e, l=line) for a, e, line in map(_national, range(count))]
        for name, template in FORMATS.items()
    }
    parse_phone_numbers(inputs["(202) 555-0134"][:1000])  # load phonenumbers and the patterns
    times: dict[str, list[float]] = {name: [] for name in FORMATS}
    for _ in range(repeat):  # interleaved, so drift affects every format alike
        for name, values in inputs.items():
            start = time.perf_counter()
            parsed = parse_phone_numbers(values)
            times[name].append(time.perf_counter() - start)
            if len(parsed.valid) + len(parsed.invalid) != count:
                raise RuntimeError(f"{name}: numbers lost")
    per_number = {name: statistics.median(t) / count * 1e6 for name, t in times.items()}
    baseline = per_number["E.164 (the fast path's baseline)"]
    out.add(
        f"\n## 7. `parse_phone_numbers` of numbers as people write them: {count:,} numbers per "
        f"format, median of {repeat}, interleaved\n"
    )
    out.add("| format | per number | ratio to E.164 |\n|---|---|---|")
    worst = 0.0
    for name, micros in per_number.items():
        ratio = micros / baseline
        if name != "E.164 (the fast path's baseline)":
            worst = max(worst, ratio)
        out.add(f"| {name} | {micros:.2f} µs | {ratio:.2f}x |")
    out.add(f"\nworst human format / E.164: **{worst:.2f}x**")
    out.target("human formats <= 2.5x the E.164 path", worst <= 2.5, f"worst {worst:.2f}x")


# -- 8. start-up ----------------------------------------------------------------------------------


#: The environment of the fresh processes: byte-code written and read as users' installs do
#: (with PYTHONDONTWRITEBYTECODE set, as in some CI and sandboxed shells, every run compiled
#: the wrapper and the generated package from source, which a wheel's install never does),
#: kept outside the tree (`make check-generated` compares generated/ file by file).
_BYTECODE_ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "sinch-qn-bench-pycache"),
}


def _cpu_seconds(command: list[str]) -> float:
    """User + system CPU time of one fresh process (what start-up costs, whatever else runs)."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT.parent,
        env=_BYTECODE_ENV,
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{command} exited {process.returncode}")
    return usage.ru_utime + usage.ru_stime


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("sinch-qn")
    return (
        [str(script)] if script.exists() else [sys.executable, "-m", "sinch_qualified_numbers.cli"]
    )


#: Constructing one client, as a script or a serverless function starts.
MAKE_CLIENT = (
    "from sinch_qualified_numbers import QualifiedNumbersClient\n"
    "QualifiedNumbersClient(project_id='p', key_id='k', key_secret='s')"
)


def bench_startup(runs: int, out: Results, python: str | None = None) -> dict[str, float]:
    """CPU time of fresh processes; `python` another interpreter (a fresh virtualenv with the
    built wheel and no extras), which runs only the library's rows."""
    python = python or sys.executable
    commands = {
        'python -c "pass"': [python, "-c", "pass"],
        'python -c "import httpx"': [python, "-c", "import httpx"],
        "import httpx; httpx.Client()": [python, "-c", "import httpx; httpx.Client()"],
        "import sinch_qualified_numbers": [python, "-c", "import sinch_qualified_numbers"],
        "from sinch_qualified_numbers import QualifiedNumbersClient": [
            python,
            "-c",
            "from sinch_qualified_numbers import QualifiedNumbersClient",
        ],
        "... and QualifiedNumbersClient(...) made": [python, "-c", MAKE_CLIENT],
    }
    fresh_venv = python != sys.executable
    if not fresh_venv:
        commands["sinch-qn --help"] = [*_cli(), "--help"]
        commands["sinch-qn --version"] = [*_cli(), "--version"]
    for command in commands.values():
        _cpu_seconds(command)  # warm the file cache and the byte-code
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):  # interleaved, so drift affects every command alike
        for name, command in commands.items():
            samples[name].append(_cpu_seconds(command))
    cpu = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    floor, nothing = cpu['python -c "import httpx"'], cpu['python -c "pass"']
    where = (
        "a fresh virtualenv with the built wheel, no extras"
        if fresh_venv
        else "the development environment"
    )
    out.add(
        f"\n## 8{'b' if fresh_venv else ''}. Start-up in {where}: CPU time (user + system) of a "
        f"fresh process, median of {runs}, interleaved\n"
    )
    out.add("| process | CPU time | ratio to `import httpx` | ratio to `pass` |\n|---|---|---|---|")
    for name, millis in cpu.items():
        out.add(f"| `{name}` | {millis:.0f} ms | {millis / floor:.2f}x | {millis / nothing:.1f}x |")
    client = cpu["... and QualifiedNumbersClient(...) made"] / floor
    transport = cpu["import httpx; httpx.Client()"] / floor
    out.add(
        "\nA client made checks its settings (arguments, environment, proxies) and builds nothing "
        "of httpx's: its httpx client and transport (httpcore, anyio, the CA bundle) are built at "
        "its first request, and the retrying transport, the resources, the generated API modules "
        "and models load with the first call that uses them. A bare `httpx.Client()` alone costs "
        f"{transport:.2f}x `import httpx` here. Where the client's start-up goes, self time by "
        "`python -X importtime` (which inflates every figure alike):\n"
    )
    out.add("| imported for a client made | self time | share |\n|---|---|---|")
    profile = import_profile(MAKE_CLIENT, python)
    total = sum(profile.values())
    for group, micros in sorted(profile.items(), key=lambda item: -item[1]):
        out.add(f"| {group} | {micros / 1000:.0f} ms | {micros / total:.0%} |")
    suffix = " (wheel)" if fresh_venv else ""
    out.target(f"client made <= 1.3x import httpx{suffix}", client <= 1.3, f"{client:.2f}x")
    if not fresh_venv:
        importing = cpu["import sinch_qualified_numbers"] / floor
        helping = cpu["sinch-qn --help"] / floor
        version = cpu["sinch-qn --version"] / floor
        out.target("import <= 1.3x import httpx", importing <= 1.3, f"{importing:.2f}x")
        out.target("sinch-qn --help <= 1.0x import httpx", helping <= 1.0, f"{helping:.2f}x")
        out.target("sinch-qn --version <= 1.0x import httpx", version <= 1.0, f"{version:.2f}x")
    return cpu


#: The first call of a fresh process against the sandbox: bare httpx, then the client.
FIRST_CALL_RAW = """
import json, sys
import httpx
url, key_id, key_secret, path = sys.argv[1:5]
with httpx.Client(base_url=url, auth=(key_id, key_secret)) as client:
    response = client.get(path)
    response.raise_for_status()
    json.loads(response.content)
"""
FIRST_CALL_CLIENT = """
import sys
from sinch_qualified_numbers import QualifiedNumbersClient
url, key_id, key_secret, project = sys.argv[1:5]
with QualifiedNumbersClient(project, key_id, key_secret, base_url=url, auth="basic") as client:
    client.qualified_numbers.get("+12025550134")
"""


def bench_first_call(
    url: str, path: str, project: str, auth: tuple[str, str], runs: int, out: Results
) -> None:
    """CPU time of a fresh process making one call: what a serverless cold start pays."""
    commands = {
        "bare httpx + json.loads": [sys.executable, "-c", FIRST_CALL_RAW, url, *auth, path],
        "QualifiedNumbersClient ... qualified_numbers.get()": [
            sys.executable, "-c", FIRST_CALL_CLIENT, url, *auth, project,
        ],
    }  # fmt: skip
    for command in commands.values():
        _cpu_seconds(command)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(_cpu_seconds(command))
    cpu = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    bare = cpu["bare httpx + json.loads"]
    out.add(
        f"\n## 13. A first call in a fresh process (import, client, one get() of a number from "
        f"the local sandbox, Basic auth): CPU time, median of {runs}, interleaved\n"
    )
    out.add("| process | CPU time | ratio |\n|---|---|---|")
    for name, millis in cpu.items():
        out.add(f"| {name} | {millis:.0f} ms | {millis / bare:.2f}x |")
    ratio = cpu["QualifiedNumbersClient ... qualified_numbers.get()"] / bare
    out.target("first call <= 1.3x bare httpx", ratio <= 1.3, f"{ratio:.2f}x")


def _importtime(code: str, python: str) -> dict[str, int]:
    """Self time in µs of each module a fresh interpreter imports to run `code`."""
    result = subprocess.run(
        [python, "-X", "importtime", "-c", code],
        capture_output=True, text=True, check=True, cwd=ROOT.parent, env=_BYTECODE_ENV,
    )  # fmt: skip
    times: dict[str, int] = {}
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "self [us]" not in line:
            self_us, _, name = line.removeprefix("import time:").split("|")
            times[name.strip()] = int(self_us)
    return times


def import_profile(code: str, python: str | None = None) -> dict[str, int]:
    """`code`'s import self time grouped: what `import httpx` loads anyway, httpx's transport,
    the generated package, the wrapper, attrs, the rest."""
    python = python or sys.executable
    floor = _importtime("import httpx", python).keys()
    groups: dict[str, int] = {}
    for name, micros in _importtime(code, python).items():
        top = name.split(".")[0]
        if name in floor:
            group = "httpx and what it imports (the floor)"
        elif top in ("httpcore", "h11", "anyio", "sniffio", "trio", "outcome", "sortedcontainers"):
            group = "httpx's transport: httpcore, h11, anyio (trio where installed)"
        elif top == "sinch_qualified_numbers_api":
            group = "the generated package (its client, types)"
        elif top == "sinch_qualified_numbers":
            group = "the wrapper's own modules"
        elif top in ("attr", "attrs"):
            group = "attrs"
        else:
            group = "the standard library and other dependencies"
        groups[group] = groups.get(group, 0) + micros
    return groups


# -- 9. a million-line file -----------------------------------------------------------------------


def write_number_file(path: Path, lines: int) -> None:
    """A CSV export as people keep them: a name and a number column, the numbers in every
    common human format, one row in 200 not a number and one in 500 a duplicate."""
    templates = list(FORMATS.values())[1:]
    with path.open("w", encoding="utf-8") as fh:
        fh.write("name,phoneNumber\n")
        for i in range(lines):
            if i % 200 == 199:
                fh.write(f"customer {i},not a number\n")
                continue
            a, e, line = _national(i - 1 if i % 500 == 499 else i)
            fh.write(f"customer {i},{templates[i % len(templates)].format(a=a, e=e, l=line)}\n")


def child_check(path: str) -> dict[str, float]:
    """In a fresh process: check the file as `sinch-qn add --file` does (rejected rows to
    their file), timed, with the process's peak RSS growth."""
    from sinch_qualified_numbers.cli._inputs import read_number_file, rejected_path_for

    before = _rss_mb()
    start = time.perf_counter()
    parsed = read_number_file(Path(path), rejected_path=rejected_path_for(Path(path)))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "growth_mb": max(0.0, peak - before),
        "valid": len(parsed),
        "rejected": parsed.rejected_count,
    }


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _peak_of(command: list[str], env: dict[str, str], exit_code: int = 0) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process, as `/usr/bin/time -v` counts it."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT.parent
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != exit_code:
        raise RuntimeError(f"{command} exited {process.returncode}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def bench_big_file(
    box: Sandbox,
    lines: int,
    listed: int,
    env: dict[str, str],
    child: Callable[[str], Any],
    out: Results,
) -> None:
    small_lines = 2000
    with tempfile.TemporaryDirectory() as folder:
        big, small = Path(folder) / "big.csv", Path(folder) / "small.csv"
        write_number_file(big, lines)
        write_number_file(small, small_lines)
        checked = child(str(big))
        out.add(
            f"\n## 9. A {lines:,}-line file of human-format numbers "
            f"({big.stat().st_size / 1e6:.0f} MB; {checked['valid']:,} valid, "
            f"{checked['rejected']:,} rejected rows)\n"
        )
        out.add("| what | wall time | peak RSS | peak RSS growth |\n|---|---|---|---|")
        out.add(
            f"| checking alone (read, check, dedupe, rejected rows to their file) | "
            f"{checked['seconds']:.1f} s | | {checked['growth_mb']:.0f} MB |"
        )
        cli = _cli()
        peaks: dict[str, float] = {}
        for name, file in (("small", small), ("big", big)):
            box.reset()
            # Exit 1: the file's rejected rows (everything else was added).
            wall, peak = _peak_of([*cli, "add", "--file", str(file), "-o", "json"], env, 1)
            peaks[f"add {name}"] = peak
            if name == "big":
                growth = peak - peaks["add small"]
                add_growth = growth
                out.add(
                    f"| `sinch-qn add --file` (all {checked['valid']:,} sent, `-o json`) | "
                    f"{wall:.1f} s | {peak:.0f} MB | {growth:.0f} MB over {small_lines:,} lines |"
                )
        # List as scripts do. The sandbox's own listing slows with its size (each page of a
        # 1,000,000-number project costs it about 8x one of 200,000), so it holds just these.
        box.reset()
        box.seed([f"+1{a}{e}{line}" for a, e, line in map(_national, range(listed))])
        _, peak_small = _peak_of([*cli, "list", "--limit", "2000", "-o", "json"], env)
        wall, peak = _peak_of([*cli, "list", "--limit", str(listed), "-o", "json"], env)
        list_growth = peak - peak_small
        out.add(
            f"| `sinch-qn list --limit {listed:,} -o json` | {wall:.1f} s | {peak:.0f} MB | "
            f"{list_growth:.0f} MB over 2,000 rows |"
        )
    scaled = checked["seconds"] * 1_000_000 / lines
    out.add(
        "\nPeak RSS of the whole process as `/usr/bin/time -v` reports it (`wait4`), growth "
        "against the same command on a small input. The checking time scaled to a million "
        f"lines: {scaled:.1f} s."
    )
    out.target("checking a 1,000,000-line file <= 15 s", scaled <= 15, f"{scaled:.1f} s")
    worst = max(add_growth, list_growth, checked["growth_mb"])
    out.target(
        "peak RSS growth <= 100 MB (add --file, list)", worst <= 100, f"worst {worst:.0f} MB"
    )
