# SPDX-License-Identifier: MIT
"""A channel into Linux (partition/systems/linux-channel.yaml): the native
producer streams to a 1-core Linux cell, which reads the channel through
Linux's generic UIO driver with `cella-guest channel stream recv`. One boot:
the UIO device is there and named after the channel; records arrive in
sequence with good checksums and few doorbells (stream protocol);
a write from Linux to the channel, which it may only read, is a guest fault
and the cell stops (its on_fault), while the producer is still there.
"""

import re

import pytest

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
        uart.run('cella-guest channel stream stats',
                 r'^channel stream: uio0, 65536 bytes, ro, peer producer, \d+ interrupts', PROMPT)
        lane = uart.run('cella-guest channel stream stats',
                        r'^channel stream: we read 65536 bytes at \+0: epoch 1, (\d+) records',
                        PROMPT)
        assert int(lane.group(1)) > 0, lane.group(0)
        done = uart.run('cella-guest channel stream recv %d' % RECORDS,
                        r'^channel stream: done: received (\d+) records, (\d+) bytes in \d+ ms, '
                        r'last (\d+), (\d+) bad, (\d+) lost, (\d+) restarts, (\d+) doorbells',
                        PROMPT, LINUX_BOOT)
        received, size, last, bad, lost, restarts, rings = map(int, done.groups())
        assert (received, size, bad, lost, restarts) == (RECORDS, RECORDS * 56, 0, 0, 0), \
            done.group(0)
        # Sparse doorbells: an acknowledgement a quarter ring, a WAIT when it drained the ring.
        assert rings <= RECORDS // 2, done.group(0)
        assert re.search(r'^channel stream: record \d+: 56 bytes, good', uart.output, re.M)
        uart.run('grep stream /proc/interrupts',
                 r'^ *\d+: +\d+ +GIC-0 +%d Edge +stream' % VIRQ, PROMPT)

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
