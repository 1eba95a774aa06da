# SPDX-License-Identifier: MIT
"""The `cella` command: install what is missing, build with SCons, boot, test.

A thin front end: SCons does the building, QEMU the running, pytest and
cmocka the testing. Run it as ./cella COMMAND; ./cella help lists them.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys

import boardinfo
import cellaqemu
import celltable
import consoles
import deps

TOP = cellaqemu.TOP
JOBS = '-j2'

USAGE = """\
usage: ./cella COMMAND [OPTIONS]

commands:
  build [--config FILE]  build the kernel and host tools; prints the product image's
                         path last (build/armv7/cella.elf; the test image, with the
                         self-tests and test suites, is build/armv7/cella-test.elf)
                         (--config: the boot image carries FILE's cells, table in
                         build/cells/NAME.bin; default partition/systems/default.yaml,
                         which boots Linux: its image is built or taken from the cache)
  build --board versatilepb
                         the ARMv5 port's images (build/armv5/cella.elf and
                         cella-test.elf, with partition/systems/versatilepb.yaml's
                         cells); run, debug, bench and fuzz --kernel take --board (its
                         cores and memory by default: -smp 1 -m 128M)
  run   [--smp N] [--mem SIZE] [--timeout S] [--bootargs ARGS] [--config FILE]
                         build and boot on QEMU's model of the board (-smp 4 -m 1G);
                         the product image: the partition service runs FILE's cells
                         (default.yaml) and its console (it has no tests: it refuses
                         ARGS that ask for them); every cell's console on this
                         terminal, each line prefixed NAME|
  console NAME           type into cell NAME's console (its UART) while ./cella run
                         runs, from another terminal; Ctrl-] detaches
  cellconf check|show|plan|build ...
                         the system-description tool (./cella cellconf --help)
  fuzz  [--seconds S]    fuzz cellconf with AFL++ (default 600 s)
  fuzz --kernel [--calls N] [--seed S] [--board versatilepb]
                         the kernel's system-call fuzzer on every core (-smp 4; the
                         one core of versatilepb, under icount): N calls in all,
                         shared by the cores (default 1,000,000), random calls
                         between object graphs built and torn down (seed random
                         unless given); one line on success, else what failed and
                         the command to repeat it
  test                   build and run every test (host unit tests, QEMU tests)
  bench [--smp N] [--json FILE] [--system] [--record LABEL [--change TEXT]]
                         kernel micro-benchmarks under icount: a table and a JSON file;
                         --record: the figures become docs/bench-history.json's newest
                         run and docs/benchmarks.md's tables are written from it
                         --system: the default system as a whole (guests' time to ready,
                         the RTOS under load, channel throughput; build/system-bench.json)
  soak  [--restarts N] [--config FILE]
                         restart every cell N times (default 10) while the system runs
                         (default.yaml); prints the kernel memory in use and the VMIDs
                         held before and after, which must be equal
  stress [--seconds S] [--seed N] [--smp N]
                         cross-core IPC stress: counts per core pair, one summary line
  debug [--smp N] [--mem SIZE] [--port P] [--bootargs ARGS] [--config FILE]
        [--gdb-batch CMD ...]
                         boot halted at the first instruction under gdb-multiarch:
                         the test image (self-tests, test suites; utest=off for the
                         service), or with --config that system's product image
  linux build [--fragment FILE]
                         build (or take from the cache) the Linux guest image;
                         prints its directory last
  linux boot [--smp N] [--mem SIZE] [--timeout S]
                         boot it natively (no Cella) on QEMU's model of the board (-smp 2 -m 256M)
  linux bench [--smp 2|3|4] [--json FILE] [--in-cell]
                         the native Linux baseline under icount: a table and a JSON file;
                         --in-cell: the same in a 2-core Cella cell, beside native
  rtos bench [--json FILE]
                         the RTOS's interrupt latency and deadline misses under icount:
                         bare, in a cell, sharing its core with Linux, beside busy Linux
  help                   this text

./cella run's terminal: typing goes to the management console; there
"console NAME" sends it to cell NAME's console until Ctrl-] returns.
Ctrl-A X quits, Ctrl-A C toggles the QEMU monitor, Ctrl-A Ctrl-A types Ctrl-A.
"""


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and our usage text."""

    def error(self, message):
        raise UsageError('%s: %s' % (self.prog, message))

    def print_help(self, file=None):
        sys.stdout.write(USAGE)


def positive_int(limit):
    def check(text):
        if not text.isdigit() or not 1 <= int(text) <= limit:
            raise argparse.ArgumentTypeError(
                "'%s' is not a number from 1 to %d" % (text, limit))
        return int(text)
    return check


def mem_size(text):
    try:
        cellaqemu.parse_mem(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e))
    return text


def seconds(text):
    try:
        value = float(text)
    except ValueError:
        value = -1
    if value <= 0:
        raise argparse.ArgumentTypeError("'%s' is not a positive number of seconds"
                                         % text)
    return value


def boot_options(p):
    """--smp, --mem (defaults: the board's), --bootargs and --board."""
    p.add_argument('--smp', type=positive_int(cellaqemu.MAX_SMP))
    p.add_argument('--mem', type=mem_size)
    p.add_argument('--bootargs', default='',
                   help='extra kernel boot arguments, e.g. "ktest=off"')
    p.add_argument('--board', default=boardinfo.DEFAULT_BOARD)


class Target:
    """What a command boots, from its --board: the images, machine, cores and memory."""

    def __init__(self, a):
        try:
            self.image, self.test_image = cellaqemu.board_images(a.board)
        except ValueError as e:
            raise UsageError('cella: %s' % e)
        self.board = a.board
        self.arch = cellaqemu.board_arch(a.board)
        self.default = a.board == boardinfo.DEFAULT_BOARD
        facts = boardinfo.load(cellaqemu.board_arch(a.board), a.board)
        self.machine = facts['BOARD_QEMU_MACHINE']
        a.smp = a.smp or (cellaqemu.DEFAULT_SMP if self.default else facts['BOARD_MAX_CPUS'])
        a.mem = a.mem or cellaqemu.board_mem(a.board)
        if a.smp > facts['BOARD_MAX_CPUS']:
            raise UsageError('cella: %s has %d cores at most' % (a.board, facts['BOARD_MAX_CPUS']))
        # The system its product image carries: the board's own description, if it has one.
        own = os.path.join(TOP, 'partition', 'systems', a.board + '.yaml')
        self.config = own if not self.default and os.path.exists(own) else DEFAULT_CONFIG

    def build(self, config=None):
        """The images (with @config's cells, if given: the default board only)."""
        if not self.default:
            if config:
                raise UsageError('cella: --config is for the default board (%s) so far'
                                 % boardinfo.DEFAULT_BOARD)
            scons('kernel', '--board=' + self.board)
            return
        scons('kernel')
        if config:
            config_kernel(config)

    def qemu(self, image, **kwargs):
        """The QEMU command line for @image on this board, and its boot-argument file."""
        return cellaqemu.qemu_command(image=image, board=None if self.default else self.board,
                                      **kwargs)


def scons(*targets):
    """SCons, given the guest images the default description boots (the boot
    image carries its cells unless --cells says otherwise)."""
    cmd = ['scons', '-Q', JOBS, '-C', TOP] + vm_image_options(DEFAULT_CONFIG) + list(targets)
    if subprocess.run(cmd).returncode != 0:
        sys.exit('cella: build failed')


CELLCONF = os.path.join(TOP, 'build', 'host', 'cellconf', 'cellconf')
CELLS = os.path.join(TOP, 'build', 'cells')
DEFAULT_CONFIG = os.path.join(TOP, 'partition', 'systems', 'default.yaml')  # SConstruct's


def build_cellconf():
    """Build cellconf quietly: its own output must stay exactly what it prints."""
    deps.ensure('cellconf')
    cmd = ['scons', '-Q', '-s', JOBS, '-C', TOP, 'cellconf']
    if subprocess.run(cmd, stdout=sys.stderr).returncode != 0:
        sys.exit('cella: build of cellconf failed')


def cellconf_table(config):
    """Check @config and write build/cells/NAME.bin and build/cells/NAME/*.dtb."""
    build_cellconf()
    name = os.path.splitext(os.path.basename(config))[0]
    table = os.path.join(CELLS, name + '.bin')
    os.makedirs(CELLS, exist_ok=True)
    cmd = [CELLCONF, 'build', config, '-o', table, '--dtb-dir', os.path.join(CELLS, name)]
    if subprocess.run(cmd).returncode != 0:
        sys.exit('cella: %s is not a valid system description; nothing built from it' % config)
    print('cella: cell table %s' % os.path.relpath(table))
    return table


def cmd_build(argv):
    p = Parser(prog='cella build')
    p.add_argument('--config')
    p.add_argument('--board', default=boardinfo.DEFAULT_BOARD)
    a = p.parse_args(argv)
    a.smp = a.mem = None
    target = Target(a)
    deps.ensure('build')
    if target.default:
        scons()
        if a.config:
            config_kernel(a.config)
    else:
        target.build(a.config)
    print('cella: test image %s' % os.path.relpath(target.test_image))
    print(target.image)


# A description naming this image boots the Linux guest (guests/linux/).
LINUX_IMAGE = re.compile(r'''\bimage\s*:\s*["']?linux["']?\s*(?:[,}]|$)''', re.M)


_linux_image = []  # its directory, once built or found in the cache


def vm_image_options(config):
    """The scons options for the guest images @config boots: none unless it names
    `image: linux`; then the Linux image is built (or taken from the cache, once
    per command) and passed as --linux-image."""
    try:
        text = re.sub(r'(^|\s)#.*', '', open(config).read())
    except OSError:
        return []  # cellconf says what is wrong with it
    if not LINUX_IMAGE.search(text):
        return []
    if not _linux_image:
        deps.ensure('linux')
        image, kernel, _, _ = linux_package()
        try:
            _linux_image.append(image.build())
        except (kernel.BuildError, RuntimeError, OSError, subprocess.CalledProcessError) as e:
            sys.exit('cella: the Linux image that %s boots: %s' % (config, e))
        print('cella: Linux image %s' % _linux_image[0])
    return ['--linux-image=' + _linux_image[0]]


def config_kernel(config):
    """Check @config (its own errors, nothing built if bad), then link its cells in.
    Its guest images go beside the cell images first, where cellconf finds them."""
    options = vm_image_options(config)
    scons('vm-images', *options)
    cellconf_table(config)
    scons('kernel', '--cells=' + os.path.abspath(config), *options)


def cmd_cellconf(argv):
    build_cellconf()
    sys.exit(subprocess.run([CELLCONF] + argv).returncode)


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


def fresh_uart_dir():
    """build/uarts, emptied of an earlier boot's sockets and logs."""
    os.makedirs(cellaqemu.UART_DIR, exist_ok=True)
    for n in cellaqemu.UARTS:
        for path in (cellaqemu.uart_socket(cellaqemu.UART_DIR, n),
                     cellaqemu.uart_log(cellaqemu.UART_DIR, n)):
            if os.path.exists(path):
                os.unlink(path)
    return cellaqemu.UART_DIR


def table_cells(config):
    """The cells of the table the image carries (build/cells/NAME.bin, NAME the
    description's), or none if it cannot be read (then every UART is uartN)."""
    name = os.path.splitext(os.path.basename(config))[0]
    path = os.path.join(CELLS, name + '.bin')
    try:
        return celltable.read(path)
    except (OSError, celltable.TableError) as e:
        print('cella: %s: %s; consoles named by UART' % (os.path.relpath(path), e))
        return []


def run_banner(a, target, uarts, names):
    print('cella: booting %s on %s -smp %d -m %s (quit: Ctrl-A X)'
          % (os.path.relpath(target.image), target.machine, a.smp, a.mem))
    print("cella: the cells' consoles, their lines prefixed NAME|: %s "
          "(output also in %s/uartN.log)"
          % (', '.join(name if name == 'uart%d' % n else '%s (uart%d)' % (name, n)
                       for n, name in sorted(names.items())), os.path.relpath(uarts)))
    print('cella: typing goes to the management console; "console NAME" there types into '
          'NAME\'s (Ctrl-] returns); ./cella console NAME from another terminal', flush=True)


def cmd_run(argv):
    p = Parser(prog='cella run')
    boot_options(p)
    p.add_argument('--timeout', type=seconds)
    p.add_argument('--config')
    a = p.parse_args(argv)
    target = Target(a)
    deps.ensure('run')
    target.build(a.config)
    cells = table_cells(a.config or target.config)
    uarts = fresh_uart_dir()
    cmd, argsfile = target.qemu(target.image, smp=a.smp, mem=a.mem, bootargs=a.bootargs,
                                uart_dir=uarts)
    run_banner(a, target, uarts, consoles.console_names(cells))
    try:
        why, status = consoles.run(cmd, uarts, cells, a.timeout)
    finally:
        os.unlink(argsfile)
    if why is None and status:
        sys.exit('cella: qemu-system-arm exited with status %d' % status)


def cmd_console(argv):
    p = Parser(prog='cella console')
    p.add_argument('name')
    a = p.parse_args(argv)
    try:
        consoles.attach(a.name)
    except LookupError as e:
        sys.exit('cella console: %s' % e.args[0])


GDB_ARCH = {'armv7': 'armv7', 'armv5': 'armv5te'}  # gdb's name of each arch


def gdb_command(image, port, batch, arch='armv7'):
    cmd = ['gdb-multiarch', '-q', '-nx', image,
           '-ex', 'set architecture ' + arch,
           '-ex', 'target remote localhost:%d' % port]
    if batch:
        cmd += ['-batch']
        for c in batch:
            cmd += ['-ex', c]
    else:
        cmd += ['-ex', 'echo cella: stopped at the reset entry on every core; '
                       'try "break kernel_main", "continue", "stepi".\\n']
    return cmd


def cmd_debug(argv):
    p = Parser(prog='cella debug')
    boot_options(p)
    p.add_argument('--port', type=positive_int(65535), default=1234)
    p.add_argument('--gdb-batch', nargs='+', metavar='CMD',
                   help='run these gdb commands, print, and quit (for scripts)')
    p.add_argument('--config')
    a = p.parse_args(argv)
    target = Target(a)
    deps.ensure('debug')
    target.build(a.config)
    # The kernel alone is debugged with its tests; a system as it is shipped.
    image = target.image if a.config else target.test_image
    cmd, argsfile = target.qemu(
        image, smp=a.smp, mem=a.mem, uart_dir=fresh_uart_dir(), bootargs=a.bootargs,
        extra=['-S', '-gdb', 'tcp:localhost:%d' % a.port])
    qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    try:
        # gdb owns the terminal; Ctrl-C must interrupt the target, not us.
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
        status = subprocess.run(gdb_command(image, a.port, a.gdb_batch,
                                            GDB_ARCH[target.arch])).returncode
        signal.signal(signal.SIGINT, old)
    finally:
        qemu.kill()
        qemu.wait()
        os.unlink(argsfile)
    sys.exit(status)


def cmd_test(argv):
    p = Parser(prog='cella test')
    p.add_argument('pytest_args', nargs='*',
                   help='passed to pytest (e.g. -k smp)')
    a = p.parse_args(argv)
    deps.ensure('test')
    import testrun
    sys.exit(testrun.run_all(a.pytest_args, vm_image_options(DEFAULT_CONFIG)))


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


# --- the Linux guest (guests/linux/) ---

def linux_package():
    sys.path.insert(0, TOP)
    from guests.linux import image, kernel, qemu, run
    return image, kernel, qemu, run


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


def cmd_help(argv):
    sys.stdout.write(USAGE)


COMMANDS = {
    'build': cmd_build,
    'run': cmd_run,
    'console': cmd_console,
    'test': cmd_test,
    'debug': cmd_debug,
    'bench': cmd_bench,
    'stress': cmd_stress,
    'soak': cmd_soak,
    'cellconf': cmd_cellconf,
    'fuzz': cmd_fuzz,
    'linux': cmd_linux,
    'rtos': cmd_rtos,
    'help': cmd_help,
    '--help': cmd_help,
    '-h': cmd_help,
}


def main(argv):
    if not argv:
        sys.stderr.write(USAGE)
        return 2
    fn = COMMANDS.get(argv[0])
    if not fn:
        sys.stderr.write("cella: unknown command '%s'\n\n%s" % (argv[0], USAGE))
        return 2
    try:
        fn(argv[1:])
    except UsageError as e:
        sys.stderr.write('%s\n' % e)
        return 2
    except deps.MissingPackages as e:
        sys.stderr.write('cella: %s\n' % e)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
