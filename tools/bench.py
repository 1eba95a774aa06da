# SPDX-License-Identifier: MIT
"""`./cella bench`: kernel micro-benchmarks under QEMU icount, as a table and JSON.

Boots the image twice with -icount shift=0,align=off,sleep=off (one virtual
nanosecond per instruction, so the figures repeat exactly; DESIGN.md,
Measuring): once as built, once with the IPC fast path off, for the slow
path's figure. The root task runs partition/root/bench.c and prints
"bench: <key> <instructions per operation>".
"""

import re

import cellaqemu
from figures import write_json

ICOUNT = ['-icount', 'shift=0,align=off,sleep=off']
BOOT_TIMEOUT = 300
LINE = re.compile(r'^bench: (\w+) (\d+(?:\.\d+)?)$', re.M)

# (key in the JSON, key the root task prints, boot arguments)
FIGURES = [
    ('null_syscall', 'null_syscall', ''),
    ('thread_switch', 'thread_switch', ''),
    ('notify_signal_to_wake', 'notify_signal_to_wake', ''),
    ('ipc_same_core_roundtrip_fastpath', 'ipc_same_core_roundtrip', ''),
    ('ipc_same_core_roundtrip_slowpath', 'ipc_same_core_roundtrip', 'ipc_fastpath=off'),
    ('ipc_cross_core_roundtrip', 'ipc_cross_core_roundtrip', ''),
] + [('ipc_cost_per_msg_pairs_%d' % n, 'ipc_cost_per_msg_pairs_%d' % n, '') for n in (1, 2, 3, 4)] \
  + [('doorbells_per_msg_pairs_4', 'doorbells_per_msg_pairs_4', ''),
     ('xcore_flood_victim_share', 'xcore_flood_victim_share', '')]


# The figures one core gives (the others need two cores or more).
SAME_CORE = ['null_syscall', 'thread_switch', 'notify_signal_to_wake',
             'ipc_same_core_roundtrip_fastpath', 'ipc_same_core_roundtrip_slowpath']


def boot(smp, extra_args, board=None):
    args = ('ktest=off bench ' + extra_args).strip()
    image = cellaqemu.board_images(board)[1] if board else cellaqemu.TEST_IMAGE
    options = {'board': board, 'mem': cellaqemu.board_mem(board)} if board else {}
    with cellaqemu.Console(smp=smp, bootargs=args, extra=ICOUNT, image=image,
                           **options) as console:
        console.expect(r'^root: ready$', BOOT_TIMEOUT)
    found = {m.group(1): float(m.group(2)) for m in LINE.finditer(console.output)}
    if not found:
        raise RuntimeError(console.failure('the root task printed no figures'))
    return found


def run(smp, json_path, board=None):
    """The figures on @board (None: the default board) with @smp cores, to @json_path."""
    runs = {}
    results = {}
    for key, printed, args in FIGURES:
        if smp == 1 and key not in SAME_CORE:
            continue
        if args not in runs:
            runs[args] = boot(smp, args, board)
        if printed not in runs[args]:
            raise RuntimeError('no figure for %s (boot arguments: %r)' % (printed, args))
        results[key] = runs[args][printed]
    print('%-36s %14s' % ('benchmark (icount, %s-smp %d)' % (board + ' ' if board else '', smp),
                          'instructions'))
    for key, value in results.items():
        print('%-36s %14.1f' % (key, value))
    write_json(json_path, results)
