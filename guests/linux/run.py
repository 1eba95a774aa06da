# SPDX-License-Identifier: MIT
"""`./cella linux boot` and `./cella linux bench`: the guest on QEMU with no Cella underneath.

bench boots under -icount shift=0,align=off,sleep=off (DESIGN.md,
Measuring: one virtual nanosecond per instruction, summed over all cores),
types `cella-guest bench` at the shell and collects the JSON line it
prints: instructions per operation, and from reset to the ready line.
"""

import json
import subprocess

from . import qemu
from figures import write_json  # noqa: E402  (tools/, on the path through qemu)

# Cross-cpu needs two cores.
BENCH_SMP = (2, 3, 4)
BENCH_BOOT_TIMEOUT = 600
BENCH_RUN_TIMEOUT = 900
JSON_LINE = r'^bench-json: (\{.*\})$'


def boot(image_dir, smp, mem, timeout=None):
    """Boot interactively on this terminal; stop after @timeout seconds if given."""
    cmd = qemu.command(image_dir, smp, mem)
    print('cella: booting Linux from %s on %s -smp %d -m %s (quit: Ctrl-A X)'
          % (image_dir, qemu.MACHINE, smp, mem), flush=True)
    proc = subprocess.Popen(cmd)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.terminate()
        proc.wait()
        print('\ncella: stopped QEMU after %gs (--timeout)' % timeout)
        return
    if proc.returncode:
        raise RuntimeError('qemu-system-arm exited with status %d' % proc.returncode)


def measure(image_dir, smp):
    """Boot under icount, run the guest's benchmarks; {key: instructions per operation}."""
    with qemu.Console(image_dir, smp=smp, extra=qemu.ICOUNT) as console:
        console.expect(qemu.READY, BENCH_BOOT_TIMEOUT)
        m = console.run('cella-guest bench', JSON_LINE, BENCH_RUN_TIMEOUT)
    # The guest's remarks on its own figures (e.g. how many switches it saw).
    for line in console.output[console.output.rfind('cella-guest bench'):].splitlines():
        if line.startswith('# '):
            print('guest: %s' % line[2:])
    try:
        return json.loads(m.group(1))
    except ValueError:
        raise RuntimeError(console.failure('the guest printed bad JSON: %s' % m.group(1)))


def bench(image_dir, smp, json_path):
    results = measure(image_dir, smp)
    print('%-36s %16s' % ('Linux native (icount, -smp %d)' % smp, 'instructions'))
    for key in sorted(results):
        print('%-36s %16.1f' % (key, results[key]))
    write_json(json_path, results)
