# SPDX-License-Identifier: MIT
"""A short cross-core IPC stress on -smp 4 (seeded, the seed printed), and proof the checker bites."""

import os
import random
import re
import subprocess

from conftest import TOP

import stress

SEED = int(os.environ.get('CELLA_STRESS_SEED') or random.randrange(1, 1 << 31))
PAIR = re.compile(r'^stress: cpu(\d)->cpu(\d): (\d+) calls, (\d+) sends, (\d+) signals', re.M)


def test_stress_short_run_is_clean():
    summary, console = stress.run(seconds=3, seed=SEED, smp=4)
    assert summary, console.failure('no summary line (seed %d)' % SEED)
    assert summary[0] > 0, console.failure('no messages at all (seed %d)' % SEED)
    assert summary[1:] == (0, 0, 0, 0, 0), console.failure('stress found faults (seed %d)' % SEED)
    churn = re.search(r'^stress: churn: (\d+) threads made, (\d+) destroyed, (-?\d+) bytes',
                      console.output, re.M)
    assert churn and int(churn.group(1)) > 0 and churn.group(1) == churn.group(2), \
        console.failure('the churn made and destroyed no threads, or not all (seed %d)' % SEED)
    assert int(churn.group(3)) == 0, console.failure('kernel memory not back (seed %d)' % SEED)
    pairs = {(int(m.group(1)), int(m.group(2))): m for m in PAIR.finditer(console.output)}
    every = {(s, d) for s in range(4) for d in range(4) if s != d}
    assert set(pairs) == every, console.failure('not every ordered pair of cores reported')
    for (s, d), m in pairs.items():
        assert int(m.group(3)) > 0 and int(m.group(4)) > 0 and int(m.group(5)) > 0, \
            console.failure('cpu%d->cpu%d made no progress of some kind' % (s, d))


def test_stress_checker_counts_injected_faults():
    """Channel 0 skips one sequence number, repeats one and corrupts one, on purpose."""
    summary, console = stress.run(seconds=1, seed=SEED, smp=2, inject=True)
    assert summary, console.failure('no summary line')
    _, lost, duplicated, reordered, corrupted, stuck = summary
    # The corrupted message is not counted as received, so it is lost as well.
    assert (lost, duplicated, reordered, corrupted, stuck) == (2, 1, 0, 1, 0), \
        console.failure('the checker missed an injected fault')


def test_cella_stress_command_exit_status():
    done = subprocess.run([os.path.join(TOP, 'cella'), 'stress', '--seconds', '1', '--smp', '2',
                           '--seed', str(SEED)], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r'^stress: \d+ messages, 0 lost, 0 duplicated, 0 reordered, 0 corrupted, '
                     r'0 stuck$', done.stdout, re.M), done.stdout
    bad = subprocess.run([os.path.join(TOP, 'cella'), 'stress', '--seconds', '0'],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and 'seconds' in bad.stderr
