# SPDX-License-Identifier: MIT
"""`./cella linux bench --in-cell`: the Linux benchmarks in a 2-core Cella cell, beside native.

The same guest image and `cella-guest bench` as the native bench (run.py),
booted on Cella (guests/linux/bench-cell.yaml: Linux alone on cores 1-2,
256M, uart1) under the same -icount settings; then the native bench, and
per key the native figure, the in-cell figure and their ratio. Two more
keys come from the kernel's counters (SYS_KSTAT), read on the partition
service's console with `kstat`:

- vm_irq_inject_hyp_insns: instructions in HYP per interrupt injected into
  the VCPU it resumes, during `cella-guest bench`. The kernel sums the PMU
  cycle counter (instructions, under icount) over the C part
  (arch/armv7/thread_trap.c, measure_injection()); the fixed code around it is
  counted here in the image: asm_path() and c_outside_window().
- linux_boot_to_ready is counted from the guest's first instruction (the
  service's `kstat` says when it started VCPU 0), as the native figure is
  from reset; vm_guest_entered_ns is when that was, after Cella's boot and
  the loading of the images.
- vm_exits_per_s_idle: exceptions taken from the cell's VCPUs per second
  while Linux sits idle at its shell, both cores summed; time is the
  virtual counter, which is the guest's own (CNTVOFF is 0, docs/vmm.md).
"""

import json
import os
import re
import shutil
import subprocess

from . import qemu, run
from figures import write_json  # noqa: E402  (tools/, on the path through qemu)

cellaqemu = qemu.cellaqemu
CONFIG = os.path.join(qemu.TOP, 'guests', 'linux', 'bench-cell.yaml')
IMAGE = os.path.join(qemu.TOP, 'build', cellaqemu.ARCH, 'cella-linux-bench.elf')
CELL = 'linux'  # bench-cell.yaml's cell
CELL_CORES = (1, 2)  # bench-cell.yaml
QEMU_SMP = 4  # the board's cores; 0 and 3 idle (the service waits on core 0)
SERVICE_ARGS = 'ktest=off utest=off'
SERVICE_READY = r'^service: ready; type help$'
SERVICE_TIMEOUT = 120
OBJDUMP = 'arm-none-eabi-objdump'

# include/uapi/cella/kstat.h
KSTAT = ('xcalls_sent', 'doorbells', 'xcalls_handled', 'ticks', 'irqs', 'vm_exits', 'virqs',
         'inject_cycles', 'inject_exits', 'stack_used', 'kmem_used',
         'vmids')  # uapi/cella/kstat.h, in order
KSTAT_MASK = 0x7fffffff  # SYS_KSTAT gives each counter's low 31 bits

# Idle: the exits of `sleep SHORT` are taken from those of `sleep LONG`, so
# that typing the line, the shell's fork and exec and its prompt cancel out.
IDLE_SHORT_S = 1
IDLE_LONG_S = 11

HYP_VECTOR_IRQ = 0x18  # the IRQ entry's offset in the HYP vector table
CONDITIONS = {'eq', 'ne', 'cs', 'hs', 'cc', 'lo', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge',
              'lt', 'gt', 'le'}
# mrc p15, 0, Rt, c9, c13, 0 as objdump prints it: a read of PMCCNTR.
PMCCNTR_READ = re.compile(r'^mrc\s+15, 0, \w+, cr9, cr13, \{0\}$')


def build_image():
    """The boot image of bench-cell.yaml, copied to IMAGE; the default image built again."""
    cella = os.path.join(qemu.TOP, 'cella')

    def build(*args):
        r = subprocess.run([cella, 'build'] + list(args), cwd=qemu.TOP, capture_output=True,
                           text=True, stdin=subprocess.DEVNULL)
        if r.returncode != 0:
            raise RuntimeError('./cella build %s failed:\n%s%s'
                               % (' '.join(args), r.stdout, r.stderr))

    try:
        build('--config', CONFIG)
        shutil.copyfile(cellaqemu.IMAGE, IMAGE)
    finally:
        build()
    return IMAGE


# --- the fixed instructions around the kernel's measured window ---

def disassemble(elf):
    """{address: (mnemonic, operands)} and {symbol: address} of @elf's code."""
    out = subprocess.run([OBJDUMP, '-d', '--no-show-raw-insn', elf], check=True,
                         capture_output=True, text=True).stdout
    insns, symbols = {}, {}
    for line in out.splitlines():
        m = re.match(r'^([0-9a-f]{8}) <([^>]+)>:$', line)
        if m:
            symbols[m.group(2)] = int(m.group(1), 16)
            continue
        m = re.match(r'^\s*([0-9a-f]+):\s+(\S+)\s*([^;@]*)', line)
        if m and not m.group(2).startswith('.'):
            insns[int(m.group(1), 16)] = (m.group(2), m.group(3).strip())
    return insns, symbols


def branch_target(operands):
    m = re.match(r'^([0-9a-f]+) <([^>]+)>$', operands)
    if not m:
        raise RuntimeError('not a direct branch: %r' % operands)
    return int(m.group(1), 16), m.group(2)


def asm_path(insns, symbols):
    """Instructions from the IRQ vector to user_exception(), and after it to the eret.

    Walks the image from the vector table's IRQ entry: unconditional
    branches are followed, the mode test's conditional branch is taken to
    from_user (the exception came from a guest), every other conditional
    instruction counts as executed; the `bl user_exception` counts and the
    walk goes on at its return address, through sched_arch_enter_user, to
    the eret (counted). (before, after) the call.
    """
    pc, counts, part = symbols['hyp_vectors'] + HYP_VECTOR_IRQ, [0, 0], 0
    for _ in range(200):
        mnemonic, operands = insns[pc]
        counts[part] += 1
        if mnemonic == 'eret':
            if part != 1:
                raise RuntimeError('asm path: eret at %#x before user_exception' % pc)
            return tuple(counts)
        if mnemonic == 'bl':
            if branch_target(operands)[1] != 'user_exception' or part:
                raise RuntimeError('asm path: unexpected call at %#x: %s' % (pc, operands))
            part = 1
        elif mnemonic == 'b':
            pc = branch_target(operands)[0]
            continue
        elif mnemonic[0] == 'b' and mnemonic[1:] in CONDITIONS:
            target, name = branch_target(operands)
            if name == 'from_user':
                pc = target
                continue
        elif mnemonic in ('bx', 'blx', 'pop', 'ldm') and 'pc' in operands:
            raise RuntimeError('asm path: unexpected return at %#x' % pc)
        pc += 4
    raise RuntimeError('asm path: no eret within 200 instructions')


def c_outside_window(insns, symbols):
    """user_exception()'s instructions before its first PMCCNTR read and after its last.

    The kernel's figure is the difference of the two reads; the function's
    entry up to the first (straight-line for a VCPU: its conditional branches
    are those of a native thread) and from the last to its return (one
    path: no conditional branch on it) run on every injection too.
    (before, after).
    """
    start = symbols['user_exception']
    end = min(a for a in symbols.values() if a > start)
    body = [(a, insns[a]) for a in sorted(insns) if start <= a < end]
    reads = [a for a, (m, o) in body if PMCCNTR_READ.match('%s %s' % (m, o))]
    if len(reads) != 2:
        raise RuntimeError('user_exception: %d reads of PMCCNTR, expected 2' % len(reads))
    before = sum(1 for a, _ in body if a < reads[0])
    after, pc = 0, reads[1] + 4
    for _ in range(100):
        mnemonic, operands = insns[pc]
        after += 1
        if mnemonic == 'b':
            pc = branch_target(operands)[0]
            continue
        if (mnemonic in ('pop', 'ldm', 'ldmia') and 'pc' in operands) or \
                (mnemonic == 'bx' and operands == 'lr') or \
                (mnemonic == 'ldr' and operands.startswith('pc,')):
            return before, after
        if mnemonic == 'bl' or mnemonic[0] == 'b' and mnemonic[1:] in CONDITIONS:
            raise RuntimeError('user_exception: a branch at %#x after the last PMCCNTR read'
                               % pc)
        pc += 4
    raise RuntimeError('user_exception: no return after the last PMCCNTR read')


def fixed_path(elf):
    """{'asm': ..., 'c_outside': ...}: instructions per injection not in the kernel's sum."""
    insns, symbols = disassemble(elf)
    return {'asm': sum(asm_path(insns, symbols)), 'c_outside': sum(c_outside_window(insns, symbols))}


# --- the boot ---

def kstat(console):
    """Type `kstat`; (virtual count, frequency, {core: {counter name: value}})."""
    mark = len(console.output)
    console.send('kstat\n')
    time_line = console.expect(r'^kstat counter (\d+) (\d+)$', 10, mark)
    rows = {}
    for core in range(QEMU_SMP):
        m = console.expect(r'^kstat core %d:((?: -?\d+){%d})$' % (core, len(KSTAT)), 10, mark)
        values = [int(v) for v in m.group(1).split()]
        if min(values) < 0:
            raise RuntimeError(console.failure('kstat: an error for core %d' % core))
        rows[core] = dict(zip(KSTAT, values))
    return int(time_line.group(1)), int(time_line.group(2)), rows


def delta(before, after, core, name):
    return (after[2][core][name] - before[2][core][name]) & KSTAT_MASK


def seconds(before, after):
    return (after[0] - before[0]) / before[1]


def idle_window(console, uart, secs):
    """The counters around `sleep @secs` typed at the guest's shell, and after."""
    before = kstat(console)
    uart.run('sleep %d; echo slept' % secs, r'^slept$', qemu.PROMPT, 60 + secs)
    uart.wait_for_text(qemu.PROMPT, 30)
    return before, kstat(console)


def boot_and_bench(image):
    """Boot @image under icount, run the guest's bench and the idle windows."""
    with cellaqemu.Console(smp=QEMU_SMP, bootargs=SERVICE_ARGS, image=image, uarts=True,
                           extra=qemu.ICOUNT) as console:
        uart = console.uart(1)
        console.expect(SERVICE_READY, SERVICE_TIMEOUT)
        uart.expect(qemu.READY, run.BENCH_BOOT_TIMEOUT)
        uart.wait_for_text(qemu.PROMPT, 30)
        mark = len(console.output)
        ready = kstat(console)
        entered = console.expect(r'^kstat cell %s entered (\d+)$' % CELL, 10, mark)
        m = uart.run('cella-guest bench', run.JSON_LINE, qemu.PROMPT, run.BENCH_RUN_TIMEOUT)
        uart.wait_for_text(qemu.PROMPT, 30)
        done = kstat(console)
        short = idle_window(console, uart, IDLE_SHORT_S)
        long = idle_window(console, uart, IDLE_LONG_S)
    for line in uart.output[uart.output.rfind('cella-guest bench'):].splitlines():
        if line.startswith('# '):
            print('guest in the cell: %s' % line[2:])
    try:
        figures = json.loads(m.group(1))
    except ValueError:
        raise RuntimeError(uart.failure('the guest printed bad JSON: %s' % m.group(1)))
    # The guest counts from board reset (CNTVOFF is 0); its own boot starts
    # at its first instruction, as a native boot does at reset.
    start_ns = int(entered.group(1)) * 1e9 / ready[1]
    figures['vm_guest_entered_ns'] = round(start_ns, 1)
    figures['linux_boot_to_ready'] = round(figures['linux_boot_to_ready'] - start_ns, 1)
    return figures, ready, done, short, long


def injection(figures, ready, done, fixed):
    """vm_irq_inject_hyp_insns and its parts, per core and overall, into @figures."""
    cycles = exits = 0
    for core in CELL_CORES:
        c, n = delta(ready, done, core, 'inject_cycles'), delta(ready, done, core, 'inject_exits')
        figures['vm_irq_inject_exits_core%d' % core] = n
        figures['vm_irq_inject_hyp_insns_core%d' % core] = (
            round(c / n + fixed['asm'] + fixed['c_outside'], 1) if n else None)
        cycles, exits = cycles + c, exits + n
    if not exits:
        raise RuntimeError('no interrupt was injected during cella-guest bench')
    figures['vm_irq_inject_kernel_window'] = round(cycles / exits, 1)
    figures['vm_irq_inject_asm_insns'] = fixed['asm']
    figures['vm_irq_inject_c_outside_window'] = fixed['c_outside']
    figures['vm_irq_inject_exits'] = exits
    figures['vm_irq_inject_hyp_insns'] = round(cycles / exits + fixed['asm']
                                               + fixed['c_outside'], 1)


def idle_exits(figures, short, long):
    """vm_exits_per_s_idle (and per core) into @figures: the long window less the short."""
    secs = seconds(*long) - seconds(*short)
    total = 0
    for core in CELL_CORES:
        n = delta(*long, core, 'vm_exits') - delta(*short, core, 'vm_exits')
        figures['vm_exits_per_s_idle_core%d' % core] = round(n / secs, 1)
        total += n
    figures['vm_exits_per_s_idle'] = round(total / secs, 1)
    figures['vm_idle_window_s'] = round(secs, 3)


def measure(image_dir):
    """Both benches: ({key: in-cell figure}, {key: native figure})."""
    elf = build_image()
    fixed = fixed_path(elf)
    figures, ready, done, short, long = boot_and_bench(elf)
    injection(figures, ready, done, fixed)
    idle_exits(figures, short, long)
    native = run.measure(image_dir, len(CELL_CORES))
    return figures, native


def number(value):
    return '-' if value is None else '%.1f' % value


def bench(image_dir, json_path):
    cell, native = measure(image_dir)
    results = dict(cell)
    print('%-36s %16s %16s %8s' % ('key (icount, 2 cores)', 'native', 'in a cell', 'ratio'))
    for key in sorted(cell):
        n = native.get(key)
        ratio = cell[key] / n if n and cell[key] is not None else None
        if n is not None:
            results['native_' + key] = n
            results['ratio_' + key] = round(ratio, 4)
        print('%-36s %16s %16s %8s' % (key, number(n), number(cell[key]),
                                       '-' if ratio is None else '%.4f' % ratio))
    write_json(json_path, results)
