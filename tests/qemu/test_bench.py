# SPDX-License-Identifier: MIT
"""./cella bench runs, writes every figure, repeats exactly, and the fast path is faster.

Not a timing test: under icount the figures are instruction counts, the
same on every run, so they can be compared with each other exactly.
"""

import json
import os
import subprocess
import sys

from conftest import TOP

KEYS = ['ipc_same_core_roundtrip_fastpath', 'ipc_same_core_roundtrip_slowpath',
        'notify_signal_to_wake', 'thread_switch', 'null_syscall', 'ipc_cross_core_roundtrip',
        'ipc_cost_per_msg_pairs_1', 'ipc_cost_per_msg_pairs_2', 'ipc_cost_per_msg_pairs_3',
        'ipc_cost_per_msg_pairs_4', 'doorbells_per_msg_pairs_4', 'xcore_flood_victim_share']


SAME_CORE_KEYS = KEYS[:5]  # what one core gives (versatilepb)


def bench(path, *options):
    r = subprocess.run([os.path.join(TOP, 'cella'), 'bench', '--json', str(path)] + list(options),
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    with open(path) as f:
        return json.load(f), r.stdout


def test_bench_figures(tmp_path):
    first, table = bench(tmp_path / 'a.json')
    assert sorted(first) == sorted(KEYS), first
    for key in KEYS:
        assert first[key] > 0, key
        assert key in table
    assert first['ipc_same_core_roundtrip_fastpath'] < first['ipc_same_core_roundtrip_slowpath']
    # A cross-core round trip rings at most one doorbell each way (plus the start signals).
    assert first['doorbells_per_msg_pairs_4'] <= 2.01
    assert first['ipc_same_core_roundtrip_slowpath'] < first['ipc_cross_core_roundtrip']
    # A core flooded with signals from another keeps its time (issue 15's goal).
    assert first['xcore_flood_victim_share'] >= 0.9
    second, _ = bench(tmp_path / 'b.json')
    assert second == first, 'icount figures must repeat exactly'
    # docs/benchmarks.md's tables are docs/bench-history.json's, whose newest run is this one.
    r = subprocess.run([sys.executable, os.path.join(TOP, 'tools', 'benchtable.py'), 'check',
                        str(tmp_path / 'a.json')], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_json_without_a_file_writes_the_default():
    """`--json` alone means build/bench.json, as the help says."""
    default = os.path.join(TOP, 'build', 'bench.json')
    if os.path.exists(default):
        os.unlink(default)
    r = subprocess.run([os.path.join(TOP, 'cella'), 'bench', '--json'], capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert 'cella: wrote %s' % default in r.stdout
    with open(default) as f:
        assert sorted(json.load(f)) == sorted(KEYS)


def test_bench_versatilepb_same_core_figures(tmp_path):
    """The ARMv5 board gives the same-core keys, with a fast path there too, exactly repeated."""
    first, table = bench(tmp_path / 'a.json', '--board', 'versatilepb')
    assert sorted(first) == sorted(SAME_CORE_KEYS), first
    assert 'versatilepb -smp 1' in table
    assert all(first[key] > 0 for key in SAME_CORE_KEYS), first
    assert first['ipc_same_core_roundtrip_fastpath'] < first['ipc_same_core_roundtrip_slowpath']
    second, _ = bench(tmp_path / 'b.json', '--board', 'versatilepb')
    assert second == first, 'icount figures must repeat exactly'
