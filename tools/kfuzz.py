# SPDX-License-Identifier: MIT
"""The kernel's system-call fuzzer on -smp 4: `./cella fuzz --kernel` and tests/qemu/test_fuzz.py.

The root task runs it when booted with `fuzz fuzz_seed=S fuzz_calls=N`
(partition/root/fuzz.c): N calls over all cores, random calls between
structures built and torn down. A run passes when the fuzzer reports every
result ok (KTAP) and the console shows no kernel failure.
"""

import random
import re
import time

import cellaqemu

CORES = 4
FINISHED = r'^fuzz: finished$'
# Lines only a kernel in trouble prints (kernel/panic.c, arch/arm-common/kernel_fault.c).
KERNEL_FAILURES = re.compile(r'^.*(cella: panic|unexpected HYP exception|kernel stack overflow)'
                             r'.*$', re.M)
# Results that say a structure was built at all: a short run may miss one,
# which is no failure of the kernel (test_fuzz.py asserts them on 100,000 calls).
COVERAGE = ('chains_built_and_torn_down', 'moved_while_called', 'spaces_built_and_closed',
            'handle_table_filled', 'kmem_dry_and_reused')
NOT_OK = re.compile(r'^not ok \d+ - (?!fuzz_cpu\d+_(?:%s)\b).*$' % '|'.join(COVERAGE), re.M)
STUCK = re.compile(r'^# cpu\d+ stuck .*$', re.M)
# The root task waits 60 s plus a millisecond a call per core for its fuzzers
# (fuzz.c, WAIT_MS_BASE and CALLS_PER_MS), then reports; we wait twice that,
# so a stuck fuzzer is named by the root task rather than by our timeout.
ROOT_WAIT_BASE = 60
ROOT_WAIT_PER_CALL = 0.001


def new_seed():
    return random.randrange(1, 1 << 31)


def bootargs(calls, seed):
    return 'ktest=off fuzz fuzz_seed=%d fuzz_calls=%d' % (seed, calls)


def timeout(calls):
    """Seconds to wait for the report of @calls calls: it grows with them."""
    return 30 + 2 * (ROOT_WAIT_BASE + ROOT_WAIT_PER_CALL * calls / CORES)


def boot(calls, seed):
    """Boot the fuzzer and return its console (QEMU stopped) once it reported or timed out."""
    with cellaqemu.Console(smp=CORES, bootargs=bootargs(calls, seed),
                           image=cellaqemu.TEST_IMAGE) as console:
        try:
            console.expect(FINISHED, timeout(calls))
        except cellaqemu.BootTimeout:
            pass
    return console


def failures(console, calls):
    """What went wrong in the console of @calls calls: kernel failures, stuck cores, failed
    results, no report at all."""
    found = [m.group(0) for regex in (KERNEL_FAILURES, STUCK, NOT_OK)
             for m in regex.finditer(console.output)]
    if not re.search(FINISHED, console.output, re.M):
        found.append('no report within %.0f s' % timeout(calls))
    return found


def run(calls, seed=None):
    """`./cella fuzz --kernel`: one run, its verdict printed; True if it passed."""
    seed = seed or new_seed()
    start = time.monotonic()
    console = boot(calls, seed)
    seconds = time.monotonic() - start
    found = failures(console, calls)
    if not found:
        print('fuzz: %d calls on %d cores, seed %d, 0 kernel failures' % (calls, CORES, seed))
        return True
    print('fuzz: %d calls on %d cores, seed %d: FAILED after %.0f s' % (calls, CORES, seed,
                                                                      seconds))
    for line in found:
        print('  ' + line)
    print('console tail:\n' + console.tail(30))
    print('repeat with: ./cella fuzz --kernel --calls %d --seed %d' % (calls, seed))
    return False
