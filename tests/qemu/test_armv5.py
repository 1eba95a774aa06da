# SPDX-License-Identifier: MIT
"""The ARMv5 port on QEMU versatilepb (ARM926EJ-S): boot, self-tests, kernel faults.

`./cella test` builds the images (scons --board=versatilepb kernel).
"""

import re

import pytest

from conftest import BOOT_TIMEOUT, ICOUNT, ktap_results
import cellaqemu

BOARD = 'versatilepb'
IMAGE, TEST_IMAGE = cellaqemu.board_images(BOARD)

# What the self-tests report on the one core: every SMP test degenerates to cpu0.
EXPECTED = ['timer_not_early', 'timer_ticks_cpu0', 'stack_guard_cpu0', 'percpu_cpu0',
            'cores_online', 'console_not_waited', 'console_lines']
SKIPPED = ['console_full_drops']  # needs a second core to hold the console


def boot(expect, image=TEST_IMAGE, bootargs=''):
    """Boot @image on versatilepb and wait for the regex @expect; the console, QEMU stopped."""
    with cellaqemu.Console(image=image, smp=1, mem='128M', bootargs=bootargs, board=BOARD,
                           extra=ICOUNT) as console:
        console.expect(expect, BOOT_TIMEOUT)
    return console


def test_boot_line_and_self_tests():
    console = boot(r'cella: this image has no root task\n')
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


def test_product_image_has_no_tests():
    console = boot(r'cella: this image has no root task\n', image=IMAGE)
    assert 'KTAP' not in console.output, console.failure('self-tests in the product image')
    assert 'cella: 1 cores online (svc)\n' in console.output


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
