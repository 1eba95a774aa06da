# SPDX-License-Identifier: MIT
"""Machines without a way into HYP get one clear line; firmware-entered HYP works."""

import re

import pytest

from conftest import boot

NO_HYP = [
    'vexpress-a9',
    'vexpress-a15,secure=off,virtualization=off',
    'vexpress-a15,secure=on,virtualization=off',
]
REFUSAL = r'^cella: cannot enter HYP mode: no Virtualization Extensions on this machine ' \
          r'\(MIDR 0x[0-9a-f]{8}\); Cella needs a Cortex-A15 with them: ' \
          r'qemu-system-arm -M vexpress-a15,secure=on,virtualization=on$'


@pytest.mark.parametrize('machine', NO_HYP)
def test_no_virtualization_refused_in_one_line(machine):
    console = boot(REFUSAL, machine=machine, smp=2)
    lines = [l for l in console.output.splitlines() if l.startswith('cella')]
    assert len(lines) == 1, console.failure('expected exactly one line')


def test_firmware_already_in_hyp():
    """Without EL3 but with EL2, QEMU starts in HYP: the shim is skipped."""
    console = boot(r'^# ktest: \d+ ok, \d+ not ok$',
                   machine='vexpress-a15,secure=off,virtualization=on', smp=2)
    assert re.search(r'^# ktest: \d+ ok, 0 not ok$', console.output, re.M), \
        console.failure('self-tests failed')
