#!/usr/bin/env bash
# Parsing a 10,000-line script: vish (release build) against python3 compiling a
# 10,000-line program, in the same run. Prints times and the ratio.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/scripts/bootstrap.sh"
(cd "$root" && swift build -c release --product vish >/dev/null)
vish="$root/.build/release/vish"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/Benchmarks/parse/generate.py" "$work" 10000

# vish: median in-process parse time over 21 runs (the file read and start-up excluded).
vish_ms=$("$vish" parse --stats --repeat 21 "$work/bench-10k.ps1" | sed -E 's/.*parse ([0-9.]+) ms/\1/')
vish_line=$("$vish" parse --stats "$work/bench-10k.ps1")
# python3: median compile() time of the same number of lines, in-process.
py_ms=$(python3 - "$work/bench-10k.py" <<'PY'
import sys, time, statistics
src = open(sys.argv[1]).read()
times = []
for _ in range(21):
    t = time.perf_counter(); compile(src, "bench", "exec"); times.append(time.perf_counter() - t)
print(f"{statistics.median(times) * 1000:.3f}")
PY
)
# Whole process, start-up included: `vish parse` of the file, best of 5.
wall_ms=$(python3 - "$vish" "$work/bench-10k.ps1" <<'PY'
import subprocess, sys, time
best = 1e9
for _ in range(5):
    t = time.perf_counter(); subprocess.run([sys.argv[1], "parse", sys.argv[2]], check=True); best = min(best, time.perf_counter() - t)
print(f"{best * 1000:.1f}")
PY
)
echo "parse benchmark: ${vish_line#*: }"
printf '  vish parse (in-process, median of 21)  %8.2f ms\n' "$vish_ms"
printf '  python3 compile() of 10,000 lines      %8.2f ms\n' "$py_ms"
printf '  ratio vish / python3                   %8.2fx\n' "$(python3 -c "print($vish_ms / $py_ms)")"
printf '  vish parse, whole process (best of 5)  %8.1f ms\n' "$wall_ms"
