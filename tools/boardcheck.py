# SPDX-License-Identifier: MIT
"""Check that a board's two descriptions agree: board.h and the platform file.

The kernel compiles with arch/ARCH/board/BOARD/board.h; cellconf validates
system descriptions against partition/platforms/BOARD.yaml. Where both
describe the same fact (RAM, the GIC, the timer interrupts, the cores, the
spare SP804 the root task is told of) the values must be equal; where the
platform file places something the kernel must agree with (devices a cell
may get, the unbacked doorbell and pvpanic pages, the reserved kernel
region) it is checked against board.h's map.
Each disagreement is one line naming the fact and both values.

    python3 tools/boardcheck.py          every board under arch/, or exit 1
"""

import glob
import os
import re
import sys

import yaml

import boardinfo
import cellaqemu

TOP = boardinfo.TOP
PLATFORM_DIR = os.path.join(TOP, 'partition', 'platforms')
SIZE = re.compile(r'^(\d+)([KMG]?)$')
TIMER_PPIS = ('secure physical', 'BOARD_IRQ_PHYS_TIMER', 'BOARD_IRQ_VIRT_TIMER',
              'BOARD_IRQ_HYP_TIMER')  # the order of the platform's timer-ppis


def size(value):
    """A platform size (4096, '4K', '64M', '1G') in bytes."""
    m = SIZE.match(str(value))
    if not m:
        raise ValueError('not a size: %r' % value)
    return int(m.group(1)) << {'': 0, 'K': 10, 'M': 20, 'G': 30}[m.group(2)]


def topology_path(name):
    """The platform's topology file, looked for where cellconf looks (main.c)."""
    for sub in ('topologies', ''):
        path = os.path.join(PLATFORM_DIR, sub, name)
        if os.path.exists(path):
            return path
    return os.path.join(PLATFORM_DIR, name)


def topology_cpus(path):
    """Processing units in an hwloc synthetic description: the product of its counts."""
    with open(path) as f:
        counts = re.findall(r':(\d+)', re.sub(r'\([^)]*\)|\[[^]]*\]', '', f.read()))
    n = 1
    for c in counts:
        n *= int(c)
    return n


class Check:
    """Collects disagreements between board.h @b and platform @p."""

    def __init__(self, b, p, hname, pname):
        self.b, self.p, self.hname, self.pname = b, p, hname, pname
        self.errors = []

    def equal(self, fact, bkey, pkey, pvalue, show=hex):
        if self.b.get(bkey) != pvalue:
            self.errors.append('%s: %s %s = %s, but %s %s = %s'
                               % (fact, self.hname, bkey, show(self.b.get(bkey)) if bkey in self.b
                                  else 'missing', self.pname, pkey, show(pvalue)))

    def fail(self, fact, why):
        self.errors.append('%s: %s' % (fact, why))


def regions(b):
    """board.h's named regions [(name, base, end)] that the platform must not reuse."""
    out = [('RAM', b['BOARD_RAM_BASE'], b['BOARD_RAM_BASE'] + b['BOARD_RAM_MAX']),
           ('UART0', b['BOARD_UART0_BASE'], b['BOARD_UART0_BASE'] + 0x1000)]
    for gic in ('GICD', 'GICC', 'GICH'):
        if 'BOARD_%s_BASE' % gic in b:  # a GIC (ARMv7); the VIC's board has none
            out.append(('BOARD_%s_BASE' % gic, b['BOARD_%s_BASE' % gic],
                        b['BOARD_%s_BASE' % gic] + 0x1000))
    if 'BOARD_GICV_BASE' in b:
        out.append(('BOARD_GICV_BASE', b['BOARD_GICV_BASE'],
                    b['BOARD_GICV_BASE'] + b['BOARD_GICV_SIZE']))
    return out


def user_windows(b):
    return [(b['BOARD_USER_DEV%d_BASE' % i], b['BOARD_USER_DEV%d_BASE' % i]
             + b['BOARD_USER_DEV%d_SIZE' % i]) for i in range(2) if 'BOARD_USER_DEV%d_BASE' % i in b]


# The kernel's own devices, which no cell may be given: (board.h key, what it is).
KERNEL_DEVICES = (('BOARD_UART0_BASE', 'the kernel console'),
                  ('BOARD_TIMER_BASE', "the kernel's clock and tick"))
DOORBELL_PAGES = 64  # one page per channel (partition/cellconf: the doorbells window)


def check_ram(c):
    ram = c.p['ram']
    c.equal('RAM base', 'BOARD_RAM_BASE', 'ram.base', ram['base'])
    if size(ram['size']) > c.b['BOARD_RAM_MAX']:
        c.fail('RAM size', '%s ram.size = %s is more than %s BOARD_RAM_MAX = %#x'
               % (c.pname, ram['size'], c.hname, c.b['BOARD_RAM_MAX']))
    run_mem = cellaqemu.board_mem(c.b['BOARD_NAME'])
    if size(ram['size']) != cellaqemu.parse_mem(run_mem) << 20:
        c.fail('RAM size', '%s ram.size = %s, but ./cella run gives -m %s (tools/cellaqemu.py)'
               % (c.pname, ram['size'], run_mem))


def check_gic_timers_cores(c, topology):
    c.equal('platform name', 'BOARD_NAME', 'platform', c.p['platform'], show=str)
    c.equal('cores', 'BOARD_MAX_CPUS', 'topology %s' % c.p['topology'], topology_cpus(topology),
            show=str)
    if c.p.get('virtualization', True) is False:
        if 'BOARD_GICH_BASE' in c.b:
            c.fail('virtualization', '%s says virtualization: false, but %s has a GIC '
                   'virtual interface (BOARD_GICH_BASE)' % (c.pname, c.hname))
        return
    irqc = c.p['interrupt-controller']
    c.equal('GIC distributor', 'BOARD_GICD_BASE', 'interrupt-controller.distributor',
            irqc['distributor'])
    c.equal('GIC CPU interface', 'BOARD_GICC_BASE', 'interrupt-controller.cpu', irqc['cpu'])
    for i, key in enumerate(TIMER_PPIS):
        if key.startswith('BOARD_'):
            c.equal('timer interrupt', key, 'timer-ppis[%d]' % i, c.p['timer-ppis'][i], show=str)


def kernel_device(c, base, end):
    """The kernel's own device (the console, its timer) in [@base, @end), as words, or None."""
    for key, what in KERNEL_DEVICES:
        if key in c.b and base <= c.b[key] < end:
            return '%s (%s %s)' % (what, c.hname, key)
    return None


def check_devices(c):
    """Every device a cell may get lies in a window the kernel hands out, clear of the
    kernel's own devices."""
    windows = user_windows(c.b)
    for name, d in sorted(c.p['devices'].items()):
        if 'BOARD_%s_BASE' % name.upper() in c.b:
            c.equal('device %s' % name, 'BOARD_%s_BASE' % name.upper(),
                    'devices.%s.base' % name, d['base'])
        base, end = d['base'], d['base'] + size(d['size'])
        kernels = kernel_device(c, base, end)
        if kernels:
            c.fail('device %s' % name, '%s gives %#x, %s' % (c.pname, base, kernels))
        elif not any(lo <= base and end <= hi for lo, hi in windows):
            c.fail('device %s' % name, '%s %#x..%#x is outside every BOARD_USER_DEV window of %s (%s)'
                   % (c.pname, base, end - 1, c.hname,
                      ', '.join('%#x..%#x' % (lo, hi - 1) for lo, hi in windows)))


def check_user_timer(c):
    """The spare timer the kernel names to the root task (bootinfo's timer) is an SP804
    the platform offers, with that interrupt (so in a window: check_devices)."""
    if 'BOARD_USER_TIMER_BASE' not in c.b:
        return
    base, irq = c.b['BOARD_USER_TIMER_BASE'], c.b.get('BOARD_USER_TIMER_IRQ')
    named = [(n, d) for n, d in sorted(c.p['devices'].items()) if d['base'] == base]
    if not named or 'arm,sp804' not in named[0][1]['compatible']:
        c.fail('user timer', '%s BOARD_USER_TIMER_BASE = %#x, but %s has no SP804 device there'
               % (c.hname, base, c.pname))
    elif irq not in named[0][1]['irqs']:
        c.fail('user timer', '%s BOARD_USER_TIMER_IRQ = %s, but %s devices.%s.irqs = %s'
               % (c.hname, irq, c.pname, named[0][0], named[0][1]['irqs']))


def check_unbacked(c):
    """The doorbell window and the pvpanic page are pages nothing on the board backs."""
    pages = [(fact, c.p[fact], length) for fact, length in
             (('doorbells', DOORBELL_PAGES * 0x1000), ('pvpanic', 0x1000)) if fact in c.p]
    for fact, base, length in pages:
        for name, lo, hi in regions(c.b) + [('BOARD_USER_DEV window', lo, hi)
                                            for lo, hi in user_windows(c.b)]:
            if base < hi and lo < base + length:
                c.fail(fact, '%s %s = %#x..%#x overlaps %s %s = %#x..%#x'
                       % (c.pname, fact, base, base + length - 1, c.hname, name, lo, hi - 1))


def check_reserved(c):
    """The platform keeps from cells what the kernel loads at: boot arguments and image."""
    kernel = [r for r in c.p.get('reserved', []) if r['name'] == 'kernel']
    for key in ('BOARD_BOOTARGS_BASE', 'BOARD_KERNEL_BASE'):
        if not any(r['base'] <= c.b[key] < r['base'] + size(r['size']) for r in kernel):
            c.fail('reserved kernel region', '%s %s = %#x is not in %s reserved "kernel"'
                   % (c.hname, key, c.b[key], c.pname))


def check(board_facts, platform, hname='board.h', pname='platform.yaml', topology=None):
    """Every disagreement between @board_facts (boardinfo) and @platform (parsed YAML)."""
    c = Check(board_facts, platform, hname, pname)
    for fn in (check_ram, check_devices, check_user_timer, check_unbacked, check_reserved):
        fn(c)
    check_gic_timers_cores(c, topology or topology_path(platform['topology']))
    return c.errors


def check_board(arch, board):
    """Disagreements of arch/@arch/board/@board/board.h with its platform file."""
    facts = boardinfo.load(arch, board)
    ppath = os.path.join(PLATFORM_DIR, '%s.yaml' % facts['BOARD_NAME'])
    if not os.path.exists(ppath):
        return ['%s: no platform file %s' % (board, os.path.relpath(ppath, TOP))]
    with open(ppath) as f:
        platform = yaml.safe_load(f)
    return check(facts, platform, os.path.relpath(boardinfo.path(arch, board), TOP),
                 os.path.relpath(ppath, TOP))


def main():
    errors = []
    for h in sorted(glob.glob(os.path.join(TOP, 'arch', '*', 'board', '*', 'board.h'))):
        board_dir = os.path.dirname(h)
        errors += check_board(os.path.basename(os.path.dirname(os.path.dirname(board_dir))),
                              os.path.basename(board_dir))
    for e in errors:
        print('boardcheck: ' + e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
