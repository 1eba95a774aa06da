# SPDX-License-Identifier: MIT
"""The system-call fuzzer: 100,000 calls over 4 cores, canaries alive, structures built.

Each core's fuzzer makes random calls between structure operations (chains
and cycles of fault handlers, a server moved while called, spaces with
threads inside, tables and pools filled); the root task reports per core
whether every call returned, the canary kept running, and each kind of
structure was built and torn down (partition/root/fuzz.c). The seed is
random for each run and printed (in the console and any failure message);
`CELLA_FUZZ_SEED=N` repeats a run, and so does
`./cella fuzz --kernel --calls 100000 --seed N`.
"""

import os
import re
import subprocess

import pytest

from conftest import TOP, ktap_results

import kfuzz

CALLS = 100000
SEED = int(os.environ.get('CELLA_FUZZ_SEED') or kfuzz.new_seed())
CORES = kfuzz.CORES
RESULTS = ('every_call_returned', 'canary_kept_running', 'chains_built_and_torn_down',
           'moved_while_called', 'spaces_built_and_closed', 'handle_table_filled',
           'kmem_dry_and_reused', 'kmem_came_back')
_console = []


def fuzz_run():
    if not _console:
        print('fuzz seed %d' % SEED)
        _console.append(kfuzz.boot(CALLS, SEED))
    return _console[0]


def test_fuzz_seed_printed():
    console = fuzz_run()
    assert re.search(r'^fuzz: seed %d, %d calls on %d cores$' % (SEED, CALLS, CORES),
                     console.output, re.M), console.failure('no seed line')


@pytest.mark.parametrize('name', ['fuzz_cpu%d_%s' % (c, what) for c in range(CORES)
                                  for what in RESULTS])
def test_fuzz(name):
    console = fuzz_run()
    results = ktap_results(console.output)
    assert name in results, console.failure('%s did not report (seed %d)' % (name, SEED))
    assert results[name][0], console.failure('%s (seed %d)' % (results[name][1], SEED))


def test_fuzz_calls_shared_by_cores():
    """The cores' calls add up to the total asked for (each makes its share, or a few more)."""
    console = fuzz_run()
    made = [(int(m.group(1)), int(m.group(2))) for m in
            re.finditer(r'^fuzz: cpu\d: (\d+) of (\d+) calls returned', console.output, re.M)]
    assert len(made) == CORES, console.failure('not every core reported its calls')
    assert sum(share for _, share in made) == CALLS, console.failure('shares do not add up')
    assert all(returned >= share for returned, share in made), console.failure('calls missing')


def test_fuzz_kernel_survived():
    console = fuzz_run()
    found = kfuzz.failures(console, CALLS)
    assert not found, console.failure('%s (seed %d)' % ('; '.join(found), SEED))


def test_fuzz_command():
    """./cella fuzz --kernel: the one line of a passing run, nothing else after the build."""
    calls, seed = 8000, SEED
    out = subprocess.run([os.path.join(TOP, 'cella'), 'fuzz', '--kernel', '--calls', str(calls),
                          '--seed', str(seed)], capture_output=True, text=True,
                         timeout=kfuzz.timeout(calls) + 120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines()[-1] == \
        'fuzz: %d calls on 4 cores, seed %d, 0 kernel failures' % (calls, seed), out.stdout
