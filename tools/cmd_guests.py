# SPDX-License-Identifier: MIT
"""The `cella` commands of the guests: `linux build|boot|bench` (guests/linux/)
and `rtos bench` (guests/rtos/)."""

import os
import subprocess
import sys

import cellaqemu
import deps
from cli import TOP, Parser, UsageError, linux_package, mem_size, positive_int, seconds


def linux_build(argv):
    p = Parser(prog='cella linux build')
    p.add_argument('--fragment', help='a config fragment to use instead of '
                   'guests/linux/guest.config (for experiments)')
    a = p.parse_args(argv)
    image, kernel, _, _ = linux_package()
    print(image.build(fragment=os.path.abspath(a.fragment or kernel.FRAGMENT)))


def linux_boot(argv):
    image, _, qemu, run = linux_package()
    p = Parser(prog='cella linux boot')
    p.add_argument('--smp', type=positive_int(image.MAX_CPUS), default=qemu.DEFAULT_SMP)
    p.add_argument('--mem', type=mem_size, default=qemu.DEFAULT_MEM)
    p.add_argument('--timeout', type=seconds)
    a = p.parse_args(argv)
    run.boot(image.build(), a.smp, a.mem, a.timeout)


def linux_bench(argv):
    image, _, qemu, run = linux_package()
    p = Parser(prog='cella linux bench')
    p.add_argument('--smp', type=positive_int(image.MAX_CPUS), default=qemu.DEFAULT_SMP)
    p.add_argument('--json', nargs='?', help='default: build/linux-bench.json, '
                   'build/linux-bench-incell.json with --in-cell')
    p.add_argument('--in-cell', action='store_true', help='Linux in a 2-core Cella cell '
                   '(guests/linux/bench-cell.yaml) beside native, per key (docs/benchmarks.md)')
    a = p.parse_args(argv)
    if a.in_cell:
        from guests.linux import incell
        if a.smp != 2:
            raise UsageError('cella linux bench: --in-cell runs on the cell\'s 2 cores')
        incell.bench(image.build(), a.json or os.path.join(TOP, 'build',
                                                           'linux-bench-incell.json'))
        return
    a.json = a.json or os.path.join(TOP, 'build', 'linux-bench.json')
    if a.smp not in run.BENCH_SMP:
        raise UsageError('cella linux bench: --smp must be 2, 3 or 4: the cross-cpu figure '
                         'needs two cores')
    run.bench(image.build(), a.smp, a.json)


def cmd_linux(argv):
    subcommands = {'build': linux_build, 'boot': linux_boot, 'bench': linux_bench}
    if not argv or argv[0] not in subcommands:
        raise UsageError('cella linux: say build, boot or bench')
    deps.ensure('linux')
    _, kernel, _, _ = linux_package()
    try:
        subcommands[argv[0]](argv[1:])
    except (kernel.BuildError, RuntimeError, OSError, subprocess.CalledProcessError,
            cellaqemu.BootTimeout) as e:
        sys.exit('cella linux %s: %s' % (argv[0], e))


def cmd_rtos(argv):
    if not argv or argv[0] != 'bench':
        raise UsageError('cella rtos: say bench')
    p = Parser(prog='cella rtos bench')
    p.add_argument('--json', nargs='?', default=os.path.join(TOP, 'build', 'rtos-bench.json'),
                   const=os.path.join(TOP, 'build', 'rtos-bench.json'),
                   help='default: build/rtos-bench.json')
    a = p.parse_args(argv[1:])
    deps.ensure('linux')
    sys.path.insert(0, TOP)
    from guests.rtos import bench
    try:
        bench.bench(a.json)
    except (RuntimeError, OSError, cellaqemu.BootTimeout) as e:
        sys.exit('cella rtos bench: %s' % e)
