# SPDX-License-Identifier: MIT
"""The kernel's worst-case stack depth (HYP on ARMv7, SVC on ARMv5), from the linked image.

Read from `objdump -d` of build/<arch>/cella.elf, after LTO and inlining,
so what is measured is what runs:

- each function's frame is the sum of every stack decrement in its body
  (push, stmdb sp!, str/strd with a pre-decrement of sp, sub sp, vpush):
  more than any one path takes, never less;
- its callees are the targets of bl/blx and of branches to another
  function (tail calls, counted as calls: again never less);
- an indirect call (blx/bx rN) may reach the functions of its family
  (INDIRECT: the system-call table, the destructors, the cross-core
  operations, the interrupt handlers...), or, made from a function not
  listed there, any function whose address the image takes (a word in a
  data section, or a movw/movt pair in code);
- a function that unmasks interrupts (cpsie; on ARMv5 an msr to CPSR from
  a register) may take the IRQ vector on its own frame: it calls the
  vector's handler too;
- a cycle in the call graph is recursion: unbounded, and an error (issue
  14: teardown once recursed 16 bytes a link), unless it passes a function
  whose re-entry is guarded (REENTRY_GUARDED: it queues and returns), where
  it is cut;
- a dynamic decrement (sub sp, sp, rN) is unbounded too: an error.

The worst path over all functions must fit the stack (CONFIG_STACK_SIZE)
with a margin. `python3 tools/stackcheck.py ELF STACK_SIZE` prints the
worst path and exits 1 if it does not fit or cannot be bounded.
"""

import re
import subprocess
import sys

OBJDUMP = 'arm-none-eabi-objdump'
MARGIN = 512  # bytes kept free below the worst path
FUNC = re.compile(r'^([0-9a-f]+) <([^>]+)>:$')
INSN = re.compile(r'^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$')
TARGET = re.compile(r'^[0-9a-f]+ <([^>+]+)(\+0x[0-9a-f]+)?>')
REGS = re.compile(r'\{([^}]*)\}')
MOVW = re.compile(r'^(r\d+|ip|lr), #(\d+)')
# What the IRQ vector calls on the same stack: ARMv7's HYP handler, ARMv5's SVC one.
IRQ_ENTRIES = ('hyp_exception', 'kernel_exception')


class StackError(Exception):
    pass


def reg_count(operands):
    count = 0
    for part in REGS.search(operands).group(1).split(','):
        part = part.strip()
        if '-' in part:
            lo, hi = part.split('-')
            count += int(hi[1:]) - int(lo[1:]) + 1
        elif part:
            count += 1
    return count


def decrement(mnemonic, operands):
    """Bytes this instruction takes from sp (0 if none); None if not bounded."""
    if mnemonic == 'push' or (mnemonic.startswith('stmdb') and operands.startswith('sp!')):
        return 4 * reg_count(operands)
    if mnemonic == 'vpush':
        return 8 * reg_count(operands)
    m = re.match(r'^\S+, (?:\S+, )?\[sp, #-(\d+)\]!$', operands)
    if mnemonic.startswith('str') and m:
        return int(m.group(1))
    if mnemonic == 'sub' and operands.startswith('sp, sp, '):
        value = operands[len('sp, sp, '):]
        if value.startswith('#'):
            return int(value[1:].split()[0], 0)
        return None
    return 0


def disassemble(elf):
    out = subprocess.run([OBJDUMP, '-d', '--no-show-raw-insn', elf], capture_output=True,
                         text=True, check=True).stdout
    funcs, order, current = {}, [], None
    for line in out.splitlines():
        m = FUNC.match(line)
        if m:
            current = m.group(2)
            funcs[current] = {'addr': int(m.group(1), 16), 'insns': []}
            order.append(current)
            continue
        m = INSN.match(line)
        if m and current:
            funcs[current]['insns'].append((int(m.group(1), 16), m.group(2),
                                            m.group(3).split(';')[0].split('@')[0].strip()))
    return funcs


def data_words(elf):
    """Every aligned 32-bit word of the image's data sections."""
    out = subprocess.run([OBJDUMP, '-s', '-j', '.rodata', '-j', '.data', elf],
                         capture_output=True, text=True).stdout
    words = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and re.match(r'^[0-9a-f]+$', parts[0]):
            for chunk in parts[1:5]:
                if re.match(r'^[0-9a-f]{8}$', chunk):
                    words.add(int.from_bytes(bytes.fromhex(chunk), 'little'))
    return words


def c_functions(elf):
    """The names of the image's FUNC symbols: what an indirect call may reach (not labels)."""
    out = subprocess.run(['arm-none-eabi-readelf', '-sW', elf], capture_output=True, text=True,
                         check=True).stdout
    return {line.split()[7] for line in out.splitlines()
            if len(line.split()) >= 8 and line.split()[3] == 'FUNC'}


def analyse(funcs, words, callable_names):
    """Per function: frame bytes, callees, whether it calls indirectly; address-taken set."""
    by_addr = {f['addr']: name for name, f in funcs.items() if name in callable_names}
    taken = {by_addr[w] for w in words if w in by_addr}
    info = {}
    for name, f in funcs.items():
        frame, callees, indirect, unmasks, clears_i = 0, set(), False, False, False
        low = {}
        for addr, mnemonic, operands in f['insns']:
            d = decrement(mnemonic, operands)
            if d is None:
                raise StackError('%s: a stack decrement by a register at %#x (%s %s)'
                                 % (name, addr, mnemonic, operands))
            frame += d
            m = TARGET.match(operands)
            if m and (mnemonic in ('bl', 'blx') or (mnemonic.startswith('b') and
                                                      m.group(1) != name and not m.group(2))):
                if m.group(1) in funcs and mnemonic[:3] not in ('bic', 'bfc', 'bfi'):
                    callees.add(m.group(1))
            elif mnemonic in ('blx',) or (mnemonic == 'bx' and operands != 'lr'):
                indirect = True
            # ARMv7 unmasks with cpsie; ARMv5 clears CPSR.I (bic #128) and writes
            # CPSR back (arch_irq_enable()). Restoring a saved state is not
            # counted, as on ARMv7: it is never unmasked where it is saved.
            if mnemonic == 'bic' and operands.split('@')[0].strip().endswith('#128'):
                clears_i = True
            if mnemonic == 'cpsie' or (mnemonic == 'msr' and clears_i and
                                       operands.upper().startswith('CPSR_C, R')):
                unmasks = True
            mw = MOVW.match(operands)
            if mnemonic == 'movw' and mw:
                low[mw.group(1)] = int(mw.group(2))
            elif mnemonic == 'movt' and mw and mw.group(1) in low:
                value = low.pop(mw.group(1)) | int(mw.group(2)) << 16
                if value in by_addr:
                    taken.add(by_addr[value])
        if unmasks:
            callees.update(e for e in IRQ_ENTRIES if e in funcs)
        info[name] = {'frame': frame, 'callees': callees, 'indirect': indirect}
    return info, taken


# What each function's indirect calls may reach, by the name of the
# function making them (after LTO's renaming) and a test on the target's
# name: the kernel's function-pointer families. A function not listed here
# may reach every function whose address is taken: never less, and a new
# indirect call shows up as such (a recursion through it, or a deep path).
def _prefix(*prefixes):
    return lambda name: name.startswith(prefixes)


SYSCALLS = _prefix('sys_')
INDIRECT = {
    'map_level': _prefix('hyp_table_alloc', 'mmu_identity_', 'pool_table'),  # lpae_alloc
    'space_arch_translate': _prefix('hyp_table_alloc', 'mmu_identity_', 'pool_table'),
    'kobj_destroy': lambda name: name.endswith('_destroy'),  # destructors[]
    'op_run': _prefix('rerun', 'fault_send', 'call_home'),  # xcall_forward()'s functions
    'rerun': SYSCALLS,  # a system call forwarded to this core
    'call_home': SYSCALLS,  # a short call forwarded here, run again as rerun()
    'user_svc': SYSCALLS,  # the system-call table
    'syscall_entry': SYSCALLS,  # the same table (the trap entry's table of entries is data)
    'inbox_drain': lambda name: name.split('.')[0] in ('take', 'pass'),  # xcall.c's inbox_ops
    'take': _prefix('op_', 'notify_posted', 'space_reap'),  # xcall ops[], in xcall.c's take()
    'on_doorbell': _prefix('op_', 'notify_posted', 'space_reap'),  # xcall ops[]
    'serve_deferred': _prefix('op_', 'notify_posted', 'space_reap'),  # xcall ops[], drain inline
    'irq_handle_acked': _prefix('tick', 'vtimer_fire', 'maintenance', 'on_',
                                'vcpu_kicked'),  # handlers[]
    'irq_handle': _prefix('tick', 'on_'),  # handlers[], where LTO keeps it whole (ARMv5)
    'ktap_printf': _prefix('ktest_print'),  # struct ktap's print: the kernel's one
    'ktest_wait': _prefix('all_', 'ticked_enough'),  # the self-tests' done() predicates
    'on_ipi': _prefix('raise_'),  # kfault's: kfault_arch_raise() by kind
    'user_exception': _prefix('trap_', 'user_'),  # user_traps[], VCPU exits
    'kernel_main': _prefix('ktest_', 'setup', 'raise_'),  # self-tests, fault injection
    'raise_pabt': lambda name: False,  # jumps to an unmapped address on purpose
    'secure_to_hyp': lambda name: False,  # MMU off, boot: returns to its caller
}


def indirect_targets(caller, taken):
    for prefix, test in INDIRECT.items():
        if caller == prefix or caller.startswith(prefix + '.'):
            return {name for name in taken if test(name)}
    return set(taken)


# Functions whose nesting on one core is bounded by a guard the call graph
# cannot see: how many activations may run in full at once; the next one
# takes a short path that calls nothing. A cycle that passes through one of
# them is therefore bounded and is followed until the guard cuts it.
REENTRY_GUARDED = {
    # A destruction that starts while another runs only queues (kernel/kobj.c).
    'kobj_destroy': 1,
    # It takes each stopped caller's own caller first, so stopping that caller
    # re-enters it with none; a full second run comes only through a teardown
    # (kobj_destroy), whose next one queues (kernel/ipc.c).
    'ipc_drop_caller': 2,
    # Recurses once per table level: LPAE has three (arch/armv7/lpae.c).
    'map_level': 3,
    # A space's teardown step that starts while another runs only queues: a
    # space ending its parent's pool (kernel/space_reap.c).
    'reap_queued': 1,
}


# Functions that recurse on purpose and are left out: test-only fault
# injection that overflows the stack to show the guard stopping it.
OVERFLOW_ON_PURPOSE = ('dive',)  # arch/arm-common/ktest/kfault.c, kfault=stack


def source_name(name):
    """The function's name in the source: without the .isra.0, .part.0 GCC adds."""
    return name.split('.')[0]


def worst(info, taken):
    """{function: (depth, path)}; raises StackError on recursion."""
    memo, active = {}, []

    def activations(guard):
        return sum(1 for a in active if source_name(a) == guard)

    def guards():
        return tuple(activations(g) for g in REENTRY_GUARDED)

    def depth(name):
        guard = source_name(name)
        if guard in OVERFLOW_ON_PURPOSE:
            return (info[name]['frame'], [name + ' (overflows on purpose)'])
        if guard in REENTRY_GUARDED and activations(guard) >= REENTRY_GUARDED[guard]:
            return (info[name]['frame'], [name + ' (nested: returns at once)'])
        if name in active:
            last = len(active) - 1 - active[::-1].index(name)
            cycle = active[last:] + [name]
            if not any(source_name(c) in REENTRY_GUARDED for c in cycle):
                raise StackError('recursion: %s' % ' -> '.join(cycle))
        key = (name, guards())
        if key in memo and name not in active:
            return memo[key]
        active.append(name)
        f = info[name]
        callees = set(f['callees'])
        if f['indirect']:
            callees |= indirect_targets(name, taken)
        best = (0, [])
        for c in sorted(callees):
            d = depth(c)
            if d[0] > best[0]:
                best = d
        active.pop()
        result = (f['frame'] + best[0], [name] + best[1])
        if name not in active:
            memo[key] = result
        return result

    return {name: depth(name) for name in info}


def check(elf, stack_size):
    funcs = disassemble(elf)
    info, taken = analyse(funcs, data_words(elf), c_functions(elf))
    depths = worst(info, taken)
    top, (deep, path) = max(depths.items(), key=lambda item: item[1][0])
    print('stack: worst path %d bytes of %d (margin %d): %s' % (deep, stack_size, MARGIN,
                                                                ' -> '.join(path)))
    print('stack: %d functions, %d reachable indirectly' % (len(info), len(taken)))
    if deep + MARGIN > stack_size:
        raise StackError('the worst path needs %d bytes (+%d margin), the stack has %d'
                         % (deep, MARGIN, stack_size))
    return deep


def main(argv):
    if len(argv) != 3:
        sys.exit('usage: stackcheck.py ELF STACK_SIZE')
    try:
        check(argv[1], int(argv[2], 0))
    except StackError as e:
        sys.exit('stack: %s' % e)


if __name__ == '__main__':
    main(sys.argv)
