#!/usr/bin/env python3
"""Writes a 10,000-line PowerShell script made of the repository's real scripts (the
samples and fixtures, each wrapped in its own function so names don't collide), and a
Python program of the same line count as the reference workload for python3's compiler.
Deterministic: the same inputs give the same bytes."""
import glob, os, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out_dir = sys.argv[1] if len(sys.argv) > 1 else "/tmp"
target = int(sys.argv[2]) if len(sys.argv) > 2 else 10000

sources = sorted(glob.glob(os.path.join(root, "SampleScripts", "*.ps1"))) + \
          sorted(glob.glob(os.path.join(root, "Tests", "Fixtures", "*.ps1")))
bodies = []
for path in sources:
    text = open(path, encoding="utf-8-sig").read().replace("\r\n", "\n")
    # #requires and using must start a script; keep them out of function bodies.
    lines = [l for l in text.split("\n") if not l.lower().startswith(("#requires", "using "))]
    bodies.append(lines)

ps, i = [], 0
while True:
    body = bodies[i % len(bodies)]
    chunk = [f"function Invoke-Chunk{i} {{"] + body + ["}"]  # unindented: here-string footers must start a line
    if len(ps) + len(chunk) > target:
        break
    ps.extend(chunk)
    i += 1
ps += [f"$padding{k} = {k} * 2" for k in range(target - len(ps))]
open(os.path.join(out_dir, "bench-10k.ps1"), "w").write("\n".join(ps) + "\n")

py, j = [], 0
while len(py) < target:
    py += [f"def chunk{j}(vms, threshold=5):",
           f"    report = []",
           f"    for vm in vms:",
           f"        if vm.get('power') == 'on' and vm['cpu'] > threshold:",
           f"            report.append({{'name': vm['name'], 'cpu': round(vm['cpu'] * 1.5, 2)}})",
           f"        elif vm.get('snapshots'):",
           f"            report.extend(s for s in vm['snapshots'] if s['age'] > {j % 30})",
           f"    return sorted(report, key=lambda r: r['name'])",
           ""]
    j += 1
py = py[:target - (target % 9)]
py += [f"padding{k} = {k} * 2" for k in range(target - len(py))]
open(os.path.join(out_dir, "bench-10k.py"), "w").write("\n".join(py) + "\n")
