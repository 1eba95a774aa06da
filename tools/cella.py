# SPDX-License-Identifier: MIT
"""The `cella` command: install what is missing, build with SCons, boot, test.

A thin front end: SCons does the building, QEMU the running, pytest and
cmocka the testing. Run it as ./cella COMMAND; ./cella help lists them.
Here: the commands that build, boot and test, and the dispatch; what
they share is in cli.py, the measuring commands in cmd_measure.py, the
guests' in cmd_guests.py.
"""

import os
import signal
import subprocess
import sys

import boardinfo
import cellaqemu
import celltable
import consoles
import deps
from cli import (CELLCONF, CELLS, DEFAULT_CONFIG, USAGE, Parser, Target, UsageError,
                 boot_options, build_cellconf, config_kernel, positive_int, scons, seconds,
                 vm_image_options)
from cmd_guests import cmd_linux, cmd_rtos
from cmd_measure import cmd_bench, cmd_fuzz, cmd_soak, cmd_stress


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


def cmd_cellconf(argv):
    build_cellconf()
    sys.exit(subprocess.run([CELLCONF] + argv).returncode)


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
