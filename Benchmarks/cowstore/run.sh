#!/usr/bin/env bash
# CowStore against qcow2 (qemu-img / qemu-io from Debian's qemu-utils), the same
# operations on the same sizes in one run. Prints each operation's time and host bytes on
# both sides, the ratio CowStore/qemu, and the issue's targets (linked clone, 1,000 clones,
# space after random writes, random reads through deep chains, consolidation cost).
#
# CowStore is timed in process (cowstore-bench); qemu's figures are whole processes, so a
# single small qemu operation carries ~5 ms of process start-up: compare the large
# operations for throughput and the small ones against their absolute targets.
#
# Builds nothing: run `swift build -c release --product cowstore-bench` first.
#
# Environment:
#   COWSTORE_BENCH  the driver (default: .build/release/cowstore-bench)
#   BENCH_DIR       where the datastores and images go (default: /tmp; same filesystem for both)
#   BENCH_RUNS      runs of the repeatable steps, the best counts (default 3)
#   BENCH_WRITES    random 4 KiB writes (default 100000)
#   BENCH_READS     random 4 KiB reads (default 25600)
#   BENCH_CLONES    clones in the many-clones step (default 1000)
#   BENCH_GIB       size of the sequential write / read / consolidate / full clone in GiB (default 1)
#
# Exit status 1 when a step fails or check() finds a problem; missed targets only print.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench="${COWSTORE_BENCH:-$root/.build/release/cowstore-bench}"
if [[ ! -x "$bench" ]]; then
    echo "cowstore-bench not found at $bench: build it (swift build -c release --product cowstore-bench)" >&2
    exit 2
fi
for tool in qemu-img qemu-io; do
    command -v "$tool" >/dev/null || { echo "$tool not found: install qemu-utils (apt-get install qemu-utils)" >&2; exit 2; }
done
exec python3 - "$bench" <<'PY'
import json, os, random, shutil, subprocess, sys, tempfile, time

bench = sys.argv[1]
env = os.environ
runs = int(env.get("BENCH_RUNS", "3"))
n_writes = int(env.get("BENCH_WRITES", "100000"))
n_reads = int(env.get("BENCH_READS", "25600"))
n_clones = int(env.get("BENCH_CLONES", "1000"))
gib = int(env.get("BENCH_GIB", "1"))
GiB, KiB, MiB = 1 << 30, 1 << 10, 1 << 20
size = gib * GiB
work = tempfile.mkdtemp(prefix="cowstore-bench.", dir=env.get("BENCH_DIR", "/tmp"))

def cs(step, store, *args):
    out = subprocess.run([bench, step, store, *map(str, args)], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"cowstore-bench {step} failed: {out.stderr.strip()}")
    return json.loads(out.stdout)

def run(*cmd, stdin=None):
    os.sync()
    start = time.perf_counter()
    out = subprocess.run(cmd, stdin=stdin, capture_output=True, text=True)
    took = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {out.stderr.strip()}")
    return took

def du(path):
    if os.path.isdir(path):
        return sum(os.stat(os.path.join(path, f)).st_blocks * 512 for f in os.listdir(path))
    return os.stat(path).st_blocks * 512

def p(path): return os.path.join(work, path)

def fmt_t(s): return f"{s * 1000:9.2f} ms" if s < 10 else f"{s:9.2f} s "
def fmt_b(b):
    for unit, n in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if b >= n: return f"{b / n:8.1f} {unit}"
    return f"{b:8d} B  "

rows = []
def row(name, cs_s, q_s, cs_b=None, q_b=None, note=""):
    rows.append((name, cs_s, q_s, cs_b, q_b, note))
    ratio = f"{cs_s / q_s:6.2f}x" if cs_s is not None and q_s else "      "
    print(f"{name:<44} {fmt_t(cs_s) if cs_s is not None else ' ' * 12}  {fmt_t(q_s) if q_s else ' ' * 12}  {ratio}"
          f"  {fmt_b(cs_b) if cs_b is not None else ' ' * 12}  {fmt_b(q_b) if q_b is not None else ' ' * 12}  {note}", flush=True)

targets = []
def target(label, ok, detail):
    targets.append((label, ok, detail))

def best(f, n=runs):
    return min((f() for _ in range(n)), key=lambda r: r[0])

print(f"CowStore vs qcow2 ({subprocess.run(['qemu-img', '--version'], capture_output=True, text=True).stdout.splitlines()[0]}), work dir {work}")
print(f"{'operation':<44} {'CowStore':>12}  {'qemu':>12}  {'ratio':>7}  {'CowStore host':>12}  {'qemu host':>12}")

# Create a 40 GiB thin disk.
def create():
    d = tempfile.mkdtemp(dir=work); r = cs("create", d, 40 * GiB); shutil.rmtree(d); return r["seconds"], r["hostBytes"]
def q_create():
    t = run("qemu-img", "create", "-q", "-f", "qcow2", p("c.qcow2"), "40G"); b = du(p("c.qcow2")); os.remove(p("c.qcow2")); return t, b
c, q = best(create), best(q_create)
row("create a 40 GiB thin disk", c[0], q[0], c[1], q[1], "(datastore incl. catalogue)")

# Write 1 GiB sequentially into a new 40 GiB disk (fresh each run; flushed once).
store = p("ds")
def seq_write():
    shutil.rmtree(store, ignore_errors=True); cs("create", store, 40 * GiB); os.sync()
    r = cs("write", store, "base", size); return r["seconds"], r["hostBytes"]
def q_seq_write():
    if os.path.exists(p("base.qcow2")): os.remove(p("base.qcow2"))
    run("qemu-img", "create", "-q", "-f", "qcow2", p("base.qcow2"), "40G")
    return run("qemu-io", "-f", "qcow2", "-c", f"write -q -P 0xab 0 {gib}G", p("base.qcow2")), du(p("base.qcow2"))
c, q = best(seq_write), best(q_seq_write)
row(f"write {gib} GiB sequentially", c[0], q[0], c[1], q[1])

# Snapshot the written disk (qemu: an internal snapshot, then deleted again).
snap = cs("snapshot", store, "base")
base_layer = snap["layer"]
def q_snapshot():
    t = run("qemu-img", "snapshot", "-c", "s", p("base.qcow2")); run("qemu-img", "snapshot", "-d", "s", p("base.qcow2")); return t, 0
q = best(q_snapshot)
row(f"snapshot a disk holding {gib} GiB", snap["seconds"], q[0])

# One linked clone, and many.
k = [0]
def clone():
    k[0] += 1; r = cs("clone", store, base_layer, f"lc{k[0]}"); return r["seconds"], r["addedBytes"]
def q_clone():
    k[0] += 1; f = p(f"ov{k[0]}.qcow2")
    t = run("qemu-img", "create", "-q", "-f", "qcow2", "-b", p("base.qcow2"), "-F", "qcow2", f); return t, du(f)
c, q = best(clone), best(q_clone)
row("linked clone of the disk", c[0], q[0], c[1], q[1])
target("linked clone under 1 ms and 64 KiB", c[0] < 0.001 and c[1] < 64 * KiB, f"{c[0] * 1000:.3f} ms, {c[1]} bytes (qcow2 overlay {q[1]} bytes)")
# A linked clone of a 35 GB guest image (synthetic grains: 35 GB allocated, a few KiB on the host).
g35 = p("ds35")
cs("create", g35, 35 * 10**9)
cs("synthetic", g35, "base", 35 * 10**9 // 4096)
layer35 = cs("snapshot", g35, "base")["layer"]
k35 = [0]
def clone35():
    k35[0] += 1; r = cs("clone", g35, layer35, f"vm{k35[0]}"); return r["seconds"], r["addedBytes"]
c = best(clone35)
row("linked clone of a 35 GB disk (synthetic image)", c[0], q[0], c[1], q[1], f"(datastore {fmt_b(du(g35)).strip()} for 35 GB allocated)")
target("linked clone of a 35 GB disk under 1 ms and 64 KiB", c[0] < 0.001 and c[1] < 64 * KiB, f"{c[0] * 1000:.3f} ms, {c[1]} bytes")
r = cs("clone", store, base_layer, "many", n_clones)
os.makedirs(p("clones"), exist_ok=True)
os.sync(); start = time.perf_counter()
for i in range(n_clones):
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-b", p("base.qcow2"), "-F", "qcow2", p(f"clones/vm{i}.qcow2")], check=True)
q_t = time.perf_counter() - start
row(f"{n_clones} linked clones", r["seconds"], q_t, r["addedBytes"], du(p("clones")))
target(f"{n_clones} linked clones under 1 s and 4 MiB", r["seconds"] < 1 and r["addedBytes"] < 4 * MiB, f"{r['seconds']:.3f} s, {r['addedBytes']} bytes")
shutil.rmtree(p("clones"))

# Random 4 KiB writes into a clone, flushed once (qemu: writeback, a flush at the end).
rng = random.Random(1)
offsets = [rng.randrange(0, size, 4096) for _ in range(n_writes)]
with open(p("w.off"), "w") as f: f.write("\n".join(map(str, offsets)))
with open(p("w.cmd"), "w") as f: f.write("".join(f"write -q -P 0xcd {o} 4k\n" for o in offsets) + "flush\n")
cs("clone", store, base_layer, "rw"); os.sync()
r = cs("randwrite", store, "rw", p("w.off"))
distinct = r["distinctBytes"]
q_rows = []
for label, opts in (("64 KiB clusters", []), ("4 KiB clusters", ["-o", "cluster_size=4096"])):
    f = p("rw.qcow2")
    if os.path.exists(f): os.remove(f)
    run("qemu-img", "create", "-q", "-f", "qcow2", *opts, "-b", p("base.qcow2"), "-F", "qcow2", f)
    with open(p("w.cmd")) as cmds: t = run("qemu-io", "-f", "qcow2", "-t", "writeback", f, stdin=cmds)
    q_rows.append((label, t, du(f)))
row(f"{n_writes} random 4 KiB writes (qcow2 {q_rows[0][0]})", r["seconds"], q_rows[0][1], r["addedBytes"], q_rows[0][2],
    f"space {r['addedBytes'] / distinct:.3f}x / {q_rows[0][2] / distinct:.2f}x the distinct bytes written")
row(f"  same, qcow2 {q_rows[1][0]}", r["seconds"], q_rows[1][1], r["addedBytes"], q_rows[1][2], f"qcow2 space {q_rows[1][2] / distinct:.3f}x")
target("space after random 4 KiB writes at most 1.25x the bytes written", r["addedBytes"] <= 1.25 * distinct,
       f"{r['addedBytes'] / distinct:.3f}x ({r['addedBytes']} host bytes for {distinct} distinct bytes; qcow2 {q_rows[0][2] / distinct:.2f}x)")
target("random 4 KiB writes at least match qemu-io (writeback)", r["seconds"] <= q_rows[0][1],
       f"{r['seconds']:.2f} s vs {q_rows[0][1]:.2f} s ({q_rows[0][1] / r['seconds']:.1f}x faster)")

# Reads through chains of depth 1, 4 and 16 (data in the base, empty layers above).
rng = random.Random(2)
reads = [rng.randrange(0, size, 4096) for _ in range(n_reads)]
with open(p("r.off"), "w") as f: f.write("\n".join(map(str, reads)))
with open(p("r.cmd"), "w") as f: f.write("".join(f"read -q {o} 4k\n" for o in reads))
seq, rnd = {}, {}
for depth in (1, 4, 16):
    cs("chain", store, base_layer, f"d{depth}", depth)
    below = p("base.qcow2")
    for i in range(depth):
        f = p(f"d{depth}-{i}.qcow2")
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-b", below, "-F", "qcow2", f], check=True)
        below = f
    c = best(lambda: (cs("read", store, f"d{depth}", size, 65536)["seconds"], 0))
    q = best(lambda: (run("qemu-img", "bench", "-f", "qcow2", "-c", str(size // 65536), "-s", "65536", "-d", "1", below), 0))
    seq[depth] = (c[0], q[0])
    row(f"read {gib} GiB (64 KiB requests), chain depth {depth}", c[0], q[0])
    def q_rnd():
        with open(p("r.cmd")) as cmds: return run("qemu-io", "-f", "qcow2", below, stdin=cmds), 0
    c = best(lambda: (cs("randread", store, f"d{depth}", p("r.off"))["seconds"], 0))
    q = best(q_rnd)
    rnd[depth] = (c[0], q[0])
    row(f"{n_reads} random 4 KiB reads, chain depth {depth}", c[0], q[0])
r16 = rnd[16][0] / rnd[1][0]
target("random 4 KiB reads, 16-deep chain at most 1.2x 1-deep", r16 <= 1.2,
       f"{r16:.2f}x (qcow2 {rnd[16][1] / rnd[1][1]:.2f}x); sequential {seq[16][0] / seq[1][0]:.2f}x (qcow2 {seq[16][1] / seq[1][1]:.2f}x)")

# Consolidate a 1 GiB delta: a snapshot's child holding 1 GiB of writes merges into it.
def cs_consolidate(disk_size, delta):
    d = tempfile.mkdtemp(dir=work)
    cs("create", d, disk_size)
    cs("write", d, "base", delta)   # the data the snapshot keeps
    cs("snapshot", d, "base")
    cs("write", d, "base", delta)   # the delta
    os.sync()
    r = cs("consolidate", d, "base")
    ok = cs("check", d)["problems"] == 0
    shutil.rmtree(d)
    if not ok: sys.exit("check() found problems after consolidation")
    return r["seconds"], 0
def q_consolidate():
    for f in ("mb.qcow2", "mo.qcow2"):
        if os.path.exists(p(f)): os.remove(p(f))
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", p("mb.qcow2"), "40G"], check=True)
    subprocess.run(["qemu-io", "-f", "qcow2", "-c", f"write -q -P 0xab 0 {gib}G", p("mb.qcow2")], check=True, capture_output=True)
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-b", p("mb.qcow2"), "-F", "qcow2", p("mo.qcow2")], check=True)
    subprocess.run(["qemu-io", "-f", "qcow2", "-c", f"write -q -P 0xcd 0 {gib}G", p("mo.qcow2")], check=True, capture_output=True)
    return run("qemu-img", "commit", "-q", p("mo.qcow2")), 0
c, q = best(lambda: cs_consolidate(40 * GiB, size), 1), best(q_consolidate, 1)
row(f"consolidate a {gib} GiB delta", c[0], q[0])
small40 = best(lambda: cs_consolidate(40 * GiB, 4 * MiB))
small4t = best(lambda: cs_consolidate(4 << 40, 4 * MiB))
row("consolidate a 4 MiB delta of a 40 GiB disk", small40[0], None)
row("consolidate a 4 MiB delta of a 4 TiB disk", small4t[0], None)
target("consolidation costs the delta, not the disk size (4 TiB vs 40 GiB at most 1.5x)", small4t[0] <= 1.5 * small40[0],
       f"{small4t[0] / small40[0]:.2f}x; {gib} GiB delta {c[0]:.2f} s vs 4 MiB {small40[0] * 1000:.1f} ms")

# Full clone of the disk holding 1 GiB.
fk = [0]
def full():
    fk[0] += 1; r = cs("fullclone", store, "base", f"full{fk[0]}"); return r["seconds"], 0
def q_full():
    f = p("full.qcow2")
    if os.path.exists(f): os.remove(f)
    return run("qemu-img", "convert", "-O", "qcow2", p("base.qcow2"), f), du(f)
c, q = best(full, 1), best(q_full, 1)
row(f"full clone of a disk holding {gib} GiB", c[0], q[0])

problems = cs("check", store)["problems"]
print(f"\ncheck() of the benchmark datastore: {'clean' if problems == 0 else f'{problems} problems'}")
print("\ntargets (issue 4):")
for label, ok, detail in targets:
    print(f"  {'met   ' if ok else 'MISSED'}  {label}: {detail}")
shutil.rmtree(work)
sys.exit(1 if problems else 0)
PY
