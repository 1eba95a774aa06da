# SPDX-License-Identifier: MIT
"""The ./cella front end: usage, errors, build, run --timeout, debug."""

import os
import re
import subprocess

from conftest import TOP

CELLA = os.path.join(TOP, 'cella')


def cella(*args, timeout=120):
    return subprocess.run([CELLA] + list(args), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def test_help_prints_usage():
    r = cella('help')
    assert r.returncode == 0
    for command in ('build', 'run', 'test', 'debug'):
        assert re.search(r'^  %s\b' % command, r.stdout, re.M)


def test_no_command_and_unknown_command():
    assert cella().returncode == 2
    r = cella('frobnicate')
    assert r.returncode == 2
    assert "unknown command 'frobnicate'" in r.stderr
    assert 'usage: ./cella' in r.stderr


def test_bad_option_values_one_line_each():
    for args, what in ((['run', '--smp', '0'], '--smp'), (['run', '--smp', 'x'], '--smp'),
                       (['run', '--mem', '3G'], '--mem'), (['run', '--mem', '12'], '--mem'),
                       (['run', '--timeout', '-1'], '--timeout'),
                       (['run', '--bogus'], 'unrecognized')):
        r = cella(*args)
        assert r.returncode == 2, args
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert what in r.stderr


def test_build_prints_image_last():
    r = cella('build')
    assert r.returncode == 0, r.stderr
    last = r.stdout.strip().splitlines()[-1]
    assert last.endswith('build/armv7/cella.elf') and os.path.exists(last)


def test_run_with_timeout_stops():
    r = cella('run', '--smp', '2', '--mem', '256M', '--timeout', '5', '--bootargs', 'ktest=off')
    assert r.returncode == 0, r.stderr
    assert 'cella: 2 cores online (hyp)' in r.stdout
    assert 'cella: RAM 256 MiB' in r.stdout
    assert 'stopped QEMU after 5s' in r.stdout


def test_debug_stops_at_reset_and_reaches_kernel_main():
    r = cella('debug', '--smp', '1', '--port', '1239', '--gdb-batch', 'info registers pc',
              'break kernel_main', 'continue', 'info registers pc', 'bt 1')
    assert r.returncode == 0, r.stdout + r.stderr
    pcs = re.findall(r'^pc +(0x[0-9a-f]+)', r.stdout, re.M)
    assert pcs and int(pcs[0], 16) == 0x80010000, r.stdout  # _start
    assert 'Breakpoint 1, kernel_main' in r.stdout, r.stdout


def test_run_board_versatilepb_shows_the_consumer():
    """./cella run --board versatilepb boots its native system on the one core."""
    r = cella('run', '--board', 'versatilepb', '--timeout', '8', timeout=300)
    assert r.returncode == 0, r.stderr
    assert 'on versatilepb -smp 1 -m 128M' in r.stdout, r.stdout[-2000:]
    assert 'cella: 1 cores online (svc)' in r.stdout
    assert re.search(r'^consumer\| received \d+, last seq \d+, 0 bad, 0 lost', r.stdout, re.M), \
        r.stdout[-2000:]
    assert re.search(r'^cell faulty: .*restarting it', r.stdout, re.M), r.stdout[-2000:]


def test_debug_board_versatilepb_reaches_kernel_main():
    r = cella('debug', '--board', 'versatilepb', '--port', '1240', '--gdb-batch',
              'info registers pc', 'break kernel_main', 'continue', 'bt 1', timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    pcs = re.findall(r'^pc +(0x[0-9a-f]+)', r.stdout, re.M)
    assert pcs and int(pcs[0], 16) == 0x10000, r.stdout  # _start, BOARD_KERNEL_BASE
    assert 'Breakpoint 1, kernel_main' in r.stdout, r.stdout
