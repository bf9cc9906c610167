#!/usr/bin/env python3
"""cpython.py - parbench's pi, sleep and read workloads in real CPython.

DESIGN. parbench's gil runner is a model of CPython's global interpreter
lock; this script measures the real lock, so that report.md can put the two
side by side. It does in pure Python (standard library only) the work of
three parbench kernels:

  pi     kernels/cpu_pi.c: item i is the point whose coordinates are the two
         32-bit halves of splitmix64(i), counted if inside the unit circle;
         the same formula, so the hit count over [0, n) equals the C kernel's
         checksum for the same n (tests/cpython.t checks it);
  sleep  kernels/io_sleep.c: time.sleep(0.001) per item; the result is the
         sum of item + 1, so a lost or repeated item shows;
  read   kernels/io_read.c: os.pread of 4 KiB block i of a temporary file
         (written, fsynced, then unlinked: only the descriptor is kept, and
         forked children inherit it). The checksum adds each block's length
         and its first and last 64-bit words: a short read or a wrong offset
         changes it. Folding all 512 words, as the C kernel does, would cost
         Python twice the read itself with the lock held, where C's sum is a
         fraction of the read; the Python checksum keeps that proportion.

under three models, named like parbench's runners with a cpython- prefix:

  cpython-serial     one call over [0, n) in the main thread: the reference
  cpython-threads    N threading.Thread, one static block each (the split of
                     harness/core/split.c), created for each repetition
  cpython-processes  multiprocessing.Pool(N) with the fork start method,
                     created for each repetition, mapping over the N blocks

Timing follows parbench's runners: spawn is creating the workers until every
one waits at a gate (threads at a threading.Barrier; a pool's processes each
inside a task waiting at a multiprocessing Barrier, so all N really run);
work is from the gate to the last block done (Pool.map's pickling and pipes
included: a Python user pays them). Each worker measures its own thread CPU
time. The configurations of a kernel run interleaved, one repetition of each
in turn, warm-ups first and left out of the statistics; every repetition's
result, warm-ups included, is compared with serial's first. A pure-Python
loop is about a hundred times slower per item than C, so pi runs fewer items
(calibrated to about 0.3 s serial): absolute times are not comparable with
parbench's, ratios to each side's own serial are.

Writes RUN_DIR/cpython.csv (summary.csv's column names, plus checksum and the
interpreter: python_version, python_implementation, gil_enabled) and
RUN_DIR/cpython.json (sys.version, executable, how the GIL state was found).
Worker counts and the items of sleep and read come from RUN_DIR/summary.csv.
Exit 0 when every configuration was verified, 1 when one failed, 2 for bad
input (one line on stderr, nothing written), 130 after Ctrl-C (nothing
written).
"""

import argparse
import csv
import json
import multiprocessing
import os
import platform
import random
import signal
import statistics
import sys
import tempfile
import threading
import time

MASK64 = (1 << 64) - 1
READ_BLOCK = 4096
SLEEP_S = 0.001
DEFAULT_WORKERS = (1, 2)
PI_QUICK_ITEMS = 20000
POOL_TIMEOUT_S = 600.0     # a pool whose child died never finishes its map
GATE_TIMEOUT_S = 60.0
CV_WARN = 0.05

HEADER = ("kernel,kind,runner,workers,schedule,chunk,bind,items,size_bytes,reps,"
          "median_s,min_s,max_s,mean_s,stddev_s,cv,q1_s,q3_s,spawn_median_s,cold_median_s,"
          "speedup,efficiency,cold_speedup,rate,rate_unit,cpu_seconds,cpu_util,checksum,"
          "verified,status,warning,python_version,python_implementation,gil_enabled").split(",")


class UsageError(Exception):
    """Bad input: reported in one line, exit 2."""


# ---- kernels --------------------------------------------------------------
# Each: name, kind, rate (per item, scale, unit), setup(n) -> state or None,
# run(state, lo, hi) -> partial result (combined by adding, modulo 2^64),
# teardown(state). run must be safe on disjoint ranges at once.

def pi_run(state, lo, hi):
    """Hits of the splitmix64 points lo..hi-1 in the unit circle (cpu_pi.c)."""
    inv = 1.0 / 4294967296.0
    m = MASK64
    gamma, m1, m2 = 0x9e3779b97f4a7c15, 0xbf58476d1ce4e5b9, 0x94d049bb133111eb
    hits = 0
    for i in range(lo, hi):
        z = (i + gamma) & m
        z = ((z ^ (z >> 30)) * m1) & m
        z = ((z ^ (z >> 27)) * m2) & m
        z ^= z >> 31
        x = (z & 0xffffffff) * inv
        y = (z >> 32) * inv
        if x * x + y * y <= 1.0:
            hits += 1
    return hits


def sleep_run(state, lo, hi):
    """Sleeps 1 ms per item; the sum of item + 1 (io_sleep.c)."""
    total = 0
    for i in range(lo, hi):
        time.sleep(SLEEP_S)
        total += i + 1
    return total


def read_setup(n):
    """A temporary file of n blocks, already unlinked: returns its descriptor.
    Deterministic content, written and fsynced outside the timing."""
    tmpdir = tempfile.mkdtemp(prefix="parbench-read-")
    path = os.path.join(tmpdir, "blocks")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            rng = random.Random(n)
            step = 256       # blocks per write: 1 MiB
            for first in range(0, n, step):
                count = min(step, n - first)
                os.pwrite(fd, rng.getrandbits(8 * READ_BLOCK * count).to_bytes(
                    READ_BLOCK * count, "little"), first * READ_BLOCK)
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            raise
    finally:
        if os.path.exists(path):
            os.unlink(path)
        os.rmdir(tmpdir)
    return fd


def read_run(fd, lo, hi):
    """os.pread of blocks lo..hi-1; their lengths and end words summed."""
    total = 0
    for i in range(lo, hi):
        b = os.pread(fd, READ_BLOCK, i * READ_BLOCK)
        total += len(b) + int.from_bytes(b[:8], "little") + int.from_bytes(b[-8:], "little")
    return total


KERNELS = {
    "pi": dict(kind="cpu", per_item=1, scale=1e6, unit="Mpoints/s", item_bytes=0,
               setup=None, run=pi_run, teardown=None, quick_items=PI_QUICK_ITEMS),
    "sleep": dict(kind="io", per_item=1, scale=1, unit="items/s", item_bytes=0,
                  setup=None, run=sleep_run, teardown=None, default_items=200, quick_items=20),
    "read": dict(kind="io", per_item=READ_BLOCK, scale=1e6, unit="MB/s", item_bytes=READ_BLOCK,
                 setup=read_setup, run=read_run, teardown=os.close,
                 default_items=(64 << 20) // READ_BLOCK, quick_items=256),
}


def split_static(n, workers, wid):
    """Worker wid's block of [0, n), as harness/core/split.c cuts it: the first
    n % workers blocks are one item longer."""
    base, extra = divmod(n, workers)
    lo = wid * base + min(wid, extra)
    return lo, lo + base + (1 if wid < extra else 0)


# ---- models -----------------------------------------------------------------
# Each: run(kernel, state, n, workers) -> dict(work, spawn, result, cpu, note)
# or raises; note is a remark about the run ("" normally).

def model_serial(kern, state, n, workers):
    """The whole range in the calling thread."""
    c0 = time.thread_time()
    t0 = time.perf_counter()
    result = kern["run"](state, 0, n)
    t1 = time.perf_counter()
    return dict(work=t1 - t0, spawn=0.0, result=result, cpu=time.thread_time() - c0, note="")


def model_threads(kern, state, n, workers):
    """N threads created now, one static block each; the clock starts when
    all of them wait at the gate."""
    gate = threading.Barrier(workers + 1, timeout=GATE_TIMEOUT_S)
    parts = [0] * workers
    cpu = [0.0] * workers
    errors = []

    def body(wid):
        lo, hi = split_static(n, workers, wid)
        try:
            gate.wait()
        except threading.BrokenBarrierError:
            errors.append("worker %d: the start gate broke" % wid)
            return
        c0 = time.thread_time()
        try:
            parts[wid] = kern["run"](state, lo, hi)
        except BaseException as e:     # reported as the configuration's failure
            errors.append("worker %d: %s: %s" % (wid, type(e).__name__, e))
        cpu[wid] = time.thread_time() - c0

    t0 = time.perf_counter()
    threads = [threading.Thread(target=body, args=(i,), daemon=True) for i in range(workers)]
    for t in threads:
        t.start()
    gate.wait()
    t1 = time.perf_counter()
    for t in threads:
        t.join()
    t2 = time.perf_counter()
    if errors:
        raise RuntimeError(errors[0])
    return dict(work=t2 - t1, spawn=t1 - t0, result=sum(parts), cpu=sum(cpu), note="")


# What a pool's processes see: inherited through fork, set before Pool().
_POOL = {}


def _pool_init(gate):
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the parent's to handle
    _POOL["gate"] = gate


def _pool_ready(_):
    """Waits until every process of the pool is inside a task like this."""
    _POOL["gate"].wait(GATE_TIMEOUT_S)
    return os.getpid()


def _pool_block(block):
    lo, hi = block
    c0 = time.thread_time()
    part = _POOL["kernel"]["run"](_POOL["state"], lo, hi)
    return part, time.thread_time() - c0, os.getpid()


def model_processes(kern, state, n, workers):
    """multiprocessing.Pool(N), fork start method, created now; spawn until
    all N processes stand at the gate, work is the map over the N blocks."""
    ctx = multiprocessing.get_context("fork")
    _POOL["kernel"], _POOL["state"] = kern, state
    gate = ctx.Barrier(workers)
    blocks = [split_static(n, workers, i) for i in range(workers)]
    t0 = time.perf_counter()
    pool = ctx.Pool(workers, initializer=_pool_init, initargs=(gate,))
    try:
        pool.map_async(_pool_ready, range(workers), chunksize=1).get(GATE_TIMEOUT_S)
        t1 = time.perf_counter()
        out = pool.map_async(_pool_block, blocks, chunksize=1).get(POOL_TIMEOUT_S)
        t2 = time.perf_counter()
        pool.close()
    except multiprocessing.TimeoutError:
        raise RuntimeError("the pool did not finish within %g s (a child died?)" % POOL_TIMEOUT_S)
    finally:
        pool.terminate()
        pool.join()
    pids = len({pid for _, _, pid in out})
    note = "" if pids == workers else "%d blocks ran in %d process(es)" % (workers, pids)
    return dict(work=t2 - t1, spawn=t1 - t0, result=sum(p for p, _, _ in out),
                cpu=sum(c for _, c, _ in out), note=note)


MODELS = (
    ("cpython-serial", model_serial),
    ("cpython-threads", model_threads),
    ("cpython-processes", model_processes),
)


# ---- statistics ---------------------------------------------------------------

def quantile(sorted_x, p):
    """The p-quantile of a sorted list, type 7 (as harness/core/stats.c)."""
    h = (len(sorted_x) - 1) * p
    lo = int(h)
    if lo + 1 >= len(sorted_x):
        return sorted_x[-1]
    return sorted_x[lo] + (h - lo) * (sorted_x[lo + 1] - sorted_x[lo])


def summarise(x):
    """Median, min, max, mean, stddev (n - 1), cv and quartiles of x."""
    s = sorted(x)
    mean = statistics.fmean(s) if hasattr(statistics, "fmean") else statistics.mean(s)
    sd = statistics.stdev(s) if len(s) > 1 else 0.0
    return dict(median=statistics.median(s), min=s[0], max=s[-1], mean=mean, stddev=sd,
                cv=sd / mean if mean > 0 else 0.0, q1=quantile(s, 0.25), q3=quantile(s, 0.75))


# ---- the run folder -----------------------------------------------------------

def read_run_dir(run_dir):
    """{kernel: (sorted worker counts, items)} from RUN_DIR/summary.csv."""
    path = os.path.join(run_dir, "summary.csv")
    seen = {}
    try:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                k = row.get("kernel", "")
                entry = seen.setdefault(k, [set(), None])
                try:
                    entry[0].add(int(row.get("workers", "")))
                    if entry[1] is None:
                        entry[1] = int(row.get("items", ""))
                except ValueError:
                    pass
    except OSError as e:
        raise UsageError("cannot read '%s': %s" % (path, e.strerror))
    return {k: (sorted(w), items) for k, (w, items) in seen.items()}


def gil_state():
    """(gil_enabled column: "1", "0" or "", how it was found)."""
    probe = getattr(sys, "_is_gil_enabled", None)
    if probe is not None:
        return ("1" if probe() else "0"), "sys._is_gil_enabled()"
    if platform.python_implementation() == "CPython" and sys.version_info < (3, 13):
        return "1", "implied: CPython before 3.13 always has the GIL"
    return "", "unknown: no sys._is_gil_enabled()"


def calibrate_pi(target):
    """Items of pi that take about target seconds serially here (2 digits)."""
    n = 20000
    while True:
        t0 = time.perf_counter()
        pi_run(None, 0, n)
        dt = time.perf_counter() - t0
        if dt >= 0.05 or n >= 1 << 26:
            break
        n *= 2
    items = max(1000, int(target * n / dt))
    digits = len(str(items)) - 2
    return items // 10 ** digits * 10 ** digits


# ---- measuring one kernel -----------------------------------------------------

def configurations(workers):
    """(runner, model, workers) in run order: serial first (the reference)."""
    out = [("cpython-serial", model_serial, 1)]
    for name, model in MODELS[1:]:
        out += [(name, model, w) for w in workers]
    return out


def measure(name, n, workers, reps, warmup, say):
    """Runs every configuration of kernel name on n items, interleaved;
    returns one result dict per configuration (the CSV row's inputs)."""
    kern = KERNELS[name]
    state = kern["setup"](n) if kern["setup"] else None
    confs = configurations(workers)
    runs = [dict(runner=r, model=m, workers=w, work=[], spawn=[], cpu=[], util=[],
                 error="", notes=set()) for r, m, w in confs]
    reference = None
    try:
        for rnd in range(warmup + reps):
            for c in runs:
                if c["error"]:
                    continue
                if reference is None and c["runner"] != "cpython-serial":
                    c["error"] = "no serial reference (serial failed)"
                    continue
                try:
                    got = c["model"](kern, state, n, c["workers"])
                except Exception as e:
                    c["error"] = "%s: %s" % (type(e).__name__, e)
                    continue
                result = got["result"] & MASK64
                if reference is None:
                    reference = result
                elif result != reference:
                    c["error"] = "checksum %d != serial's %d (%s %d)" % (
                        result, reference, "warm-up" if rnd < warmup else "repetition",
                        rnd + 1 if rnd < warmup else rnd - warmup + 1)
                    continue
                if got["note"]:
                    c["notes"].add(got["note"])
                if rnd >= warmup:
                    c["work"].append(got["work"])
                    c["spawn"].append(got["spawn"])
                    c["cpu"].append(got["cpu"])
                    c["util"].append(got["cpu"] / got["work"] if got["work"] > 0 else 0.0)
            say("cpython.py: %s round %d of %d done%s" % (
                name, rnd + 1, warmup + reps, " (warm-up)" if rnd < warmup else ""))
    finally:
        if kern["teardown"]:
            kern["teardown"](state)
    for c in runs:
        c["checksum"] = reference
    return runs


def rows_for(name, n, runs, interp):
    """The CSV rows of one kernel's measured configurations."""
    kern = KERNELS[name]
    serial = next((c for c in runs if c["runner"] == "cpython-serial" and c["work"]), None)
    ser_med = statistics.median(serial["work"]) if serial else None
    rows = []
    for c in runs:
        row = dict.fromkeys(HEADER, "")
        row.update(kernel=name, kind=kern["kind"], runner=c["runner"], workers=c["workers"],
                   schedule="static", chunk=0, bind="none", items=n,
                   size_bytes=n * kern["item_bytes"], reps=len(c["work"]),
                   rate_unit=kern["unit"], **interp)
        ok = not c["error"] and c["work"]
        row["verified"] = 1 if ok else 0
        row["status"] = "ok" if ok else "failed: " + (c["error"] or "no measured repetition")
        if c["checksum"] is not None:
            row["checksum"] = c["checksum"]
        if not ok:
            rows.append(row)
            continue
        st = summarise(c["work"])
        for key in ("median", "min", "max", "mean", "stddev", "q1", "q3"):
            row[key + "_s"] = "%.9f" % st[key]
        row["cv"] = "%.5f" % st["cv"]
        spawn = statistics.median(c["spawn"])
        cold = statistics.median([s + w for s, w in zip(c["spawn"], c["work"])])
        row["spawn_median_s"] = "%.9f" % spawn
        row["cold_median_s"] = "%.9f" % cold
        if ser_med:
            row["speedup"] = "%.4f" % (ser_med / st["median"])
            row["efficiency"] = "%.4f" % (ser_med / st["median"] / c["workers"])
            row["cold_speedup"] = "%.4f" % (ser_med / cold)
        row["rate"] = "%.6g" % (n * kern["per_item"] / st["median"] / kern["scale"])
        row["cpu_seconds"] = "%.6f" % statistics.median(c["cpu"])
        row["cpu_util"] = "%.3f" % statistics.median(c["util"])
        warn = []
        if st["cv"] > CV_WARN:
            warn.append("unstable: cv %.1f%% > %.0f%%" % (100 * st["cv"], 100 * CV_WARN))
        if len(c["work"]) < 5:
            warn.append("only %d repetitions" % len(c["work"]))
        warn += sorted(c["notes"])
        row["warning"] = "; ".join(warn)
        rows.append(row)
    return rows


# ---- command line -------------------------------------------------------------

class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def parse_list(text, what):
    try:
        out = sorted({int(x) for x in text.split(",")})
    except ValueError:
        raise UsageError("%s '%s' is not a list of numbers" % (what, text))
    if not out or out[0] < 1 or out[-1] > 1024:
        raise UsageError("%s '%s': each must be 1 to 1024" % (what, text))
    return out


def parse_args(argv):
    p = Parser(prog="cpython.py", description="parbench's pi, sleep and read in real CPython; "
               "writes RUN_DIR/cpython.csv and cpython.json")
    p.add_argument("run_dir", metavar="RUN_DIR", help="a finished parbench run folder")
    p.add_argument("--kernels", default="pi,sleep,read", help="of pi, sleep, read (default: all)")
    p.add_argument("--workers", help="worker counts, e.g. 1,2 (default: the run's, per kernel, else 1,2)")
    p.add_argument("--reps", type=int, default=5, help="measured repetitions (default 5)")
    p.add_argument("--warmup", type=int, default=1, help="warm-up repetitions (default 1)")
    p.add_argument("--pi-items", type=int, help="items of pi (default: calibrated to --pi-seconds)")
    p.add_argument("--pi-seconds", type=float, default=0.3, help="pi's serial time to size it for (0.3)")
    p.add_argument("--quick", action="store_true",
                   help="tiny sizes (pi %d, sleep 20, read 256 items): a few seconds in all" % PI_QUICK_ITEMS)
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    a = p.parse_args(argv)
    a.kernels = a.kernels.split(",")
    for k in a.kernels:
        if k not in KERNELS:
            raise UsageError("unknown kernel '%s': allowed are %s" % (k, ", ".join(KERNELS)))
    if a.workers is not None:
        a.workers = parse_list(a.workers, "--workers")
    if not 1 <= a.reps <= 1000:
        raise UsageError("--reps %d: allowed are 1 to 1000" % a.reps)
    if not 0 <= a.warmup <= 100:
        raise UsageError("--warmup %d: allowed are 0 to 100" % a.warmup)
    if a.pi_items is not None and not 1 <= a.pi_items <= 10 ** 10:
        raise UsageError("--pi-items %d: allowed are 1 to 10^10" % a.pi_items)
    if not 0.001 <= a.pi_seconds <= 100:
        raise UsageError("--pi-seconds %g: allowed are 0.001 to 100" % a.pi_seconds)
    if not os.path.isdir(a.run_dir):
        raise UsageError("'%s' is not a directory (a parbench run folder)" % a.run_dir)
    return a


def items_for(name, a, run_info, say):
    """Item count of a kernel: --quick, pi's calibration, or the run's."""
    kern = KERNELS[name]
    if a.quick:
        return kern["quick_items"]
    if name == "pi":
        if a.pi_items:
            return a.pi_items
        n = calibrate_pi(a.pi_seconds)
        say("cpython.py: pi: %d items take about %.2g s serially here" % (n, a.pi_seconds))
        return n
    items = run_info.get(name, ((), None))[1]
    return items or kern["default_items"]


def write_outputs(run_dir, rows, info):
    """cpython.csv and cpython.json, each through a temporary file and a rename."""
    path = os.path.join(run_dir, "cpython.csv")
    with open(path + ".tmp", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for row in rows:
            w.writerow([str(row[h]).replace(",", ";").replace("\n", " ") for h in HEADER])
    os.replace(path + ".tmp", path)
    jpath = os.path.join(run_dir, "cpython.json")
    with open(jpath + ".tmp", "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    os.replace(jpath + ".tmp", jpath)


def main(argv):
    try:
        a = parse_args(argv)
        run_info = read_run_dir(a.run_dir)
    except UsageError as e:
        print("cpython.py: %s" % e, file=sys.stderr)
        return 2
    say = (lambda msg: None) if a.quiet else (lambda msg: print(msg, file=sys.stderr, flush=True))
    gil, gil_how = gil_state()
    interp = dict(python_version=platform.python_version(),
                  python_implementation=platform.python_implementation(), gil_enabled=gil)
    say("cpython.py: %s %s, GIL %s (%s)" % (
        interp["python_implementation"], interp["python_version"],
        {"1": "enabled", "0": "disabled"}.get(gil, "unknown"), gil_how))
    rows, sizes = [], {}
    started = time.perf_counter()
    for name in a.kernels:
        workers = a.workers or (run_info.get(name, ((), None))[0] or list(DEFAULT_WORKERS))
        n = items_for(name, a, run_info, say)
        sizes[name] = dict(items=n, workers=workers)
        say("cpython.py: %s: %d items, workers %s, %d warm-up + %d repetitions per configuration" % (
            name, n, ",".join(map(str, workers)), a.warmup, a.reps))
        try:
            runs = measure(name, n, workers, a.reps, a.warmup, say)
        except OSError as e:
            print("cpython.py: %s: %s; nothing written" % (name, e), file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("cpython.py: interrupted; nothing written", file=sys.stderr)
            return 130
        rows += rows_for(name, n, runs, interp)
    sysconfig_gil = None
    try:
        import sysconfig
        sysconfig_gil = sysconfig.get_config_var("Py_GIL_DISABLED")
    except ImportError:
        pass
    info = dict(tool="parbench scripts/cpython.py", date=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                command=" ".join([os.path.basename(sys.executable), "scripts/cpython.py"] + list(argv)),
                python_version=platform.python_version(), sys_version=sys.version,
                implementation=platform.python_implementation(), executable=sys.executable,
                gil_enabled={"1": True, "0": False}.get(gil), gil_enabled_source=gil_how,
                py_gil_disabled_build=bool(sysconfig_gil) if sysconfig_gil is not None else None,
                switch_interval_s=sys.getswitchinterval(), start_method="fork",
                cpu_count=os.cpu_count(), reps=a.reps, warmup=a.warmup, quick=a.quick,
                kernels=sizes, seconds=round(time.perf_counter() - started, 3))
    write_outputs(a.run_dir, rows, info)
    failed = 0
    for r in rows:
        sp = r["speedup"] and "%5.2fx" % float(r["speedup"]) or "     -"
        med = r["median_s"] and "%.4f s" % float(r["median_s"]) or "-"
        print("  %-6s %-18s %2sw  %10s  %s  %s%s" % (
            r["kernel"], r["runner"], r["workers"], med, sp, r["status"],
            "  (%s)" % r["warning"] if r["warning"] else ""))
        failed += r["status"] != "ok"
    print("cpython.py: %s/cpython.csv (%.0f s)" % (a.run_dir.rstrip("/"), time.perf_counter() - started))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
