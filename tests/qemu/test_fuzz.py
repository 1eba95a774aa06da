# SPDX-License-Identifier: MIT
"""The system-call fuzzer: 100,000 random calls per core on -smp 4, canaries alive.

The seed is random for each run and printed (in the console and any failure
message); `CELLA_FUZZ_SEED=N` repeats a run, and so does booting with the
boot arguments `fuzz fuzz_seed=N`.
"""

import os
import random
import re

import pytest

from conftest import boot, ktap_results

CORES = 4
CALLS = 100000
SEED = int(os.environ.get('CELLA_FUZZ_SEED') or random.randrange(1, 1 << 31))
_console = []


def fuzz_run():
    if not _console:
        print('fuzz seed %d' % SEED)
        _console.append(boot(r'^fuzz: finished$', smp=CORES,
                             bootargs='ktest=off fuzz fuzz_seed=%d fuzz_calls=%d'
                             % (SEED, CALLS)))
    return _console[0]


def test_fuzz_seed_printed():
    console = fuzz_run()
    assert re.search(r'^fuzz: seed %d, %d calls per core on %d cores$' % (SEED, CALLS, CORES),
                     console.output, re.M), console.failure('no seed line')


@pytest.mark.parametrize('name', ['fuzz_cpu%d_%s' % (c, what) for c in range(CORES)
                                  for what in ('every_call_returned', 'canary_kept_running')])
def test_fuzz(name):
    console = fuzz_run()
    results = ktap_results(console.output)
    assert name in results, console.failure('%s did not report (seed %d)' % (name, SEED))
    assert results[name][0], console.failure('%s (seed %d)' % (results[name][1], SEED))


def test_fuzz_kernel_survived():
    console = fuzz_run()
    assert 'panic' not in console.output, console.failure('kernel panic (seed %d)' % SEED)
    assert 'unexpected HYP exception' not in console.output, \
        console.failure('kernel exception (seed %d)' % SEED)
