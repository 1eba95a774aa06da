# SPDX-License-Identifier: MIT
"""The system-call fuzzer on both boards: 100,000 calls over vexpress-a15's 4 cores,
500,000 on versatilepb's one (under icount); canaries alive, structures built.

Each core's fuzzer makes random calls between structure operations (chains
and cycles of fault handlers, a server moved while called, spaces with
threads inside, tables and pools filled); the root task reports per core
whether every call returned, the canary kept running, and each kind of
structure was built and torn down (partition/root/fuzz.c). On one core the
server cannot be moved: that result skips, saying why. The seed is random
for each run and printed (in the console and any failure message);
`CELLA_FUZZ_SEED=N` repeats a run, and so does
`./cella fuzz --kernel [--board versatilepb] --calls CALLS --seed N`.
"""

import os
import re
import subprocess

import pytest

from conftest import TOP, ktap_results

import kfuzz

# Calls per board: the ARMv7 run takes well under a minute on -smp 4; the
# one core of versatilepb makes 500,000 in about 10 s under icount.
CALLS = {'vexpress-a15': 100000, 'versatilepb': 500000}
BOARDS = list(CALLS)
SEED = int(os.environ.get('CELLA_FUZZ_SEED') or kfuzz.new_seed())
RESULTS = ('every_call_returned', 'canary_kept_running', 'chains_built_and_torn_down',
           'moved_while_called', 'spaces_built_and_closed', 'handle_table_filled',
           'kmem_dry_and_reused', 'kmem_came_back')
# What cannot be built on a board of one core, and the reason its result gives.
ONE_CORE_SKIPS = {'moved_while_called': 'needs two cores or more'}
_consoles = {}


def fuzz_run(board):
    if board not in _consoles:
        print('fuzz seed %d on %s' % (SEED, board))
        _consoles[board] = kfuzz.boot(CALLS[board], SEED, board)
    return _consoles[board]


def skip_reason(board, what):
    """Why result @what skips on @board, or None if it must be built there."""
    return ONE_CORE_SKIPS.get(what) if kfuzz.cores(board) == 1 else None


@pytest.mark.parametrize('board', BOARDS)
def test_fuzz_seed_printed(board):
    console = fuzz_run(board)
    assert re.search(r'^fuzz: seed %d, %d calls on %d cores$'
                     % (SEED, CALLS[board], kfuzz.cores(board)),
                     console.output, re.M), console.failure('no seed line')


RESULT_NAMES = [(board, 'fuzz_cpu%d_%s' % (c, what), what) for board in BOARDS
                for c in range(kfuzz.cores(board)) for what in RESULTS]


@pytest.mark.parametrize('board,name,what', RESULT_NAMES,
                         ids=['%s-%s' % (board, name) for board, name, _ in RESULT_NAMES])
def test_fuzz(board, name, what):
    """Each result ok; those a board cannot build skip, saying why, and only those."""
    console = fuzz_run(board)
    results = ktap_results(console.output)
    assert name in results, console.failure('%s did not report (seed %d)' % (name, SEED))
    ok, line = results[name]
    assert ok, console.failure('%s (seed %d)' % (line, SEED))
    why = skip_reason(board, what)
    if why:
        assert line.endswith('# SKIP ' + why), console.failure('%s should skip: %s' % (name, line))
    else:
        assert '# SKIP' not in line, console.failure('%s skipped: %s' % (name, line))


@pytest.mark.parametrize('board', BOARDS)
def test_fuzz_calls_shared_by_cores(board):
    """The cores' calls add up to the total asked for (each makes its share, or a few more)."""
    console = fuzz_run(board)
    made = [(int(m.group(1)), int(m.group(2))) for m in
            re.finditer(r'^fuzz: cpu\d: (\d+) of (\d+) calls returned', console.output, re.M)]
    assert len(made) == kfuzz.cores(board), console.failure('not every core reported its calls')
    assert sum(share for _, share in made) == CALLS[board], \
        console.failure('shares do not add up')
    assert all(returned >= share for returned, share in made), console.failure('calls missing')


def test_fuzz_one_core_server_called_not_moved():
    """On one core the move operation still runs: the server answers, nothing is counted moved."""
    console = fuzz_run('versatilepb')
    m = re.search(r'^fuzz: cpu0: chains .*; (\d+) moves, (\d+) calls answered$', console.output,
                  re.M)
    assert m, console.failure('no counts of the move operation')
    assert int(m.group(1)) == 0 and int(m.group(2)) > 0, console.failure('moves or calls')


@pytest.mark.parametrize('board', BOARDS)
def test_fuzz_kernel_survived(board):
    console = fuzz_run(board)
    found = kfuzz.failures(console, CALLS[board], board)
    assert not found, console.failure('%s (seed %d)' % ('; '.join(found), SEED))


COMMAND_MACHINE = {'vexpress-a15': '4 cores', 'versatilepb': '1 core of versatilepb'}


@pytest.mark.parametrize('board', BOARDS)
def test_fuzz_command(board):
    """./cella fuzz --kernel: the one line of a passing run, nothing else after the build."""
    calls, seed = 8000, SEED
    board_args = [] if board == kfuzz.DEFAULT_BOARD else ['--board', board]
    out = subprocess.run([os.path.join(TOP, 'cella'), 'fuzz', '--kernel'] + board_args +
                         ['--calls', str(calls), '--seed', str(seed)], capture_output=True,
                         text=True, timeout=kfuzz.timeout(calls, board) + 120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines()[-1] == 'fuzz: %d calls on %s, seed %d, 0 kernel failures' \
        % (calls, COMMAND_MACHINE[board], seed), out.stdout
