# SPDX-License-Identifier: MIT
"""`./cella bench --system`: the default system (partition/systems/default.yaml)
measured as a whole, under -icount shift=0,align=off,sleep=off.

One boot of the default image; every figure is in virtual time, one
nanosecond per instruction (all cores' instructions: QEMU runs the cores in
turn under icount, see "What the figures mean" in docs/benchmarks.md):

- each guest's time to ready: from its first instruction (the service's
  `kstat cell NAME entered`) to its ready line's counter (Linux:
  /tmp/cella-ready; the RTOS: `rtos: ready at count N`), and when that
  first instruction came;
- `cella-guest work` in linux-a alone, then in linux-a and linux-b at once:
  the slowdown of linux-a's run;
- the RTOS's deadline misses while both Linux cells run `cella-guest work`,
  and its interrupt latency (cumulative since its boot: its status line);
- the link channel: `cella-guest channel link duplex` in both Linux cells
  at once, bytes a virtual nanosecond each way and doorbells a record.

Commands are typed at host-dependent moments, so two runs differ a little.
Every UART of the boot is read whenever one is (tools/cellaqemu.py).
"""

import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, 'tools'))

import cellaqemu  # noqa: E402
from figures import write_json  # noqa: E402

ICOUNT = ['-icount', 'shift=0,align=off,sleep=off']
SERVICE_ARGS = 'ktest=off utest=off'
UARTS = {'rtos': 1, 'linux-a': 2, 'linux-b': 3}  # default.yaml
READY = {'rtos': r'^rtos ready: \d+ tasks$', 'linux-a': r'^guest ready: 2 cpus',
         'linux-b': r'^guest ready: 1 cpus'}
PROMPT = 'cella-guest# '
BOOT_TIMEOUT = 600  # wall-clock seconds: two Linux boots under icount on a busy host
STEP_TIMEOUT = 900
WORK_ROUNDS = 40
LINK_RECORDS = 4000  # of 1,008 bytes
STATUS = re.compile(r'^status: runs ctl-1khz=(\d+) .* total=(\d+)$', re.M)
LATENCY = re.compile(r'^status: irq latency n=(\d+) ticks .* ns min=(\d+) mean=(\d+) '
                     r'max=(\d+)$', re.M)
WORK = r'^work: \d+ rounds in (\d+) ns'
DONE = (r'^channel link: done: %s (\d+) records, (\d+) bytes in (\d+) ms, last \d+, (\d+) bad, '
        r'(\d+) lost, \d+ restarts, (\d+) doorbells')


def build():
    r = subprocess.run([os.path.join(TOP, 'cella'), 'build'], cwd=TOP)
    if r.returncode:
        raise RuntimeError('the default image did not build')


def kstat_entered(console):
    """{cell: virtual count at its first instruction}, and the counter's frequency."""
    mark = len(console.output)
    console.send('kstat\n')
    freq = int(console.expect(r'^kstat counter \d+ (\d+)$', 30, mark).group(1))
    entered = {}
    for cell in ('linux-a', 'linux-b', 'rtos'):
        m = console.expect(r'^kstat cell %s entered (\d+)$' % re.escape(cell), 30, mark)
        entered[cell] = int(m.group(1))
    return entered, freq


def ready_counts(uart):
    """The counter at each guest's ready line."""
    counts = {'rtos': int(uart['rtos'].expect(r'^rtos: ready at count (\d+)$', 30).group(1))}
    for cell in ('linux-a', 'linux-b'):
        m = uart[cell].run('cat /tmp/cella-ready', r'^(\d+) \d+\r?$', PROMPT, 30)
        counts[cell] = int(m.group(1))
    return counts


def rtos_status(rtos):
    start = len(rtos.output)
    rtos.send('status\n')
    runs = rtos.expect(STATUS.pattern, 60, start)
    lat = rtos.expect(LATENCY.pattern, 60, start)
    return {'periods_1khz': int(runs.group(1)), 'misses': int(runs.group(2)),
            'latency_n': int(lat.group(1)), 'latency_min_ns': int(lat.group(2)),
            'latency_mean_ns': int(lat.group(3)), 'latency_max_ns': int(lat.group(4))}


def work(uart, cells):
    """`cella-guest work` in @cells at once; {cell: its ns}."""
    start = {c: len(uart[c].output) for c in cells}
    for c in cells:
        uart[c].send('cella-guest work %d\n' % WORK_ROUNDS)
    took = {}
    for c in cells:
        took[c] = int(uart[c].expect(WORK, STEP_TIMEOUT, start[c]).group(1))
        uart[c].wait_for_text(PROMPT, 60)
    return took


def link(uart):
    """`duplex` over link in both Linux cells: the figures of each side."""
    ends = ('linux-a', 'linux-b')
    start = {c: len(uart[c].output) for c in ends}
    for c in ends:
        uart[c].send('cella-guest channel link duplex %d\n' % LINK_RECORDS)
    out = {}
    for c in ends:
        got = uart[c].expect(DONE % 'received', STEP_TIMEOUT, start[c])
        sent = uart[c].expect(DONE % 'sent', 60, start[c])
        uart[c].wait_for_text(PROMPT, 60)
        records, nbytes, ms, bad, lost, rings = map(int, got.groups())
        if bad or lost or records != LINK_RECORDS:
            raise RuntimeError(uart[c].failure('link: %s' % got.group(0)))
        out[c] = {'bytes': nbytes, 'ns': int(sent.group(3)) * 1000000,
                  'rings': rings + int(sent.group(6)), 'records': records}
    return out


def measure():
    build()
    with cellaqemu.Console(smp=4, bootargs=SERVICE_ARGS, uarts=True, extra=ICOUNT) as console:
        uart = {cell: console.uart(n) for cell, n in UARTS.items()}
        console.expect(r'^service: ready; type help$', BOOT_TIMEOUT)
        for cell, u in uart.items():
            u.expect(READY[cell], BOOT_TIMEOUT)
        for cell in ('linux-a', 'linux-b'):
            uart[cell].wait_for_text(PROMPT, 60)
        entered, freq = kstat_entered(console)
        ready = ready_counts(uart)
        alone = work(uart, ['linux-a'])['linux-a']
        before = rtos_status(uart['rtos'])
        both = work(uart, ['linux-a', 'linux-b'])
        after = rtos_status(uart['rtos'])
        channel = link(uart)
    ns = 1e9 / freq
    figures = {}
    for cell in UARTS:
        figures['system_%s_entered_ns' % cell] = round(entered[cell] * ns)
        figures['system_%s_boot_to_ready_ns' % cell] = round((ready[cell] - entered[cell]) * ns)
    figures['system_work_alone_ns'] = alone
    figures['system_work_beside_linux_b_ns'] = both['linux-a']
    figures['system_work_slowdown'] = round(both['linux-a'] / alone, 3)
    figures['system_rtos_periods_under_load'] = after['periods_1khz'] - before['periods_1khz']
    figures['system_rtos_misses_under_load'] = after['misses'] - before['misses']
    for key in ('latency_min_ns', 'latency_mean_ns', 'latency_max_ns'):
        figures['system_rtos_%s' % key] = after[key]
    for cell, c in channel.items():
        side = cell.replace('-', '_')
        figures['system_link_%s_bytes_per_ns' % side] = round(c['bytes'] / c['ns'], 4)
        figures['system_link_%s_doorbells_per_record' % side] = round(c['rings'] / (2 * c['records']), 3)
    return figures


def run(json_path):
    figures = measure()
    print('%-44s %16s' % ('default system (icount, -smp 4)', 'value'))
    for key in sorted(figures):
        print('%-44s %16s' % (key, figures[key]))
    write_json(json_path, figures)
