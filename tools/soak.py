# SPDX-License-Identifier: MIT
"""`./cella soak`: restart every cell of a system N times while it runs, and
check that the kernel gives back all that the restarts made.

The partition service does the work (its `soak N` command,
partition/service/soak.c): each restart destroys the cell's space, so the
kernel's own counts of kernel memory in use and of VMIDs held
(KSTAT_KMEM_USED, KSTAT_VMIDS) must be the same before and after. This
boots the system, lets its cells get going (channels streaming, guests
booting), types the command and reads the result line.
"""

import re

import cellaqemu

SETTLE_S = 5  # the cells get going before the soak
BOOT_TIMEOUT = 120
PER_ROUND_S = 10  # generous: a round restarts every cell, each of which may boot a guest
RESULT = re.compile(r'^soak: (\d+) restarts, kernel memory before (\d+), after (\d+), '
                    r'vmids before (\d+), after (\d+)$', re.M)


def run(restarts, smp=cellaqemu.DEFAULT_SMP):
    """Boot the built image, soak it; True if nothing was lost (the result line printed)."""
    with cellaqemu.Console(smp=smp, bootargs='utest=off ktest=off', uarts=True) as console:
        try:
            console.expect(r'^service: ready; type help$', BOOT_TIMEOUT)
            console.read_for(SETTLE_S)
            start = len(console.output)
            console.send('soak %d\n' % restarts)
            m = console.expect(RESULT.pattern, 60 + PER_ROUND_S * restarts, start)
        except cellaqemu.BootTimeout as e:
            print('cella soak: %s' % e)
            return False
        failed = re.findall(r'^soak: \d+ starts failed$', console.output[start:], re.M)
        print(m.group(0))
        for line in failed:
            print(line)
        memory_kept = m.group(2) == m.group(3)
        vmids_kept = m.group(4) == m.group(5)
        if not (memory_kept and vmids_kept):
            print('cella soak: the kernel did not get back %s'
                  % ' and '.join(w for w, ok in (('all its memory', memory_kept),
                                                 ('every VMID', vmids_kept)) if not ok))
        return memory_kept and vmids_kept and not failed
