# SPDX-License-Identifier: MIT
"""The RTOS guest in a cell: partition/systems/rtos.yaml (the same rtos.bin
that boots bare, as a raw boot image in a 1-core VM cell on core 1 with
16M, uart1 and timer01) beside the native producer and consumer, on -smp 4.

One boot: the RTOS finds its console, GIC, SP804, timer and memory in the
cell's device tree; 0 deadline misses after about 3 s; its own fault
(`fault`: a task reads address 0, unmapped by its own page table) stays
inside the guest; an access to memory the cell does not own (`peek` of
UART0) is a guest fault that the cell's on_fault (restart) answers, while
the producer keeps streaming.

Under icount, as the bare test (test_rtos.py): without it, the RTOS's
deadlines are measured in host time and a busy host makes it miss them
(29 to 669 misses of the 1 kHz task in four runs of 3 s).
"""

import re

import pytest

from conftest import BOOT_TIMEOUT, ICOUNT, cellaqemu
from test_rtos import READY, status
from test_vm import SERVICE, UART0, build_image, counter, still_streaming

TIMEOUT = 30
BASE = 0x84000000  # the cell's memory: the first free 2M-aligned RAM


@pytest.fixture(scope='module')
def rtos_image():
    return build_image('partition/systems/rtos.yaml', 'cella-rtos')


def test_rtos_in_a_cell(rtos_image):
    console = cellaqemu.Console(smp=4, bootargs=SERVICE, image=rtos_image, uarts=True,
                                extra=ICOUNT)
    try:
        uart = console.uart(1)
        console.expect(r'^service: ready; type help$', BOOT_TIMEOUT)
        assert re.search(r'^cell rtos: running on 1 core from 0x%08x, priority 110\.\.120$'
                         % BASE, console.output, re.M), console.failure('no RTOS cell')
        uart.expect(READY, TIMEOUT)
        uart.expect(r'^rtos: loaded at %08x, 16 MiB mapped at 40000000; devices from the '
                    r'device tree$' % BASE, 1)
        uart.expect(r'^rtos: uart 1c0a0000 irq 38, gic 2c001000/2c002000, sp804 1c110000 '
                    r'irq 34, vtimer irq 27$', 1)
        uart.read_for(3)
        runs = status(uart)
        assert runs[0] >= 100 and runs[1] >= 10 and runs[2] >= 10, \
            uart.failure('too few periods run: %s' % runs)
        assert runs[7] == 0, uart.failure('deadline misses: %s' % runs)

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
    finally:
        console.close()
