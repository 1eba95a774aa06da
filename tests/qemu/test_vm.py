# SPDX-License-Identifier: MIT
"""Linux 6.1 (./cella linux build, unmodified) in a cell, on VCPUs, on -smp 4.

Two images: partition/systems/linux.yaml (a 2-core Linux cell with uart1
beside the native producer and consumer) and tests/qemu/systems/linux1.yaml
(Linux alone on core 3). One boot of each serves many assertions: the
guest's own self-check, its cores, a fault the cell's policy answers while
the native cells go on, a restart from the management console, reset and
power-off from the guest.
"""

import os
import re
import shutil
import subprocess

import pytest

from conftest import BOOT_TIMEOUT, cellaqemu

SERVICE = 'ktest=off utest=off'
READY = r'^guest ready: (\d+) cpus, (\d+) MiB$'
PROMPT = 'cella-guest# '
LINUX_BOOT = 240  # seconds: a Linux boot under QEMU TCG on a busy 2-core host
UART0 = 0x1c090000  # the kernel's console
UART2 = 0x1c0b0000  # the consumer's UART in linux.yaml


def build_image(config, name):
    """The boot image of @config, copied aside as build/armv7/NAME.elf; the default rebuilt."""
    cella = os.path.join(cellaqemu.TOP, 'cella')
    out = os.path.join(os.path.dirname(cellaqemu.IMAGE), name + '.elf')
    r = subprocess.run([cella, 'build', '--config', config], cwd=cellaqemu.TOP,
                       capture_output=True, text=True)
    try:
        assert r.returncode == 0, r.stdout + r.stderr
        shutil.copyfile(cellaqemu.IMAGE, out)
    finally:
        r = subprocess.run([cella, 'build'], cwd=cellaqemu.TOP, capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
    return out


@pytest.fixture(scope='module')
def linux2_image():
    return build_image('partition/systems/linux.yaml', 'cella-linux2')


@pytest.fixture(scope='module')
def linux1_image():
    return build_image('tests/qemu/systems/linux1.yaml', 'cella-linux1')


def boot_cells(image, uarts, extra=()):
    """A boot of @image (QEMU @extra), the service ready: the console and UARTs @uarts."""
    console = cellaqemu.Console(smp=4, bootargs=SERVICE, image=image, uarts=True, extra=extra)
    try:
        connected = [console.uart(n) for n in uarts]
        console.expect(r'^service: ready; type help$', BOOT_TIMEOUT)
    except Exception:
        console.close()
        raise
    return console, connected


def boot(image):
    """A boot of @image with the service running and uart1 (the guest's console) connected."""
    console, (uart,) = boot_cells(image, (1,))
    return console, uart


def ready(uart, start=0):
    """Wait for the guest's ready line after @start; (cpus, MiB)."""
    m = uart.expect(READY, LINUX_BOOT, start)
    return int(m.group(1)), int(m.group(2))


def counter(console, who, word):
    counts = re.findall(r'^%s\| %s (\d+)' % (who, word), console.output, re.M)
    return int(counts[-1]) if counts else 0


def still_streaming(console, before):
    """The native producer keeps sending while Linux faults, restarts or stops."""
    console.wait_until(lambda out: counter(console, 'producer', 'sent') > before, 20,
                       'the producer sending past %d' % before)
    return counter(console, 'producer', 'sent')


def cells_row(console, name):
    mark = len(console.output)
    console.send('cells\n')
    row = re.compile(r'^%s +\S+.*\n' % name, re.M)
    console.wait_until(lambda out: row.search(out, mark), 10, 'the cells table')
    return row.search(console.output, mark).group(0).split()


def test_linux_in_a_two_core_cell(linux2_image):
    console, uart = boot(linux2_image)
    try:
        assert re.search(r'^cell linux: running on 2 cores from 0x88000000, priority 10\.\.90$',
                         console.output, re.M), console.failure('the Linux cell did not start')
        assert ready(uart) == (2, 256)
        assert 'not ok' not in uart.output, uart.failure('the guest self-check failed')
        assert re.search(r'^ok 2 - cpus_online$', uart.output, re.M)
        assert uart.run('nproc', r'^(\d+)$', PROMPT).group(1) == '2'
        check = uart.run('cella-guest check', r'^ok 5 - busybox_shell$', PROMPT)
        assert 'not ok' not in uart.output[check.start() - 400:check.end()]
        row = cells_row(console, 'linux')
        assert row[1:3] == ['running', '1,2'] and row[7] == 'vm' and int(row[8]) > 0, row

        # The kernel's console is not the guest's: reading it is a fault, and
        # linux.yaml restarts the cell; the native cells go on meanwhile.
        sent = counter(console, 'producer', 'sent')
        mark = len(uart.output)
        uart.send('devmem 0x%x\n' % UART0)
        console.expect(r'^cell linux: VCPU \d on core [12]: exit 5 at 0x%08x \(pc 0x[0-9a-f]+\) '
                       r'not allowed$' % UART0, 30)
        console.expect(r'^cell linux: guest fault; restarting it \(fault 1\)$', 10)
        sent = still_streaming(console, sent)
        assert ready(uart, mark) == (2, 256)

        # The management console's restart boots the guest afresh from its image.
        mark = len(uart.output)
        console.send('restart linux\n')
        assert ready(uart, mark) == (2, 256)
        assert cells_row(console, 'linux')[1] == 'running'

        mark = len(uart.output)
        uart.run('reboot -f', r'reboot', PROMPT)
        console.expect(r'^cell linux: the guest reset itself; restarting it$', 60)
        assert ready(uart, mark) == (2, 256)
        sent = still_streaming(console, sent)

        uart.run('poweroff -f', r'poweroff', PROMPT)
        console.expect(r'^cell linux: the guest switched itself off; stopping it$', 60)
        assert cells_row(console, 'linux')[1] == 'stopped'
        still_streaming(console, sent)
    finally:
        console.close()


def test_linux_in_a_one_core_cell(linux1_image):
    console, uart = boot(linux1_image)
    try:
        assert ready(uart) == (1, 128)
        assert 'not ok' not in uart.output, uart.failure('the guest self-check failed')
        assert uart.run('nproc', r'^(\d+)$', PROMPT).group(1) == '1'
        # Another cell's UART (or any address the cell does not own): on_fault: stop.
        uart.send('devmem 0x%x 32 0x41\n' % UART2)
        console.expect(r'^cell linux: VCPU 0 on core 3: exit 5 at 0x%08x \(pc 0x[0-9a-f]+\) '
                       r'not allowed$' % UART2, 30)
        console.expect(r'^cell linux: guest fault; stopping it \(fault 1\)$', 10)
        assert cells_row(console, 'linux')[1] == 'stopped'
    finally:
        console.close()
