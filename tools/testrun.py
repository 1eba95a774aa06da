# SPDX-License-Identifier: MIT
"""`./cella test`: every check, in order, each stage named; fails if any fails.

1. build (SCons): kernel image, host unit tests, the header check
2. formatting (clang-format, .clang-format)
3. size budgets (sloccount: kernel arch < 10,000, partition/service and vmm < 5,000)
   and the kernel's worst-case stack depth (tools/stackcheck.py, its own tests)
4. host unit tests (cmocka, ASan + UBSan; the threaded ring test under TSan)
5. cellconf: its unit tests, its corpus and command line (pytest), a bounded fuzz run
6. model check: SPIN on the ring-and-doorbell model (tools/modelcheck.py)
7. QEMU integration tests (pytest)
"""

import glob
import os
import subprocess
import tempfile

import cellaqemu
import modelcheck
import stackcheck

TOP = cellaqemu.TOP
KERNEL_BUDGET = 10000
SERVICE_BUDGET = 5000


def stage(name):
    print('\n=== cella test: %s' % name, flush=True)


def run(cmd, **kwargs):
    return subprocess.run(cmd, cwd=TOP, **kwargs).returncode == 0


def check_format():
    files = subprocess.run(['git', 'ls-files', '*.c', '*.h'], cwd=TOP, capture_output=True,
                           text=True).stdout.split()
    if not files:
        print('no C files tracked by git')
        return False
    ok = run(['clang-format', '--dry-run', '--Werror'] + files)
    print('%d files %s' % (len(files), 'formatted' if ok else 'NOT formatted: '
                           'run clang-format -i on the files above'))
    return ok


def check_board():
    """board.h and the platform file of every board agree (tools/boardcheck.py)."""
    import boardcheck
    return boardcheck.main() == 0


def sloc(*paths):
    # sloccount keeps working data in ~/.slocdata unless told: a private folder,
    # so that two runs at once do not spoil each other's totals.
    with tempfile.TemporaryDirectory(prefix='cella-sloc-') as data:
        out = subprocess.run(['sloccount', '--datadir', data] + list(paths), cwd=TOP,
                             capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith('Total Physical Source Lines of Code'):
            return int(line.split('=')[1].replace(',', '').strip())
    return None


def kernel_lines():
    return sloc('kernel', 'arch')


def check_size():
    n = kernel_lines()
    service = sloc('partition/service', 'partition/vmm')  # the VMM runs in the service
    if n is None or service is None:
        print('sloccount gave no total')
        return False
    print('kernel and arch: %d lines (budget %d)' % (n, KERNEL_BUDGET))
    print('partition service and VMM: %d lines (budget %d)' % (service, SERVICE_BUDGET))
    return n < KERNEL_BUDGET and service < SERVICE_BUDGET


def stack_size():
    """CONFIG_STACK_SIZE, from kernel/include/config.h."""
    with open(os.path.join(TOP, 'kernel', 'include', 'config.h')) as f:
        for line in f:
            words = line.split()
            if words[:2] == ['#define', 'CONFIG_STACK_SHIFT']:
                return 1 << int(words[2])
    raise RuntimeError('config.h defines no CONFIG_STACK_SHIFT')


def check_stack():
    try:
        for image in (cellaqemu.IMAGE, cellaqemu.TEST_IMAGE) + \
                cellaqemu.board_images('versatilepb'):
            stackcheck.check(image, stack_size())
    except stackcheck.StackError as e:
        print('stack: %s' % e)
        return False
    return run(['/usr/bin/python3', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/tools'])


def host_tests():
    ok = True
    for test in sorted(glob.glob(os.path.join(TOP, 'build', 'host', 'test_*'))):
        if os.access(test, os.X_OK) and not test.endswith('.o'):
            ok &= run([test])
    return ok


CELLCONF_FUZZ_SECONDS = 25


def cellconf_tests():
    ok = True
    for test in sorted(glob.glob(os.path.join(TOP, 'build', 'host', 'cellconf-tests', 'test_*'))):
        if os.access(test, os.X_OK) and not test.endswith('.o'):
            ok &= run([test])
    cmd = ['/usr/bin/python3', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/cellconf']
    return run(cmd) and ok


def cellconf_fuzz():
    import cellfuzz
    return cellfuzz.run(CELLCONF_FUZZ_SECONDS)


def qemu_tests(pytest_args):
    cmd = ['/usr/bin/python3', '-m', 'pytest', '-v', '-p', 'no:cacheprovider', 'tests/qemu']
    return run(cmd + list(pytest_args))


def run_all(pytest_args, scons_options=()):
    """Every stage; @scons_options give the build the default description's guest images."""
    results = []
    stage('build')
    if not run(['scons', '-Q', '-j2'] + list(scons_options)):
        print('cella test: build failed')
        return 1
    # The other boards' kernels (tests/qemu/test_armv5.py boots versatilepb's).
    if not run(['scons', '-Q', '-j2', '--board=versatilepb', 'kernel']):
        print('cella test: build for versatilepb failed')
        return 1
    for name, fn in (('format', check_format), ('board facts', check_board),
                     ('size', check_size),
                     ('kernel stack', check_stack),
                     ('host unit tests', host_tests), ('cellconf', cellconf_tests),
                     ('cellconf fuzz (%d s)' % CELLCONF_FUZZ_SECONDS, cellconf_fuzz),
                     ('model check (SPIN)', modelcheck.run_all)):
        stage(name)
        results.append((name, fn()))
    stage('QEMU integration tests')
    results.append(('QEMU integration tests', qemu_tests(pytest_args)))
    failed = [name for name, ok in results if not ok]
    print('\ncella test: %s' % ('all stages passed' if not failed
                                else 'FAILED: ' + ', '.join(failed)))
    return 1 if failed else 0
