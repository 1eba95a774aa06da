# SPDX-License-Identifier: MIT
"""`./cella stress`: the cross-core IPC stress (stress/stress.c) on QEMU.

Boots the image with `stress stress_ms=… stress_seed=…`, echoes what the
stress prints (counts per core pair, any stuck thread, the summary) and
exits non-zero unless the summary line says nothing was lost, duplicated,
reordered, corrupted or stuck.
"""

import random
import re
import sys

import cellaqemu

SUMMARY = re.compile(r'^stress: (\d+) messages, (\d+) lost, (\d+) duplicated, (\d+) reordered, '
                     r'(\d+) corrupted, (\d+) stuck$', re.M)
MARGIN_S = 60  # boot, set-up and the final report, on a busy host


def run(seconds, seed, smp, inject=False):
    """Run the stress; return (summary numbers or None, console output)."""
    if seed is None:
        seed = random.randrange(1, 1 << 31)
    # stress_churn: threads made and destroyed while other cores hold their waits.
    args = 'ktest=off stress stress_ms=%d stress_seed=%d stress_churn=1' % (int(seconds * 1000),
                                                                           seed)
    if inject:
        args += ' stress_inject=1'
    with cellaqemu.Console(smp=smp, bootargs=args, image=cellaqemu.TEST_IMAGE) as console:
        try:
            console.expect(SUMMARY.pattern, seconds + MARGIN_S)
        except cellaqemu.BootTimeout:
            pass
    m = SUMMARY.search(console.output)
    return (tuple(int(g) for g in m.groups()) if m else None), console


def main(seconds, seed, smp):
    summary, console = run(seconds, seed, smp)
    for line in console.output.splitlines():
        if line.startswith('stress:'):
            print(line)
    if summary is None:
        sys.exit('cella stress: no summary line\n%s' % console.tail())
    if any(summary[1:]):
        sys.exit('cella stress: FAILED (see the lines above)')
