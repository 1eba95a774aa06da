# SPDX-License-Identifier: MIT
"""The RTOS guest (guests/rtos/) bare on `-M vexpress-a15 -smp 1 -m 128M`:
the ELF as QEMU's -kernel, the raw rtos.bin at another address through the
generic loader, and rtos.bin booted like a Linux zImage (HYP entry, an
unaligned load address, the vexpress device tree in r2). Each prints its
ready line and passes its KTAP self-test; the ELF's status shows 0 deadline
misses after about 3 s, and `fault` prints the exception report, stops only
the background task, and the status goes on; then `crash`, a fault in the
kernel, halts it (bare, there is no PSCI to reset through).

Under icount (virtual time = instructions), so deadlines do not depend on
how busy the host is.
"""

import os
import re
import subprocess

import pytest

from conftest import TOP, ktap_results

import cellaqemu

IMAGES = os.path.join(TOP, 'build', 'armv7', 'images')
ELF = os.path.join(IMAGES, 'rtos.elf')
BIN = os.path.join(IMAGES, 'rtos.bin')
BIN_ADDR = 0x86000000  # not the link (0x40000000) nor the ELF's (0x80000000) address
ZIMAGE_LOAD = 0x80010000  # where QEMU puts a Linux image: the RTOS moves up to 0x80100000
TIMEOUT = 60
READY = r'^rtos ready: 4 tasks$'
SELFTEST = ['sem_count', 'sem_wake', 'mutex_inherit_chain', 'mutex_timeout_unboost',
            'queue_order', 'queue_blocking', 'sleep_order', 'timeout', 'round_robin',
            'isr_give']
STATUS = re.compile(r'^status: runs ctl-1khz=(\d+) ctl-100hz=(\d+) sporadic=(\d+) '
                    r'background=(\d+) misses ctl-1khz=(\d+) ctl-100hz=(\d+) sporadic=(\d+) '
                    r'total=(\d+)$', re.M)


class Rtos(cellaqemu.Console):
    """A bare boot of the RTOS: UART0 on stdio, the rest of the command line given."""

    def __init__(self, boot_args, machine='vexpress-a15'):
        for path in (ELF, BIN):
            if not os.path.exists(path):
                pytest.fail('no RTOS image at %s: run ./cella build' % path)
        self._start(['qemu-system-arm', '-M', machine, '-smp', '1', '-m', '128M',
                     '-nographic', '-icount', 'shift=0,align=off,sleep=off',
                     '-audiodev', 'none,id=snd0', '-global', 'pl041.audiodev=snd0']
                    + boot_args)


def selftest(rtos):
    rtos.expect(READY, TIMEOUT)
    start = len(rtos.output)
    rtos.send('selftest\n')
    rtos.expect(r'^# rtos selftest: ', TIMEOUT, start)
    results = ktap_results(rtos.output[start:])
    assert re.search(r'^1\.\.%d$' % len(SELFTEST), rtos.output[start:], re.M), \
        rtos.failure('no KTAP plan of %d' % len(SELFTEST))
    for name in SELFTEST:
        assert name in results, rtos.failure('no KTAP result %s' % name)
        assert results[name][0], rtos.failure(results[name][1])


def status(rtos):
    """Ask for the status line; its figures."""
    start = len(rtos.output)
    rtos.send('status\n')
    m = rtos.expect(STATUS.pattern, TIMEOUT, start)
    rtos.expect(r'^status: irq latency n=\d+', TIMEOUT, start)
    return [int(v) for v in m.groups()]


def running_well(rtos):
    """After a few seconds: every periodic task ran enough, none missed a deadline."""
    rtos.read_for(3)
    runs = status(rtos)
    assert runs[0] >= 100 and runs[1] >= 10 and runs[2] >= 10, \
        rtos.failure('too few periods run: %s' % runs)
    assert runs[7] == 0, rtos.failure('deadline misses: %s' % runs)
    return runs


def test_elf_boots_meets_deadlines_and_reports_a_fault():
    with Rtos(['-kernel', ELF]) as rtos:
        rtos.expect(READY, TIMEOUT)
        rtos.expect(r'^rtos: loaded at 80000000, .*devices from vexpress defaults$', 1)
        running_well(rtos)
        start = len(rtos.output)
        rtos.send('fault\n')
        rtos.expect(r'^rtos: exception: data abort in background at pc [0-9a-f]{8}$',
                    TIMEOUT, start)
        rtos.expect(r'^  DFSR [0-9a-f]{8}  DFAR 00000000$', TIMEOUT, start)
        rtos.expect(r'^  lr  [0-9a-f]{8}  pc  [0-9a-f]{8}  cpsr [0-9a-f]{8}$', TIMEOUT, start)
        rtos.expect(r'^rtos: task background stopped$', TIMEOUT, start)
        before = status(rtos)
        rtos.read_for(1)
        after = status(rtos)
        assert after[0] > before[0], rtos.failure('the 1 kHz task stopped after the fault')
        assert after[3] == before[3], rtos.failure('the background task still runs')
        assert after[7] == 0, rtos.failure('deadline misses: %s' % after)

        # A fault in the kernel (`crash`: interrupts masked); bare, no PSCI to reset through.
        start = len(rtos.output)
        rtos.send('crash\n')
        rtos.expect(r'^rtos: exception: data abort in the kernel at pc [0-9a-f]{8}$', TIMEOUT,
                    start)
        halted = rtos.expect(r'^rtos: fault in the kernel\n'
                             r'rtos: no PSCI to reset through: halted$', TIMEOUT, start)
        rtos.send('status\n')
        rtos.read_for(1)
        assert 'status: ' not in rtos.output[halted.end():], rtos.failure('it did not halt')


def test_elf_selftest():
    with Rtos(['-kernel', ELF]) as rtos:
        selftest(rtos)


def test_bin_runs_at_another_address():
    with Rtos(['-device', 'loader,file=%s,addr=0x%x,force-raw=on' % (BIN, BIN_ADDR),
               '-device', 'loader,addr=0x%x,cpu-num=0' % BIN_ADDR]) as rtos:
        rtos.expect(r'^rtos: loaded at %08x, ' % BIN_ADDR, TIMEOUT)
        selftest(rtos)


@pytest.fixture(scope='module')
def vexpress_dtb():
    r = subprocess.run([os.path.join(TOP, 'cella'), 'linux', 'build'], capture_output=True,
                       text=True, timeout=1800, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r.stdout + r.stderr
    path = os.path.join(r.stdout.strip().splitlines()[-1], 'vexpress-v2p-ca15-tc1.dtb')
    assert os.path.isfile(path), path
    return path


def test_bin_boots_like_a_zimage_in_hyp_with_a_device_tree(vexpress_dtb):
    with Rtos(['-kernel', BIN, '-dtb', vexpress_dtb],
              machine='vexpress-a15,virtualization=on') as rtos:
        rtos.expect(r'^rtos: loaded at 80100000, 127 MiB mapped at 40000000; '
                    r'devices from the device tree$', TIMEOUT)
        rtos.expect(r'^rtos: uart 1c090000 irq 37, gic 2c001000/2c002000, '
                    r'sp804 1c110000 irq 34, vtimer irq 27$', TIMEOUT)
        selftest(rtos)
        assert status(rtos)[7] == 0, rtos.failure('deadline misses')
