# SPDX-License-Identifier: MIT
"""Two guests on one core by global priority: partition/systems/shared-core.yaml
(the RTOS in band 200..250 with uart1 and timer01, its background load paced
so that it idles, and a 1-core Linux cell in band 10..100 with uart2, both
on core 1), on -smp 4 under icount.

Both come up; Linux runs a CPU-bound loop at its shell; the RTOS, which
preempts Linux whenever it has work, still misses no deadline a few
virtual seconds later. Two VCPUs on one core switch their whole state
(banked registers, CP15, virtual timer, list registers) at every change;
the RTOS is switched to ahead of its timer and waits for it loaded, so its
mean timer latency stays near a cell's own (docs/vmm.md, "The virtual
timer"), where a switch after the timer fired cost about 800 ns.
"""

import re
import time

import pytest

from conftest import ICOUNT
from test_rtos import READY, status
from test_vm import LINUX_BOOT, PROMPT, boot_cells, build_image

LINUX_READY = r'^guest ready: 1 cpus, 128 MiB$'
TIMEOUT = 60
# The RTOS's timer latency since its boot, from its status (ns, icount).
LATENCY = re.compile(r'^status: irq latency n=\d+ .* ns min=(\d+) mean=(\d+) max=(\d+)$', re.M)
MEAN_LATENCY_MAX_NS = 500  # loaded ahead of its timer: ~280; switched after it: ~800


@pytest.fixture(scope='module')
def shared_image():
    return build_image('partition/systems/shared-core.yaml', 'cella-shared-core')


def test_rtos_and_linux_share_a_core(shared_image):
    console, (rtos, linux) = boot_cells(shared_image, (1, 2), ICOUNT)
    try:
        for cell, band in (('rtos', r'200\.\.250'), ('linux', r'10\.\.100')):
            assert re.search(r'^cell %s: running on 1 core from 0x[0-9a-f]+, priority %s$'
                             % (cell, band), console.output, re.M), \
                console.failure('cell %s did not start' % cell)
        rtos.expect(READY, TIMEOUT)
        assert re.search(r'^rtos: background paced', rtos.output, re.M)
        linux.expect(LINUX_READY, LINUX_BOOT)
        assert status(rtos)[7] == 0, rtos.failure('misses while Linux booted')

        linux.wait_for_text(PROMPT, TIMEOUT)
        linux.send('while :; do :; done &\n')
        linux.run('jobs', r'^\[1\]\+ +Running +while', PROMPT)
        before = status(rtos)
        # A second of the RTOS's time (icount: however long the host takes).
        after = status(rtos)
        deadline = time.monotonic() + TIMEOUT
        while after[0] - before[0] < 1000 and time.monotonic() < deadline:
            rtos.read_for(0.5)
            after = status(rtos)
        assert after[0] - before[0] >= 1000, rtos.failure('the 1 kHz task ran too little')
        assert after[7] == 0, rtos.failure('deadline misses with Linux busy: %s' % after)
        mean = int(LATENCY.findall(rtos.output)[-1][1])
        assert mean <= MEAN_LATENCY_MAX_NS, \
            rtos.failure('mean timer latency %d ns sharing the core (at most %d)'
                         % (mean, MEAN_LATENCY_MAX_NS))
        # Linux still gets the core the RTOS leaves: its shell answers.
        assert linux.run('echo alive', r'^alive$', PROMPT)
    finally:
        console.close()
