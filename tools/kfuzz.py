# SPDX-License-Identifier: MIT
"""The kernel's system-call fuzzer on every core of a board: `./cella fuzz --kernel
[--board B]` and tests/qemu/test_fuzz.py.

The root task runs it when booted with `fuzz fuzz_seed=S fuzz_calls=N`
(partition/root/fuzz.c): N calls over all cores (4 on vexpress-a15, 1 on
versatilepb), random calls between structures built and torn down. A run
passes when the fuzzer reports every result ok (KTAP) and the console shows
no kernel failure.
"""

import random
import re
import time

import boardinfo
import cellaqemu

DEFAULT_BOARD = boardinfo.DEFAULT_BOARD
MAX_CORES = 4  # the root task runs a fuzzer on 4 cores at most (fuzz.c)
FINISHED = r'^fuzz: finished$'
# Lines only a kernel in trouble prints (kernel/panic.c, arch/arm-common/kernel_fault.c:
# an unexpected exception in the kernel's mode, HYP on ARMv7, SVC on ARMv5; a stack overflow).
KERNEL_FAILURES = re.compile(r'^.*(cella: panic|unexpected (?:HYP|SVC) exception'
                             r'|kernel stack overflow).*$', re.M)
# Results that say a structure was built at all: a short run may miss one,
# which is no failure of the kernel (test_fuzz.py asserts them on longer runs).
COVERAGE = ('chains_built_and_torn_down', 'moved_while_called', 'spaces_built_and_closed',
            'handle_table_filled', 'kmem_dry_and_reused')
NOT_OK = re.compile(r'^not ok \d+ - (?!fuzz_cpu\d+_(?:%s)\b).*$' % '|'.join(COVERAGE), re.M)
STUCK = re.compile(r'^# cpu\d+ stuck .*$', re.M)
# The root task waits 60 s plus a millisecond a call per core for its fuzzers
# (fuzz.c, WAIT_MS_BASE and CALLS_PER_MS), then reports; we wait twice that,
# so a stuck fuzzer is named by the root task rather than by our timeout.
ROOT_WAIT_BASE = 60
ROOT_WAIT_PER_CALL = 0.001
# After a kernel failure, what the kernel still prints (a register dump) comes within this.
DUMP_SECONDS = 2
# On one core a run under icount is exactly repeatable: only the instructions
# executed decide when each tick comes, so a seed gives the same run every time.
# Not on more cores: QEMU 7.2's round robin under icount gives the core after
# a busy one no turn (docs/benchmarks.md), and the fuzzer's helpers keep cores busy.
ICOUNT = ['-icount', 'shift=0,align=off,sleep=off']


def new_seed():
    return random.randrange(1, 1 << 31)


def cores(board=DEFAULT_BOARD):
    """The cores a run on @board fuzzes: all the board has, at most MAX_CORES."""
    facts = boardinfo.load(cellaqemu.board_arch(board), board)
    return min(MAX_CORES, facts['BOARD_MAX_CPUS'])


def bootargs(calls, seed):
    return 'ktest=off fuzz fuzz_seed=%d fuzz_calls=%d' % (seed, calls)


def timeout(calls, board=DEFAULT_BOARD):
    """Seconds to wait for the report of @calls calls: it grows with them."""
    return 30 + 2 * (ROOT_WAIT_BASE + ROOT_WAIT_PER_CALL * calls / cores(board))


def boot(calls, seed, board=DEFAULT_BOARD):
    """Boot the fuzzer on @board and return its console (QEMU stopped) once it reported,
    the kernel failed, or the wait timed out."""
    n = cores(board)
    default = board == DEFAULT_BOARD
    with cellaqemu.Console(smp=n, mem=cellaqemu.board_mem(board), bootargs=bootargs(calls, seed),
                           image=cellaqemu.board_images(board)[1],
                           board=None if default else board,
                           extra=ICOUNT if n == 1 else ()) as console:
        try:
            m = console.expect('%s|%s' % (FINISHED, KERNEL_FAILURES.pattern),
                               timeout(calls, board))
            if not re.fullmatch(FINISHED, m.group(0)):
                console.read_for(DUMP_SECONDS)
        except cellaqemu.BootTimeout:
            pass
    return console


def failures(console, calls, board=DEFAULT_BOARD):
    """What went wrong in the console of @calls calls: kernel failures, stuck cores, failed
    results, no report at all."""
    found = [m.group(0) for regex in (KERNEL_FAILURES, STUCK, NOT_OK)
             for m in regex.finditer(console.output)]
    if not re.search(FINISHED, console.output, re.M):
        # After a kernel failure boot() stops waiting: no report is its consequence.
        found.append('no report' if found and KERNEL_FAILURES.match(found[0])
                     else 'no report within %.0f s' % timeout(calls, board))
    return found


def where(board):
    """The machine of a run's one-line verdict: its cores, and the board unless the default."""
    n = cores(board)
    return '%d core%s' % (n, 's' if n > 1 else '') + \
        ('' if board == DEFAULT_BOARD else ' of %s' % board)


def command(calls, seed, board):
    """The command that repeats a run."""
    return './cella fuzz --kernel%s --calls %d --seed %d' % (
        '' if board == DEFAULT_BOARD else ' --board ' + board, calls, seed)


def run(calls, seed=None, board=DEFAULT_BOARD):
    """`./cella fuzz --kernel`: one run, its verdict printed; True if it passed."""
    seed = seed or new_seed()
    start = time.monotonic()
    console = boot(calls, seed, board)
    seconds = time.monotonic() - start
    found = failures(console, calls, board)
    if not found:
        print('fuzz: %d calls on %s, seed %d, 0 kernel failures' % (calls, where(board), seed))
        return True
    print('fuzz: %d calls on %s, seed %d: FAILED after %.0f s' % (calls, where(board), seed,
                                                                 seconds))
    for line in found:
        print('  ' + line)
    print('console tail:\n' + console.tail(30))
    print('repeat with: ' + command(calls, seed, board))
    return False
