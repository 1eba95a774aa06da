# SPDX-License-Identifier: MIT
"""What the `cella` command's subcommands share: the usage text, argument
parsing with one-line errors, the board a command targets (Target), and the
build steps every command may need (SCons, cellconf, the guest images a
system description boots). tools/cella.py dispatches; cmd_measure.py and
cmd_guests.py hold the commands that measure and those of the guests.
"""

import argparse
import os
import re
import subprocess
import sys

import boardinfo
import cellaqemu
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


def linux_package():
    sys.path.insert(0, TOP)
    from guests.linux import image, kernel, qemu, run
    return image, kernel, qemu, run


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
