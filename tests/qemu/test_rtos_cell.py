# SPDX-License-Identifier: MIT
"""The RTOS guest in a cell: partition/systems/rtos.yaml (the same rtos.bin
that boots bare, as a raw boot image in a 1-core VM cell on core 1 with
16M, uart1 and timer01) beside the native producer and consumer, on -smp 4.

One boot, shared by the last two tests (last, so that its QEMU does not run
on beside the telemetry test's): the RTOS finds its console, GIC, SP804,
timer and memory in the cell's device tree; 0 deadline misses after about
3 s; its own fault (`fault`: a task reads address 0, unmapped by its own
page table) stays inside the guest; an access to memory the cell does not
own (`peek` of UART0) is a guest fault that the cell's on_fault (restart)
answers, while the producer keeps streaming. A fault in the RTOS's kernel
(`crash`) makes it report a panic through the pvpanic device in its
device tree, which Cella counts as the cell's fault and answers with its
on_fault (restart); the RTOS boots afresh, and the producer and consumer
stream on.

Its telemetry into Linux (partition/systems/rtos-telemetry.yaml: the RTOS on
core 1, a 1-core Linux cell linux-a on core 2, the channel `telemetry` that
the RTOS writes and Linux reads): the RTOS finds the channel in its device
tree, and `cella-guest channel telemetry recv 3` in Linux prints three of
its status lines, with nothing bad or lost. With no reader for longer than
the ring holds, the RTOS drops records (and counts them) rather than wait:
a reader that comes back takes the records the ring kept, then new ones
that report the drops. A restart of the RTOS (`restart rtos`) under a
waiting reader is a new epoch on the channel, which the reader follows. The RTOS misses no
deadline meanwhile. (It does
miss some while Linux boots on core 2: under icount the cores take turns
on one host thread, so core 1 gets a share of the instructions per virtual
second; docs/benchmarks.md, "What icount does to the figures". Without the
channel it misses too: 21 by Linux's ready line in one run, against 12.)

Under icount, as the bare test (test_rtos.py): without it, the RTOS's
deadlines are measured in host time and a busy host makes it miss them
(29 to 669 misses of the 1 kHz task in four runs of 3 s).
"""

import re
import time

import pytest

from conftest import ICOUNT
from test_rtos import READY, running_well, status
from test_vm import (LINUX_BOOT, PROMPT, UART0, boot_cells, build_image, cells_row, counter,
                     still_streaming)

TIMEOUT = 30
BASE = 0x84000000  # the cell's memory: the first free 2M-aligned RAM
RING = 32  # telemetry records the channel's 16K hold
TELEMETRY_READY = r'^rtos: telemetry on channel telemetry \(%d-slot ring, virq 95\)$' % RING
TELEMETRY = re.compile(r'^channel telemetry: rtos: up (\d+) s, runs ctl-1khz=(\d+) .* '
                       r'total=(\d+), irq latency n=(\d+) .* ns min=(\d+) mean=(\d+) '
                       r'max=(\d+), dropped (\d+)$', re.M)
RECEIVED = (r'^channel telemetry: done: received (\d+) records, \d+ bytes in \d+ ms, '
            r'last \d+, (\d+) bad, (\d+) lost, (\d+) restarts')


def telemetry(linux, count):
    """`cella-guest channel telemetry recv COUNT` in Linux: the records' figures, checked."""
    start = len(linux.output)
    done = linux.run('cella-guest channel telemetry recv %d' % count, RECEIVED, PROMPT, TIMEOUT)
    assert tuple(map(int, done.groups())) == (count, 0, 0, 0), done.group(0)
    records = [[int(v) for v in r] for r in TELEMETRY.findall(linux.output, start)]
    assert len(records) == count, linux.failure('not %d telemetry lines' % count)
    for up, ctl, misses, irqs, lat_min, lat_mean, lat_max, dropped in records:
        assert ctl > 0 and irqs > 0 and lat_min <= lat_mean <= lat_max, records
    return records


@pytest.fixture(scope='module')
def rtos_image():
    return build_image('partition/systems/rtos.yaml', 'cella-rtos')


@pytest.fixture(scope='module')
def telemetry_image():
    return build_image('partition/systems/rtos-telemetry.yaml', 'cella-rtos-telemetry')


def test_rtos_telemetry_into_linux(telemetry_image):
    console, (rtos, linux) = boot_cells(telemetry_image, (1, 2), ICOUNT)
    try:
        rtos.expect(READY, TIMEOUT)
        assert re.search(TELEMETRY_READY, rtos.output, re.M), rtos.failure('no telemetry')
        linux.expect(r'^guest ready: 1 cpus, 256 MiB$', LINUX_BOOT)
        linux.wait_for_text(PROMPT, TIMEOUT)
        before = status(rtos)
        records = telemetry(linux, 3)
        assert [r[0] for r in records] == sorted(r[0] for r in records), records

        # No reader for longer than the ring holds (32 records, one a second).
        now = status(rtos)
        deadline = time.monotonic() + LINUX_BOOT
        while now[0] - before[0] < 1000 * (RING + 8) and time.monotonic() < deadline:
            rtos.read_for(1)
            now = status(rtos)
        records = telemetry(linux, RING + 2)
        assert records[-1][7] > 0, linux.failure('no records dropped')
        assert records[-1][0] >= RING + 8, records[-1]

        after = status(rtos)
        for r in records:
            assert r[2] <= after[7], r
        assert after[7] == before[7], rtos.failure('deadline misses while telemetry flowed')

        # The RTOS restarted (`restart rtos`) under a waiting reader: a new epoch on the
        # channel, which the reader follows. Once the RTOS is stopped, the reader ends
        # (5 s without a doorbell) and reports what it saw.
        start = len(linux.output)
        linux.send('cella-guest channel telemetry recv\n')
        linux.expect(TELEMETRY.pattern, TIMEOUT, start)
        mark = len(rtos.output)
        console.send('restart rtos\n')
        console.expect(r'^cell rtos: restarted \(run 2\)$', TIMEOUT)
        rtos.expect(TELEMETRY_READY, TIMEOUT, mark)
        first = linux.expect(r'^channel telemetry: rtos: up 1 s, .*$', TIMEOUT, start)
        assert TELEMETRY.match(first.group(0)).group(3) == '0', first.group(0)
        assert status(rtos)[7] == 0, rtos.failure('deadline misses after the restart')
        console.send('stop rtos\n')
        console.expect(r'^cell rtos: stopped$', TIMEOUT)
        done = linux.expect(RECEIVED, TIMEOUT, start)
        assert tuple(map(int, done.groups()))[1:] == (0, 0, 1), done.group(0)
    finally:
        console.close()


@pytest.fixture(scope='module')
def rtos_cell(rtos_image):
    """One boot of rtos.yaml for the tests that share it: (management console, RTOS UART)."""
    console, (uart,) = boot_cells(rtos_image, (1,), ICOUNT)
    try:
        yield console, uart
    finally:
        console.close()


def test_rtos_in_a_cell(rtos_cell):
    console, uart = rtos_cell
    assert re.search(r'^cell rtos: running on 1 core from 0x%08x, priority 110\.\.120$'
                     % BASE, console.output, re.M), console.failure('no RTOS cell')
    uart.expect(READY, TIMEOUT)
    uart.expect(r'^rtos: loaded at %08x, 16 MiB mapped at 40000000; devices from the '
                r'device tree$' % BASE, 1)
    uart.expect(r'^rtos: uart 1c0a0000 irq 38, gic 2c001000/2c002000, sp804 1c110000 '
                r'irq 34, vtimer irq 27$', 1)
    running_well(uart)

    # The guest's own fault is the guest's business: only its task stops.
    start = len(uart.output)
    uart.send('fault\n')
    uart.expect(r'^rtos: task background stopped$', TIMEOUT, start)
    assert status(uart)[7] == 0, uart.failure('deadline misses after the fault')
    assert 'cell rtos: ' not in console.output[console.output.find('service: ready'):]

    # Memory the cell does not own: a guest fault, and on_fault: restart.
    sent = counter(console, 'producer', 'sent')
    start = len(uart.output)
    uart.send('peek %x\n' % UART0)
    console.expect(r'^cell rtos: VCPU 0 on core 1: exit 5 at 0x%08x \(pc 0x[0-9a-f]+\) '
                   r'not allowed$' % UART0, TIMEOUT)
    console.expect(r'^cell rtos: guest fault; restarting it \(fault 1\)$', TIMEOUT)
    uart.expect(READY, TIMEOUT, start)
    assert 'rtos: peek' not in uart.output[start:], uart.failure('the read was answered')
    still_streaming(console, sent)
    assert status(uart)[7] == 0, uart.failure('deadline misses after the restart')


def core_ticks(console, core):
    """Core @core's tick count, from the service's `kstat`."""
    start = len(console.output)
    console.send('kstat\n')
    m = console.expect(r'^kstat core %d: -?\d+ -?\d+ -?\d+ (-?\d+) ' % core, TIMEOUT, start)
    return int(m.group(1))


def test_a_lone_vcpu_takes_no_tick(rtos_cell):
    """Core 1 runs the RTOS's VCPU and nothing else: its tick is stopped (kernel/timer.c),
    so nothing but the RTOS's own interrupts stops the RTOS there."""
    console, uart = rtos_cell
    uart.expect(READY, TIMEOUT)
    before = core_ticks(console, 1)
    uart.read_for(1)
    after = core_ticks(console, 1)
    assert after == before, console.failure('core 1 took %d ticks' % (after - before))


def test_rtos_kernel_fault_is_the_cells_fault(rtos_cell):
    """`crash`: a fault in the RTOS's kernel (a read of address 0 with interrupts
    masked). The RTOS reports it and writes "panicked" to its pvpanic device (before
    PSCI SYSTEM_RESET, which it would use without one): a fault of the cell, counted,
    which on_fault (restart) answers; the RTOS boots afresh, and the producer and
    consumer stream on meanwhile."""
    console, uart = rtos_cell
    uart.expect(READY, TIMEOUT)
    faults = int(cells_row(console, 'rtos')[5])
    sent = counter(console, 'producer', 'sent')
    received = counter(console, 'consumer', 'received')
    mark, start = len(console.output), len(uart.output)
    uart.send('crash\n')
    uart.expect(r'^rtos: exception: data abort in the kernel at pc [0-9a-f]{8}$', TIMEOUT,
                start)
    uart.expect(r'^  DFSR [0-9a-f]{8}  DFAR 00000000$', TIMEOUT, start)
    uart.expect(r'^rtos: fault in the kernel\n'
                r'rtos: reporting the panic through pvpanic$', TIMEOUT, start)
    console.expect(r'^cell rtos: VCPU 0 on core 1: the guest panicked$', TIMEOUT, mark)
    console.expect(r'^cell rtos: guest panic; restarting it \(fault %d\)$' % (faults + 1),
                   TIMEOUT, mark)
    uart.expect(READY, TIMEOUT, start)
    assert re.search(r'^rtos: loaded at %08x, ' % BASE, uart.output[start:], re.M)
    assert 'halted' not in uart.output[start:] and 'PSCI' not in uart.output[start:], \
        uart.failure('the panic report came back')
    assert 'rtos: crash: read' not in uart.output[start:], uart.failure('address 0 was read')
    still_streaming(console, sent)
    console.wait_until(lambda out: counter(console, 'consumer', 'received') > received, 20,
                       'the consumer receiving past %d' % received)
    assert status(uart)[7] == 0, uart.failure('deadline misses after the reset')
    row = cells_row(console, 'rtos')
    assert row[1] == 'running' and int(row[5]) == faults + 1, row


def test_soak_gives_back_what_restarts_made(rtos_cell):
    """`soak 10`: the service restarts every cell (the RTOS, the producer and the
    consumer, streaming) ten times; each restart destroys the cell's space, so the
    kernel's memory in use and its VMIDs held are where they were. The cells run on."""
    console, uart = rtos_cell
    mark, start = len(console.output), len(uart.output)
    console.send('soak 10\n')
    m = console.expect(r'^soak: 10 restarts, kernel memory before (\d+), after (\d+), '
                       r'vmids before (\d+), after (\d+)$', 120, mark)
    before, after, vmids_before, vmids_after = map(int, m.groups())
    assert 'starts failed' not in console.output[mark:], console.failure('a start failed')
    assert before > 0 and vmids_before >= 3, m.group(0)
    assert (after, vmids_after) == (before, vmids_before), console.failure(m.group(0))
    uart.expect(READY, TIMEOUT, start)
    still_streaming(console, counter(console, 'producer', 'sent'))
    assert cells_row(console, 'rtos')[1] == 'running'
