# SPDX-License-Identifier: MIT
"""tools/boardcheck.py: board.h and the platform file agree, and each way of
making them disagree is reported with the fact and both values."""

import copy
import os
import sys

import pytest
import yaml

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, 'tools'))

import boardcheck  # noqa: E402
import boardinfo  # noqa: E402


@pytest.fixture
def pair():
    with open(boardinfo.path()) as f:
        header = f.read()
    with open(os.path.join(boardcheck.PLATFORM_DIR, 'vexpress-a15.yaml')) as f:
        platform = yaml.safe_load(f)
    return header, platform


def errors(header, platform, topology=None):
    return boardcheck.check(boardinfo.parse(header), platform, 'board.h', 'platform.yaml',
                            topology)


def test_every_board_agrees_with_its_platform():
    assert boardcheck.main() == 0


def test_the_real_pair_agrees(pair):
    assert errors(*pair) == []


@pytest.mark.parametrize('old,new,expected', [
    ('BOARD_GICD_BASE 0x2c001000', 'BOARD_GICD_BASE 0x2c011000',
     'GIC distributor: board.h BOARD_GICD_BASE = 0x2c011000, but platform.yaml '
     'interrupt-controller.distributor = 0x2c001000'),
    ('BOARD_GICC_BASE 0x2c002000', 'BOARD_GICC_BASE 0x2c003000',
     'GIC CPU interface: board.h BOARD_GICC_BASE = 0x2c003000, but platform.yaml '
     'interrupt-controller.cpu = 0x2c002000'),
    ('BOARD_RAM_BASE\t  0x80000000', 'BOARD_RAM_BASE\t  0x60000000',
     'RAM base: board.h BOARD_RAM_BASE = 0x60000000, but platform.yaml ram.base = 0x80000000'),
    ('BOARD_IRQ_VIRT_TIMER 27', 'BOARD_IRQ_VIRT_TIMER 28',
     'timer interrupt: board.h BOARD_IRQ_VIRT_TIMER = 28, but platform.yaml timer-ppis[2] = 27'),
    ('BOARD_MAX_CPUS 4', 'BOARD_MAX_CPUS 2',
     'cores: board.h BOARD_MAX_CPUS = 2, but platform.yaml topology vexpress-a15.synthetic = 4'),
    ('BOARD_USER_DEV1_SIZE 0x00160000', 'BOARD_USER_DEV1_SIZE 0x00150000',
     'device clcd: platform.yaml 0x1c1f0000..0x1c1f0fff is outside every BOARD_USER_DEV window'),
    ('BOARD_UART2_BASE 0x1c0b0000', 'BOARD_UART2_BASE 0x1c0d0000',
     'device uart2: board.h BOARD_UART2_BASE = 0x1c0d0000, but platform.yaml '
     'devices.uart2.base = 0x1c0b0000'),
    ('BOARD_USER_TIMER_IRQ  34', 'BOARD_USER_TIMER_IRQ  35',
     'user timer: board.h BOARD_USER_TIMER_IRQ = 35, but platform.yaml devices.timer01.irqs = [34]'),
    ('BOARD_USER_TIMER_BASE 0x1c110000', 'BOARD_USER_TIMER_BASE 0x1c0a0000',
     'user timer: board.h BOARD_USER_TIMER_BASE = 0x1c0a0000, but platform.yaml has no SP804'),
    ('BOARD_KERNEL_BASE   (BOARD_RAM_BASE + 0x10000)', 'BOARD_KERNEL_BASE   (BOARD_RAM_BASE + 0x4000000)',
     'reserved kernel region: board.h BOARD_KERNEL_BASE = 0x84000000 is not in platform.yaml'),
])
def test_a_changed_board_h_fails(pair, old, new, expected):
    header, platform = pair
    assert old in header
    found = errors(header.replace(old, new), platform)
    assert any(e.startswith(expected) for e in found), found


@pytest.mark.parametrize('change,expected', [
    (lambda p: p['interrupt-controller'].update(distributor=0x2c000000),
     'GIC distributor: board.h BOARD_GICD_BASE = 0x2c001000, but platform.yaml '
     'interrupt-controller.distributor = 0x2c000000'),
    (lambda p: p['ram'].update(size='4G'), 'RAM size: platform.yaml ram.size = 4G is more than'),
    (lambda p: p['ram'].update(size='512M'), 'RAM size: platform.yaml ram.size = 512M, but ./cella run gives -m 1G'),
    (lambda p: p.update({'timer-ppis': [29, 31, 27, 26]}),
     'timer interrupt: board.h BOARD_IRQ_PHYS_TIMER = 30, but platform.yaml timer-ppis[1] = 31'),
    (lambda p: p.update(platform='vexpress-a9'),
     'platform name: board.h BOARD_NAME = vexpress-a15, but platform.yaml platform = vexpress-a9'),
    (lambda p: p['devices']['uart1'].update(base=0x1c090000),
     'device uart1: platform.yaml gives 0x1c090000, the kernel console'),
    (lambda p: p.update(doorbells=0x2c000000),
     'doorbells: platform.yaml doorbells = 0x2c000000..0x2c03ffff overlaps board.h BOARD_GICD_BASE'),
    (lambda p: p.update(pvpanic=0x1c0a0000),
     'pvpanic: platform.yaml pvpanic = 0x1c0a0000..0x1c0a0fff overlaps board.h BOARD_USER_DEV window'),
    (lambda p: p['reserved'][0].update(base=0x81000000),
     'reserved kernel region: board.h BOARD_BOOTARGS_BASE = 0x80000000 is not in'),
])
def test_a_changed_platform_fails(pair, change, expected):
    header, platform = pair
    platform = copy.deepcopy(platform)
    change(platform)
    found = errors(header, platform)
    assert any(e.startswith(expected) for e in found), found


def test_the_kernels_timer_is_no_cells_device():
    with open(boardinfo.path('armv5', 'versatilepb')) as f:
        header = f.read()
    with open(os.path.join(boardcheck.PLATFORM_DIR, 'versatilepb.yaml')) as f:
        platform = yaml.safe_load(f)
    assert errors(header, platform) == []
    platform['devices']['timer23'].update(base=0x101e2000)
    found = errors(header, platform)
    assert ("device timer23: platform.yaml gives 0x101e2000, the kernel's clock and tick "
            '(board.h BOARD_TIMER_BASE)') in found, found


def test_board_h_values_are_evaluated():
    facts = boardinfo.parse('#define BOARD_A 0x10u /* x */\n#define BOARD_B (BOARD_A << 4)\n'
                            '#define BOARD_S "s,t=on"\n')
    assert facts == {'BOARD_A': 0x10, 'BOARD_B': 0x100, 'BOARD_S': 's,t=on'}


def test_board_h_that_cannot_be_read_is_named():
    with pytest.raises(boardinfo.BoardError, match=r'board.h:2: BOARD_B'):
        boardinfo.parse('#define BOARD_A 1\n#define BOARD_B foo(1)\n')
