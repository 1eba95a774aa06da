# SPDX-License-Identifier: MIT
"""The ARMv5 port on QEMU versatilepb (ARM926EJ-S): boot, self-tests, the root
task's user-level suites in USR, the native system of the product image, kernel faults.

`./cella test` builds the images (scons --board=versatilepb kernel).
"""

import re

import pytest

from conftest import BOOT_TIMEOUT, ICOUNT, ktap_results, ktap_suites
import cellaqemu
from test_user import SUITES as USER_SUITES

BOARD = 'versatilepb'
IMAGE, TEST_IMAGE = cellaqemu.board_images(BOARD)

# What the self-tests report on the one core: every SMP test degenerates to cpu0.
EXPECTED = ['timer_not_early', 'timer_ticks_cpu0', 'stack_guard_cpu0', 'percpu_cpu0',
            'cores_online', 'console_not_waited', 'console_lines']
SKIPPED = ['console_full_drops']  # needs a second core to hold the console

# The root task's suites (the same as ARMv7's, tests/qemu/test_user.py) and
# what each that cannot run here says in its skip line.
USER_SKIPS = {
    'tls_is_per_thread': 'no thread register on this core',
    'xcore_': 'needs two cores or more',
    'vcpu_': 'no VCPUs: no virtualization extensions',
}
CONSOLE_TESTS = ['console_read_nothing_typed', 'console_read_errors']


def user_skip(name):
    """Why user test @name skips on this board, or None if it must run."""
    return next((why for prefix, why in USER_SKIPS.items() if name.startswith(prefix)), None)


def boot(expect, image=TEST_IMAGE, bootargs=''):
    """Boot @image on versatilepb and wait for the regex @expect; the console, QEMU stopped."""
    with cellaqemu.Console(image=image, smp=1, mem='128M', bootargs=bootargs, board=BOARD,
                           extra=ICOUNT) as console:
        console.expect(expect, BOOT_TIMEOUT)
    return console


_suites = []


def suites():
    """One boot of the test image to the end of the root task's suites, shared."""
    if not _suites:
        _suites.append(boot(r'^root: ready$'))
    return _suites[0]


def test_boot_line_and_self_tests():
    console = suites()
    out = console.output
    if 'cella: 1 cores online (svc)\n' not in out:
        pytest.fail(console.failure('no boot line'))
    assert 'booting on versatilepb' in out
    results = ktap_results(out)
    for name in EXPECTED:
        assert name in results, console.failure('self-test %s did not report' % name)
        ok, line = results[name]
        assert ok and '# SKIP' not in line, console.failure('self-test %s: %s' % (name, line))
    for name in SKIPPED:
        assert '# SKIP' in results[name][1], console.failure('%s should skip on one core' % name)
    assert '# ktest: %d ok, 0 not ok' % (len(EXPECTED) + len(SKIPPED)) in out


def test_root_task_runs_in_user_mode():
    out = suites().output
    assert re.search(r'^cella: root task: \d+ KiB image, \d+ MiB free RAM, thread 0 on cpu0$',
                     out, re.M), suites().failure('no root task line')
    assert re.search(r'^root: started: 1 cores, \d+ MiB free RAM at 0x[0-9a-f]{8}$', out, re.M)
    # Its faults are messages, its addresses in the user window (0x20000000 up).
    assert re.search(r'^cella: thread \d+ on cpu0 stopped: undefined instruction at 0x2[0-9a-f]{7} ',
                     out, re.M), suites().failure('no user-level fault reported')


ALL_USER = [(i + 1, n) for i, names in USER_SUITES for n in names] + \
    [(len(USER_SUITES) + 1, n) for n in CONSOLE_TESTS]


@pytest.mark.parametrize('index,name', ALL_USER, ids=[n for _, n in ALL_USER])
def test_user_level_test(index, name):
    """Each of the root task's tests passes, or skips saying why it cannot run here."""
    console = suites()
    results = ktap_results(console.output, suite=index)
    assert name in results, console.failure('user test %s did not report' % name)
    ok, line = results[name]
    why = user_skip(name)
    assert ok, console.failure('user test %s: %s' % (name, line))
    if why:
        assert '# SKIP ' + why in line, console.failure('%s should skip: %s' % (name, line))
    else:
        assert '# SKIP' not in line, console.failure('%s skipped: %s' % (name, line))


def test_user_suites_complete():
    console = suites()
    streams = ktap_suites(console.output)
    assert len(streams) == len(USER_SUITES) + 2, console.failure('not every suite ran')
    for block, results in streams[1:]:
        assert re.search(r'^1\.\.%d$' % len(results), block, re.M)
        assert re.search(r'^# .*: %d ok, 0 not ok$' % len(results), block, re.M)


def test_product_image_runs_the_native_cells():
    """./cella run's image: no tests; the service starts the board's cells on the one core."""
    console = boot(r'^consumer\| received \d+', image=IMAGE)
    out = console.output
    assert 'KTAP' not in out, console.failure('self-tests in the product image')
    assert 'cella: 1 cores online (svc)\n' in out
    assert 'service: 3 cells in the table for versatilepb\n' in out, console.failure('no table')
    assert re.search(r'^consumer\| received \d+, last seq \d+, 0 bad, 0 lost', out, re.M), \
        console.failure('the consumer lost records')


def test_faulty_cell_is_restarted():
    console = boot(r'^faulty\| run 2 on core 0$', image=IMAGE)
    assert re.search(r'^cell faulty: thread 0 on core 0: data abort at 0x2[0-9a-f]{7} .*restarting',
                     console.output, re.M), console.failure('no restart of faulty')


@pytest.mark.parametrize('kind, what', [
    ('undef', r'undefined instruction \(vector 0x04\)'),
    ('dabt', r'data abort \(vector 0x10\)\n  DFSR 0x[0-9a-f]+  IFSR 0x[0-9a-f]+  FAR 0x10200000'),
    ('pabt', r'prefetch abort \(vector 0x0c\)'),
    ('svc', r'SVC \(vector 0x08\)'),
])
def test_kernel_fault_dumps_and_halts(kind, what):
    """An exception in the kernel: one dump with the vector, the fault registers, every register."""
    console = boot(r'cella: cpu0 halted\n', bootargs='ktest=off kfault=%s' % kind)
    out = console.output
    if not re.search(r'cella: unexpected SVC exception on cpu0: ' + what, out):
        pytest.fail(console.failure('no dump for kfault=%s' % kind))
    assert re.search(r'  r12 [0-9a-f]{8}  sp  [0-9a-f]{8}  lr  [0-9a-f]{8}  pc  [0-9a-f]{8}\n'
                     r'  psr [0-9a-f]{8}\n', out), console.failure('no register dump')


def test_kernel_stack_overflow_is_caught():
    console = boot(r'cella: cpu0 halted\n', bootargs='ktest=off kfault=stack')
    assert 'cella: kernel stack overflow on cpu0: FAR 0x' in console.output, \
        console.failure('no stack overflow report')
