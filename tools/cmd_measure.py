# SPDX-License-Identifier: MIT
"""The `cella` commands that measure or search: bench, soak, stress and fuzz
(the kernel's system-call fuzzer, or cellconf's under AFL++)."""

import json
import os
import sys

import boardinfo
import cellaqemu
import deps
from cli import (DEFAULT_CONFIG, TOP, Parser, Target, UsageError, config_kernel, positive_int,
                 scons, seconds)


def cmd_bench(argv):
    p = Parser(prog='cella bench')
    p.add_argument('--smp', type=positive_int(cellaqemu.MAX_SMP))
    p.add_argument('--board', default=boardinfo.DEFAULT_BOARD)
    p.add_argument('--json', nargs='?', default=None, const=None,
                   help='default: build/bench.json, build/system-bench.json with --system')
    p.add_argument('--system', action='store_true')
    p.add_argument('--record', metavar='LABEL',
                   help='add the figures to docs/bench-history.json and its tables')
    p.add_argument('--change', metavar='TEXT', help='with --record: the history rows\' text')
    a = p.parse_args(argv)
    a.mem = None
    target = Target(a)
    if a.change and not a.record:
        raise UsageError('cella bench: --change goes with --record')
    if (a.system or a.record) and not target.default:
        raise UsageError('cella bench: --system and --record are for the default board (%s)'
                         % boardinfo.DEFAULT_BOARD)
    if a.record and (a.system or a.smp != cellaqemu.DEFAULT_SMP):
        raise UsageError('cella bench: --record records the kernel bench on -smp %d only'
                         % cellaqemu.DEFAULT_SMP)
    deps.ensure('run')
    if a.system:
        import sysbench
        try:
            sysbench.run(a.json or os.path.join(TOP, 'build', 'system-bench.json'))
        except (RuntimeError, cellaqemu.BootTimeout) as e:
            sys.exit('cella bench --system: %s' % e)
        return
    a.json = a.json or os.path.join(TOP, 'build', 'bench.json')
    target.build()
    import bench
    try:
        bench.run(a.smp, a.json, None if target.default else target.board)
    except RuntimeError as e:
        sys.exit('cella bench: %s' % e)
    if a.record:
        import benchtable
        with open(a.json) as f:
            figures = json.load(f)
        data = benchtable.record(benchtable.load(), a.record, figures, a.change)
        benchtable.save(data)
        benchtable.write(data)
        print('cella: recorded "%s" in %s and its tables in %s'
              % (a.record, os.path.relpath(benchtable.HISTORY), os.path.relpath(benchtable.DOC)))


def cmd_soak(argv):
    p = Parser(prog='cella soak')
    p.add_argument('--restarts', type=positive_int(100000), default=10)
    p.add_argument('--config', default=DEFAULT_CONFIG)
    a = p.parse_args(argv)
    deps.ensure('run')
    scons('kernel')
    config_kernel(a.config)
    import soak
    sys.exit(0 if soak.run(a.restarts) else 1)


def cmd_stress(argv):
    p = Parser(prog='cella stress')
    p.add_argument('--seconds', type=seconds, default=10.0)
    p.add_argument('--seed', type=positive_int(2**31 - 1))
    p.add_argument('--smp', type=positive_int(cellaqemu.MAX_SMP), default=cellaqemu.DEFAULT_SMP)
    a = p.parse_args(argv)
    deps.ensure('run')
    scons('kernel')
    import stress
    stress.main(a.seconds, a.seed, a.smp)


KERNEL_FUZZ_CALLS = 1000000


def cmd_fuzz(argv):
    p = Parser(prog='cella fuzz')
    p.add_argument('--kernel', action='store_true')
    p.add_argument('--calls', type=positive_int(2**32 - 1))
    p.add_argument('--seed', type=positive_int(2**32 - 1))
    p.add_argument('--seconds', type=seconds)
    p.add_argument('--board')
    a = p.parse_args(argv)
    if a.kernel:
        if a.seconds:
            raise UsageError('cella fuzz: --seconds is for cellconf; --kernel runs --calls')
        a.board = a.board or boardinfo.DEFAULT_BOARD
        a.smp = a.mem = None
        target = Target(a)
        deps.ensure('run')
        target.build()
        import kfuzz
        sys.exit(0 if kfuzz.run(a.calls or KERNEL_FUZZ_CALLS, a.seed, target.board) else 1)
    if a.calls or a.seed or a.board:
        raise UsageError('cella fuzz: --calls, --seed and --board are for --kernel')
    deps.ensure('fuzz')
    import cellfuzz
    sys.exit(0 if cellfuzz.run(a.seconds or 600) else 1)
