#!/usr/bin/env bash
# Runtime benchmarks: the same programs in vish, python3 and (when installed) lua, in one
# run. Prints each program's best time, the vish/python3 ratio and whether the outputs
# agree, then start-up time, the pipeline/foreach ratio, the cost of a function call and
# how the append loops grow from N to 2N, each against its target.
#
# Builds nothing: run `swift build -c release --product vish` first.
#
#   Benchmarks/runtime/run.sh [BENCHMARK…]     all benchmarks, or only those named
#
# Environment:
#   VISH          vish binary (default: .build/release/vish)
#   LUA           lua binary (default: lua5.4 or lua from PATH; "none" skips lua)
#   BENCH_SCALE   multiplies every iteration count (default 1; e.g. 0.01 for a debug build);
#                 fib's argument drops by log_phi(1/scale) so its work scales the same way
#   BENCH_RUNS    runs per program, the best one counts (default 3; start-up: 10)
#   BENCH_BUDGET  stop repeating a program once its runs took this many seconds (default 30)
#   BENCH_TIMEOUT seconds before one run is killed (default 300)
#   BENCH_CLOCK   wall (default) or cpu: user+sys time of the process, steadier on a busy machine
#
# Exit status 1 when a program fails or the outputs disagree; missed targets only print.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
vish="${VISH:-$root/.build/release/vish}"
if [[ ! -x "$vish" ]]; then
    echo "vish binary not found at $vish: build it (swift build -c release --product vish) or set VISH" >&2
    exit 2
fi
lua="${LUA:-}"
if [[ -z "$lua" ]]; then
    lua="$(command -v lua5.4 || command -v lua || true)"
elif [[ "$lua" == none ]]; then
    lua=""
fi

exec python3 - "$here" "$vish" "$lua" "$@" <<'PY'
import math, os, resource, subprocess, sys, time

here, vish, lua, only = sys.argv[1], sys.argv[2], sys.argv[3], set(sys.argv[4:])
scale = float(os.environ.get("BENCH_SCALE", "1"))
runs = max(1, int(os.environ.get("BENCH_RUNS", "3")))
budget = float(os.environ.get("BENCH_BUDGET", "30"))
timeout = float(os.environ.get("BENCH_TIMEOUT", "300"))
clock = os.environ.get("BENCH_CLOCK", "wall")
if clock not in ("wall", "cpu"):
    sys.exit("BENCH_CLOCK is wall or cpu")
failed = False


def scaled(n):
    return max(1, round(n * scale))


def fib_arg(n):
    # fib(n) makes about phi^n calls: scale the work, not the argument.
    return max(2, n + round(math.log(scale) / math.log((1 + 5 ** 0.5) / 2)))


def measure(cmd, reps):
    """Best time in ms (BENCH_CLOCK) of `reps` runs (fewer once `budget` is spent), and the
    output. Returns (ms, output, error); an error stops the runs."""
    best, out, spent = None, None, 0.0
    for _ in range(reps):
        r0, t = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                               text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return best, out, f"timed out after {timeout:g} s"
        wall, r1 = time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        dt = cpu if clock == "cpu" else wall
        text = p.stdout.strip()
        if p.returncode != 0 or p.stderr.strip():
            detail = (p.stderr.strip() or text).splitlines()
            return None, text, f"exit {p.returncode}: " + (detail[0] if detail else "")
        if out is not None and text != out:
            return None, text, f"output changed between runs: {out!r} then {text!r}"
        out = text
        best = dt if best is None else min(best, dt)
        spent += wall
        if spent > budget:
            break
    return best * 1000, out, None


def languages():
    langs = [("vish", lambda f, a: [vish, f + ".ps1", *a]),
             ("python3", lambda f, a: [sys.executable, f + ".py", *a])]
    if lua:
        langs.append(("lua", lambda f, a: [lua, f + ".lua", *a]))
    return langs


def ms(v):
    return "-" if v is None else f"{v:.1f}"


def ratio(a, b):
    return "-" if a is None or b is None or b <= 0 else f"{a / b:.2f}x"


# (row name, program, argument)
benchmarks = [
    ("loop", "loop", scaled(10_000_000)),
    ("fib", "fib", fib_arg(27)),
    ("strings", "strings", scaled(100_000)),
    ("hashtable", "hashtable", scaled(1_000_000)),
    ("pipeline", "pipeline", scaled(1_000_000)),
    ("pipeline-foreach", "pipeline-foreach", scaled(1_000_000)),
    ("calls", "calls", scaled(100_000)),
    ("calls-baseline", "loop", scaled(100_000)),  # the calls loop without the call
    # The cost of one call, from ten times as many (at 100k the difference is ~20 ms, and
    # a millisecond of noise moves it by 0.01 µs).
    ("call-time", "calls", scaled(1_000_000)),
    ("call-time-baseline", "loop", scaled(1_000_000)),
    ("array-append", "array-append", scaled(100_000)),
    ("array-append-2n", "array-append", 2 * scaled(100_000)),
    ("string-append", "string-append", scaled(100_000)),
    ("string-append-2n", "string-append", 2 * scaled(100_000)),
]
if only:
    unknown = only - {b[0] for b in benchmarks} - {b[1] for b in benchmarks} - {"startup"}
    if unknown:
        sys.exit(f"unknown benchmark: {', '.join(sorted(unknown))}")
    benchmarks = [b for b in benchmarks if b[0] in only or b[1] in only]
langs = languages()
results = {}  # (row, lang) -> ms
wrong = set()  # rows where vish failed or disagreed

print(f"vish:    {vish}")
print(f"python3: {sys.executable} ({sys.version.split()[0]})")
print(f"lua:     {lua or '- (not installed)'}")
print(f"scale {scale:g}, {clock} clock, best of {runs} (start-up: best of 10)\n")
header = f"{'benchmark':<18} {'N':>9} {'vish ms':>10} {'python3 ms':>11} {'lua ms':>9} {'vish/py':>8}  check"
print(header)
print("-" * len(header))

# Start-up: an empty command, best of 10.
if not only or "startup" in only:
    startup_cmds = {"vish": [vish, "-c", "1"], "python3": [sys.executable, "-c", "1"]}
    if lua:
        startup_cmds["lua"] = [lua, "-e", ""]
    check = "ok"
    for name, cmd in startup_cmds.items():
        t, _, err = measure(cmd, 10)
        results[("startup", name)] = t
        if err:
            check, failed = f"{name} FAILED: {err}", True
    print(f"{'startup':<18} {'-':>9} {ms(results[('startup', 'vish')]):>10} "
          f"{ms(results[('startup', 'python3')]):>11} {ms(results.get(('startup', 'lua'))):>9} "
          f"{ratio(results[('startup', 'vish')], results[('startup', 'python3')]):>8}  {check}",
          flush=True)

for row, prog, n in benchmarks:
    outs, errs = {}, []
    for name, cmd in langs:
        reps = max(runs, 5) if row.startswith("call") else runs
        t, out, err = measure(cmd(os.path.join(here, prog), [str(n)]), reps)
        results[(row, name)] = t
        outs[name] = out
        if err:
            errs.append(f"{name} FAILED: {err}")
    expected = outs["python3"]
    for name, out in outs.items():
        if name != "python3" and out is not None and not any(e.startswith(name) for e in errs) \
                and out != expected:
            errs.append(f"{name} MISMATCH: {out!r}, python3 {expected!r}")
    if errs:
        failed = True
        if any(e.startswith("vish") for e in errs):
            wrong.add(row)  # no targets from a wrong answer
    check = "; ".join(errs) if errs else f"ok ({expected})"
    print(f"{row:<18} {n:>9} {ms(results[(row, 'vish')]):>10} {ms(results[(row, 'python3')]):>11} "
          f"{ms(results.get((row, 'lua'))):>9} "
          f"{ratio(results[(row, 'vish')], results[(row, 'python3')]):>8}  {check}", flush=True)

# Derived figures and targets, from the rows vish got right.
print()
for row in wrong:
    results.pop((row, "vish"), None)
targets = []


def target(label, text, ok):
    verdict = "-" if ok is None else ("met" if ok else "MISSED")
    targets.append((label, text, verdict))


micro = ["loop", "fib", "strings", "hashtable", "pipeline", "pipeline-foreach", "calls"]
for row in micro:
    v, p = results.get((row, "vish")), results.get((row, "python3"))
    if v is not None and p is not None:
        target(f"{row}: vish/python3 <= 1.5x", f"{v / p:.2f}x", v / p <= 1.5)

s = results.get(("startup", "vish"))
if s is not None:
    target("start-up (vish -c 1) < 20 ms", f"{s:.1f} ms", s < 20)
startup = {name: results.get(("startup", name)) or 0.0 for name, _ in langs}

pl, pf = results.get(("pipeline", "vish")), results.get(("pipeline-foreach", "vish"))
if pl is not None and pf is not None:
    py = ratio(results.get(("pipeline", "python3")), results.get(("pipeline-foreach", "python3")))
    target("pipeline / foreach <= 2x", f"{pl / pf:.2f}x (python3 generators/for: {py})",
           pl / pf <= 2)

call_rows = ("call-time", "call-time-baseline")
if not all((r, "vish") in results for r in call_rows):
    call_rows = ("calls", "calls-baseline")
c, b = results.get((call_rows[0], "vish")), results.get((call_rows[1], "vish"))
calls_n = next((n for row, _, n in benchmarks if row == call_rows[0]), None)
if c is not None and calls_n:
    raw = (c - startup["vish"]) * 1000 / calls_n
    if b is not None:
        per = (c - b) * 1000 / calls_n
        pc, pb = results.get((call_rows[0], "python3")), results.get((call_rows[1], "python3"))
        py = f"{(pc - pb) * 1000 / calls_n:.3f} µs" if pc is not None and pb is not None else "-"
        target("function call < 0.2 µs",
               f"{per:.3f} µs (calls - same loop without the call; whole loop less start-up "
               f"{raw:.3f} µs; python3 {py})", per < 0.2)
    else:
        target("function call < 0.2 µs",
               f"{raw:.3f} µs (whole loop less start-up, / {calls_n})", raw < 0.2)

for name in ("array-append", "string-append"):
    parts = []
    vish_growth = None
    for lang, _ in langs:
        t1, t2 = results.get((name, lang)), results.get((name + "-2n", lang))
        if t1 is None or t2 is None:
            continue
        # Start-up is the same at N and 2N: leave it out of the growth.
        g = max(t2 - startup[lang], 0.0) / max(t1 - startup[lang], 1e-9)
        parts.append(f"{lang} {g:.2f}x")
        if lang == "vish":
            vish_growth = g
    if vish_growth is not None:
        # ~2 is linear, ~4 quadratic; allow noise up to 2.6.
        target(f"{name} linear: time(2N)/time(N) ~ 2",
               ", ".join(parts) + "  (2 linear, 4 quadratic; start-up subtracted)",
               vish_growth <= 2.6)

if targets:
    width = max(len(t[0]) for t in targets)
    print("targets" + ("" if scale == 1 else f" (scale {scale:g}: only meaningful at scale 1)"))
    for label, text, verdict in targets:
        print(f"  {label:<{width}}  {verdict:<6}  {text}")
sys.exit(1 if failed else 0)
PY
