# SPDX-License-Identifier: MIT
"""`./cella rtos bench`: the RTOS's timer interrupt latency and deadline misses.

Four settings, each under -icount shift=0,align=off,sleep=off (one
instruction, one virtual nanosecond):

- bare:   rtos.elf on -smp 1, no Cella;
- cell:   alone in a 1-core cell on core 1, the other cores idle
          (guests/rtos/bench-cell.yaml);
- shared: on core 1 with a 1-core Linux cell below it that runs a CPU-bound
          loop (partition/systems/shared-core.yaml; background paced);
- loaded: in its own cell while two 1-core Linux cells run CPU-bound loops
          on cores 2 and 3 (guests/rtos/bench-loaded.yaml), the kernel's
          tick at 10 kHz (LOADED_TICK_HZ) on every core, busy or idle
          (nohz=off: a VCPU alone on its core otherwise takes none), to
          bound QEMU's slices.

QEMU 7.2's round robin under icount gives each core in turn all the
virtual time up to the machine's next timer deadline: a busy core may run
a whole 10 ms tick while the RTOS's interrupt waits for its turn (fixed
upstream in QEMU 8.1, commit 83ecdb18eb65). In the loaded setting the
kernel's tick on every core is therefore 100 us (boot argument tick_hz),
which bounds a slice to that; its latency still counts the other cores'
slices, so only its misses are reported (docs/benchmarks.md).

The figures are the RTOS's own, from the status lines it prints every 5
virtual seconds (no input reaches it, so bare and cell repeat exactly):
the first whose latency line counts at least MIN_IRQS timer interrupts.
Every UART of the boot is read all along (tools/cellaqemu.py): QEMU 7.2
stops the whole machine when a UART socket's client does not read.

Latency runs from the virtual timer's compare value to the counter stamp
its IRQ vector takes (guests/rtos/arch/vtimer.c), in counter ticks of 16 ns
(62.5 MHz), reported here in ns: that is the resolution.
"""

import json
import os
import re
import shutil
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, 'tools'))

import cellaqemu  # noqa: E402


ICOUNT = ['-icount', 'shift=0,align=off,sleep=off']
RTOS_ELF = os.path.join(TOP, 'build', cellaqemu.ARCH, 'images', 'rtos.elf')
SERVICE_ARGS = 'ktest=off utest=off'
LOADED_TICK_HZ = 10000
SERVICE_READY = r'^service: ready; type help$'
RTOS_READY = r'^rtos ready: 4 tasks$'
LINUX_READY = r'^guest ready: 1 cpus'
LINUX_PROMPT = 'cella-guest# '
LINUX_LOOP = 'while :; do :; done &\n'
MIN_IRQS = 10000
TIMEOUT = 600  # wall-clock seconds for one setting
MISSES = re.compile(r'^status: runs ctl-1khz=(\d+) .* total=(\d+)$', re.M)
LATENCY = re.compile(r'^status: irq latency n=(\d+) ticks min=(\d+) mean=(\d+) max=(\d+) '
                     r'ns min=(\d+) mean=(\d+) max=(\d+)$', re.M)

# setting: (description or None for bare, the Linux UARTs to load, more boot arguments)
SETTINGS = {
    'bare': (None, (), ''),
    'cell': ('guests/rtos/bench-cell.yaml', (), ''),
    'shared': ('partition/systems/shared-core.yaml', (2,), ''),
    'loaded': ('guests/rtos/bench-loaded.yaml', (2, 3), ' tick_hz=%d nohz=off' % LOADED_TICK_HZ),
}


def build_images():
    """Each description's boot image, copied aside; the default image built again."""
    cella = os.path.join(TOP, 'cella')
    images = {}

    def build(*args):
        r = subprocess.run([cella, 'build'] + list(args), cwd=TOP, capture_output=True,
                           text=True, stdin=subprocess.DEVNULL)
        if r.returncode != 0:
            raise RuntimeError('./cella build %s failed:\n%s%s'
                               % (' '.join(args), r.stdout, r.stderr))

    try:
        for name, (config, _, _) in SETTINGS.items():
            if config:
                build('--config', os.path.join(TOP, config))
                images[name] = os.path.join(TOP, 'build', cellaqemu.ARCH,
                                            'cella-rtos-bench-%s.elf' % name)
                shutil.copyfile(cellaqemu.IMAGE, images[name])
    finally:
        build()
    return images


class Bare(cellaqemu.Console):
    """rtos.elf on the bare board: its UART0 on stdio."""

    def __init__(self):
        self._start(['qemu-system-arm', '-M', 'vexpress-a15', '-smp', '1', '-m', '128M',
                     '-nographic', '-audiodev', 'none,id=snd0', '-global',
                     'pl041.audiodev=snd0', '-kernel', RTOS_ELF] + ICOUNT)


def wait_figures(rtos):
    """The first periodic status with at least MIN_IRQS interrupts: misses, latency."""
    start = 0
    while True:
        lat = rtos.expect(LATENCY.pattern, TIMEOUT, start)
        if int(lat.group(1)) >= MIN_IRQS:
            break
        start = lat.end()
    runs = list(MISSES.finditer(rtos.output, 0, lat.start()))[-1]
    return {'irqs': int(lat.group(1)), 'min': int(lat.group(5)), 'mean': int(lat.group(6)),
            'max': int(lat.group(7)), 'ctl_runs': int(runs.group(1)),
            'misses': int(runs.group(2))}


def run_setting(name, image):
    config, linux_uarts, bootargs = SETTINGS[name]
    if not config:
        with Bare() as rtos:
            rtos.expect(RTOS_READY, TIMEOUT)
            return wait_figures(rtos)
    with cellaqemu.Console(smp=4, bootargs=SERVICE_ARGS + bootargs, image=image, uarts=True,
                           extra=ICOUNT) as console:
        rtos = console.uart(1)
        linux = [console.uart(n) for n in linux_uarts]
        console.expect(SERVICE_READY, TIMEOUT)
        rtos.expect(RTOS_READY, TIMEOUT)
        for uart in linux:
            uart.expect(LINUX_READY, TIMEOUT)
            uart.wait_for_text(LINUX_PROMPT, TIMEOUT)
            uart.send(LINUX_LOOP)
        figures = wait_figures(rtos)
        return figures


def number(v):
    return '{:,}'.format(v)


def bench(json_path):
    images = build_images()
    figures, raw = {}, {}
    for name in SETTINGS:
        f = run_setting(name, images.get(name))
        raw[name] = f
        if name != 'loaded':
            for k in ('min', 'mean', 'max'):
                figures['rtos_irq_latency_%s_%s' % (name, k)] = f[k]
        figures['rtos_deadline_misses_%s' % name] = f['misses']
        print('%-7s %7s irqs  latency ns min %5s mean %7s max %9s  misses %s (of %s 1 kHz '
              'periods)' % (name, number(f['irqs']), number(f['min']), number(f['mean']),
                            number(f['max']), f['misses'], number(f['ctl_runs'])), flush=True)
    print()
    for key, value in figures.items():
        print('%-34s %12s' % (key, number(value)))
    with open(json_path, 'w') as out:
        json.dump(dict(figures, settings=raw), out, indent=1, sort_keys=True)
        out.write('\n')
    print('written to %s' % json_path)
