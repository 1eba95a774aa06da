# SPDX-License-Identifier: MIT
"""A channel into Linux (partition/systems/linux-channel.yaml): the native
producer streams to a 1-core Linux cell, which reads the channel through
Linux's generic UIO driver with `cella-guest channel stream recv`. One boot:
the UIO device is there and named after the channel; records arrive in
sequence with good checksums, each woken by a doorbell (the UIO interrupt);
a write from Linux to the channel, which it may only read, is a guest fault
and the cell stops (its on_fault), while the producer is still there.
"""

import re

import pytest

from conftest import cellaqemu
from test_vm import LINUX_BOOT, PROMPT, boot, build_image, cells_row, ready

RECORDS = 300
CHANNEL = 0x84100000  # where cellconf places `stream` (cellconf show)
VIRQ = 95  # the first channel's virtual interrupt


@pytest.fixture(scope='module')
def channel_image():
    return build_image('partition/systems/linux-channel.yaml', 'cella-linux-channel')


def test_native_producer_to_linux_reader(channel_image):
    console, uart = boot(channel_image)
    try:
        assert ready(uart) == (1, 256)
        uart.run('cat /proc/cmdline', r'uio_pdrv_genirq\.of_id=cella,channel', PROMPT)
        uart.run('cat /sys/class/uio/uio0/name', r'^stream\r?$', PROMPT)
        stats = uart.run('cella-guest channel stream stats',
                         r'^channel stream: uio0, 65536 bytes, ro, peer producer, '
                         r'last seq (\d+), (\d+) interrupts', PROMPT)
        done = uart.run('cella-guest channel stream recv %d' % RECORDS,
                        r'^channel stream: done: received (\d+), last seq (\d+), (\d+) bad, '
                        r'(\d+) missing, (\d+) doorbells, (\d+) interrupts', PROMPT, LINUX_BOOT)
        received, last, bad, missing, rings, events = map(int, done.groups())
        assert received == RECORDS and bad == 0 and missing == 0, done.group(0)
        assert last >= int(stats.group(1)) + RECORDS - 1, done.group(0)
        assert rings >= RECORDS - 1 and events >= int(stats.group(2)) + rings, done.group(0)
        assert re.search(r'^channel stream: record \d+: checksum 0x[0-9a-f]{8} good', uart.output,
                         re.M)
        irqs = uart.run('grep stream /proc/interrupts',
                        r'^ *\d+: +(\d+) +GIC-0 +%d Edge +stream' % VIRQ, PROMPT)
        assert int(irqs.group(1)) >= rings, irqs.group(0)

        # The channel is read-only on Linux's side: a write is a guest fault,
        # and linux-channel.yaml stops the cell; the producer is untouched.
        uart.send('devmem 0x%x 32 0\n' % CHANNEL)
        console.expect(r'^cell linux: VCPU 0 on core 1: exit 5 at 0x%08x \(pc 0x[0-9a-f]+\) '
                       r'not allowed$' % CHANNEL, 30)
        console.expect(r'^cell linux: guest fault; stopping it', 10)
        assert cells_row(console, 'linux')[1] == 'stopped'
        assert cells_row(console, 'producer')[1] == 'running'
    finally:
        console.close()
