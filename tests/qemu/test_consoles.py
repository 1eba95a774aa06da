# SPDX-License-Identifier: MIT
"""./cella run's consoles: every cell's console on the one terminal, `console NAME`,
./cella console NAME from a second terminal, Ctrl-A X (tools/consoles.py).

One run of `./cella run --config partition/systems/rtos.yaml` in a
pseudo-terminal: the RTOS cell's console is uart1 (the consumer has uart2,
nobody uart3). The display's rules are checked first on a pipe, without QEMU.
"""

import os
import pty
import re
import subprocess
import sys
import termios
import time

import pytest

from conftest import TOP, cellaqemu

sys.path.insert(0, os.path.join(TOP, 'tools'))
import celltable  # noqa: E402
import display  # noqa: E402

CELLA = os.path.join(TOP, 'cella')
CONFIG = 'partition/systems/rtos.yaml'
BUILD = 300  # seconds for ./cella run to build what it boots
TIMEOUT = 30  # seconds for what a step waits for; QEMU's own --timeout is 2 of these
CTRL_A, CTRL_RBRACKET = '\x01', '\x1d'


class Terminal(cellaqemu.Reader):
    """A command on a pseudo-terminal: what it prints, read as it comes; send() types."""

    def __init__(self, *args):
        self.name, self.command = args[0], ' '.join(args)
        master, slave = pty.openpty()
        self.proc = subprocess.Popen([CELLA] + list(args), cwd=TOP, stdin=slave, stdout=slave,
                                     stderr=slave, start_new_session=True)
        os.close(slave)
        self.fd = master
        self.modes = termios.tcgetattr(master)

    def _fd(self):
        return self.fd

    def _read_some(self, deadline):
        try:
            return cellaqemu.Reader._read_some(self, deadline)
        except OSError:  # EIO: the command has ended
            return False

    def send(self, text):
        os.write(self.fd, text.encode())

    def ended(self, timeout=TIMEOUT):
        """Its exit status, once it has ended (all it printed read)."""
        self.read_for(0)
        self.proc.wait(timeout)
        self.read_for(0.5)
        return self.proc.returncode

    def modes_restored(self):
        return termios.tcgetattr(self.fd) == self.modes

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.fd)


def pipe_display():
    r, w = os.pipe()
    return display.Display(w), r


def shown(fd):
    return os.read(fd, 65536).decode()


def test_a_line_is_never_cut_and_the_typed_line_drawn_again():
    d, out = pipe_display()
    mgmt, rtos = d.stream(''), d.stream('rtos| ')
    d.focus = mgmt
    mgmt.feed(b'cel')  # the echo of typing: at once
    rtos.feed(b'status: runs')
    assert shown(out) == 'cel'
    rtos.feed(b' 5\r\n')
    mgmt.feed(b'ls\r\n')
    assert shown(out) == '\nrtos| status: runs 5\ncells\n'


def test_an_unfinished_line_waits_then_shows():
    d, out = pipe_display()
    d.focus = d.stream('')
    linux = d.stream('linux| ')
    linux.feed(b'login: ')
    d.tick()
    assert d.next_due() is not None
    time.sleep(display.FLUSH_AFTER + 0.05)
    d.tick()
    assert shown(out) == 'linux| login: ' and d.next_due() is None
    d.end()
    assert shown(out) == '\n'


def test_echoed_erasures():
    d, out = pipe_display()
    mgmt = d.stream('')
    d.focus = mgmt
    mgmt.feed(b'cex\b \bl')  # erased before it is shown
    mgmt.feed(b'x')
    mgmt.feed(b'\b \bl')
    assert shown(out) == 'celx\b \bl'
    mgmt.feed(b'\b \b' * 3)
    mgmt.feed(b'ok\n')
    assert shown(out) == '\b \b' * 3 + 'ok\n'


def test_a_forgotten_line_stays_however_its_echo_comes():
    """`console NAME` seen before or after the service echoed it: the typed line
    stays on the screen above the message or is not shown at all."""
    for echo_first in (True, False):
        d, out = pipe_display()
        mgmt = d.stream('')
        d.focus = mgmt
        if echo_first:
            mgmt.feed(b'console x')
        mgmt.forget_line()
        d.message('cella: no console')
        if not echo_first:
            mgmt.feed(b'console x')
        mgmt.feed(b'\b \b' * 4 + b'\b')
        mgmt.feed(b' \b' + b'\b \b' * 4)
        mgmt.feed(b'ok\n')
        expected = 'console x\ncella: no console\nok\n' if echo_first else \
            'cella: no console\nconsole x' + '\b \b' * 9 + 'ok\n'
        assert shown(out) == expected


def test_table_reader_knows_the_header():
    """celltable.py reads the version and record sizes of celltable.h."""
    text = open(os.path.join(TOP, 'partition', 'include', 'cella', 'celltable.h')).read()
    version = int(re.search(r'#define CELLTABLE_VERSION\s+(\d+)', text).group(1))
    assert version in celltable.VERSIONS
    sizes = dict(re.findall(r'sizeof\(struct celltable_(\w+)\) == (\d+)', text))
    assert int(sizes['header']) == celltable.HEADER.size
    assert int(sizes['cell']) == celltable.CELL.size
    assert int(sizes['device']) == celltable.DEVICE.size


@pytest.fixture(scope='module')
def default_image_after():
    """./cella run --config rebuilds the shared image: the default's again afterwards."""
    yield
    r = subprocess.run([CELLA, 'build'], cwd=TOP, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def prefixed(term, line, start):
    return term.expect(r'^rtos\| %s' % line, TIMEOUT, start)


def test_consoles_on_one_terminal(default_image_after):
    run = Terminal('run', '--config', CONFIG, '--timeout', str(2 * TIMEOUT))
    try:
        run.expect(r'^cella: booting ', BUILD)
        run.expect(r'^service: ready; type help$', TIMEOUT)
        prefixed(run, r'rtos ready: 4 tasks$', 0)
        second_terminal(run)
        typing_into_the_rtos(run)
        management_errors(run)
        start = len(run.output)
        run.send(CTRL_A + 'x')
        assert run.ended() == 0, run.failure('Ctrl-A X')
        assert re.search(r'^cella: quit \(Ctrl-A X\)$', run.output[start:], re.M), run.tail()
        assert run.modes_restored(), 'the terminal is left in raw mode'
        for line in run.output.splitlines():
            if re.search(r'rtos ready|status: runs|unknown command', line):
                assert line.startswith('rtos| '), run.failure('a line cut: %r' % line)
    finally:
        run.close()


def second_terminal(run):
    """./cella console rtos: the RTOS's past lines, then typing and output both ways."""
    unknown = Terminal('console', 'nosuch')
    assert unknown.ended() == 1
    assert re.search(r"^cella console: no console named 'nosuch' \(consoles: consumer, rtos, "
                     r"uart3\)", unknown.output, re.M), unknown.output
    unknown.close()
    rtos = Terminal('console', 'rtos')
    try:
        rtos.expect(r'^rtos ready: 4 tasks$', TIMEOUT)
        start, start_run = len(rtos.output), len(run.output)
        rtos.send('hello\r')
        rtos.expect(r"^rtos: unknown command 'hello'", TIMEOUT, start)
        prefixed(run, r"rtos: unknown command 'hello'", start_run)
        rtos.send(CTRL_RBRACKET)
        assert rtos.ended() == 0 and rtos.modes_restored()
        assert "detached from rtos's console" in rtos.output[start:]
    finally:
        rtos.close()


def typing_into_the_rtos(run):
    start = len(run.output)
    run.send('console rtos\r')
    run.expect(r"^cella: typing goes to rtos's console \(uart1\); Ctrl-\] returns$", TIMEOUT,
               start)
    run.send('status\r')
    prefixed(run, r'status: runs', start)
    run.send('hello\r')
    prefixed(run, r"rtos: unknown command 'hello'", start)
    start = len(run.output)
    run.send(CTRL_RBRACKET)
    run.expect(r'^cella: typing goes to the management console$', TIMEOUT, start)
    run.send('cells\r')
    run.expect(r'^rtos +running ', TIMEOUT, start)


def management_errors(run):
    start = len(run.output)
    run.send('console producer\r')
    run.expect(r'^cella: cell producer has no UART, so no console; consoles: rtos, consumer, '
               r'uart3$', TIMEOUT, start)
    run.send('console\r')
    run.expect(r'^cella: usage: console NAME; consoles: ', TIMEOUT, start)
    run.send('cores\r')
    run.expect(r'^core +cell ', TIMEOUT, start)
    assert 'unknown command' not in run.output[start:], run.tail()
