# SPDX-License-Identifier: MIT
"""Every cell's console on one terminal: what `./cella run` and `./cella console` do.

QEMU runs with its stdio on pipes: UART0, the kernel's console and the
partition service's management console, comes back unprefixed; UART1-3,
on QEMU's sockets in build/uarts, come back line by line prefixed with the
name of the cell the cell table gives them to (`rtos| ...`), `uartN| ` if
none. The terminal is ours, in raw mode: typing goes to the management
console, and its line `console NAME` (seen here, not by the service) sends
it to NAME's UART until Ctrl-] returns. Ctrl-A X quits; Ctrl-A Ctrl-A types
a Ctrl-A; the other Ctrl-A keys go to QEMU (Ctrl-A C, its monitor).

QEMU's socket server takes one client at a time and this relay is it: it
serves each console again on build/consoles/NAME.sock, where `./cella
console NAME` (any number of them) attaches.
"""

import os
import select
import signal
import socket
import subprocess
import termios
import time
import tty

import cellaqemu
from display import Display

CONSOLE_DIR = os.path.join(cellaqemu.TOP, 'build', 'consoles')
# The UARTs QEMU connects its -serial options to, in order (the board's board.h).
UART_BASES = tuple(cellaqemu.BOARD['BOARD_UART%d_BASE' % n] for n in (0,) + cellaqemu.UARTS)
CTRL_A, CTRL_RBRACKET = 0x01, 0x1d
ERASE = 0x7f  # takes one character off the service's line (it echoes "\b \b")
SERVICE_LINE_MAX = 79  # the service keeps this much of a typed line (console.c)
BACKLOG = 4096  # bytes of a console's past output an attaching client is sent
CLIENT_BUFFER = 1 << 20  # an attached client this far behind is let go
CONNECT_FOR = 10  # seconds QEMU has to make its UART sockets
STOP_FOR = 5  # seconds QEMU has to end after SIGTERM


def console_names(cells):
    """{n: name} for UART1-3: the cell given UART n, 'CELL.uartN' for its second; else 'uartN'."""
    names = {}
    for c in cells:
        uarts = sorted(UART_BASES.index(d.base) for d in c.devices if d.base in UART_BASES[1:])
        for i, n in enumerate(uarts):
            names[n] = c.name if i == 0 else '%s.uart%d' % (c.name, n)
    return {n: names.get(n, 'uart%d' % n) for n in cellaqemu.UARTS}


def socket_path(name):
    return os.path.join(CONSOLE_DIR, name + '.sock')


class Terminal:
    """Standard input's terminal in raw mode (every key as typed, Ctrl-C too) while in
    the with block, output still turning \\n into \\r\\n; restored on the way out, also
    on an exception or SIGTERM/SIGHUP. Nothing happens when standard input is no tty."""

    def __init__(self, fd=0):
        self.fd, self.saved, self.handlers = fd, None, {}

    def __enter__(self):
        for sig in (signal.SIGTERM, signal.SIGHUP):
            self.handlers[sig] = signal.signal(sig, self._exit)
        if os.isatty(self.fd):
            self.saved = termios.tcgetattr(self.fd)
            tty.setraw(self.fd)
            attrs = termios.tcgetattr(self.fd)
            attrs[1] |= termios.OPOST | termios.ONLCR
            termios.tcsetattr(self.fd, termios.TCSADRAIN, attrs)
        return self

    def __exit__(self, *exc):
        if self.saved:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)
        for sig, handler in self.handlers.items():
            signal.signal(sig, handler)

    @staticmethod
    def _exit(sig, frame):
        raise SystemExit(128 + sig)


class UartConsole:
    """One of UART1-3: QEMU's socket (connected when it appears), our socket for
    `./cella console NAME` and its clients, each with what it has yet to be sent."""

    def __init__(self, n, name, uart_dir, display):
        self.n, self.name = n, name
        self.uart_path = cellaqemu.uart_socket(uart_dir, n)
        self.stream = display.stream(name + '| ')
        self.sock = None
        self.clients = {}
        self.backlog = bytearray()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        path = socket_path(name)
        if os.path.exists(path):
            os.unlink(path)
        self.listener.bind(path)
        self.listener.listen(4)

    def connect(self):
        """Try QEMU's socket once; whether connected."""
        if self.sock:
            return True
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(self.uart_path)
        except OSError:
            s.close()
            return False
        self.sock = s
        return True

    def from_uart(self, data):
        """What the cell printed: to the terminal and every attached client."""
        self.stream.feed(data)
        self.backlog += data
        if len(self.backlog) > BACKLOG:
            del self.backlog[:len(self.backlog) - BACKLOG]
            del self.backlog[:self.backlog.find(b'\n') + 1]
        for client in list(self.clients):
            self.clients[client] += data
            self.send_to(client)

    def type(self, data):
        """Keys for the cell: to its UART's receiver (lost if QEMU's socket is not up)."""
        if self.sock and data:
            self.sock.sendall(data)

    def accept(self):
        client, _ = self.listener.accept()
        client.setblocking(False)
        self.clients[client] = bytearray(self.backlog)
        self.send_to(client)

    def send_to(self, client):
        """Send @client what it can take now; let it go if it lags too far or is gone."""
        buf = self.clients.get(client)
        if not buf:
            return
        try:
            del buf[:client.send(buf)]
        except BlockingIOError:
            pass
        except OSError:
            self.drop(client)
            return
        if len(buf) > CLIENT_BUFFER:
            self.drop(client)

    def drop(self, client):
        del self.clients[client]
        client.close()

    def close(self):
        for client in list(self.clients):
            self.drop(client)
        self.listener.close()
        if os.path.exists(socket_path(self.name)):
            os.unlink(socket_path(self.name))
        if self.sock:
            self.sock.close()


class Keyboard:
    """Typed keys: to the management console (QEMU's stdin) or to the console
    `console NAME` chose; Ctrl-A X quits, Ctrl-] returns to the management console."""

    def __init__(self, session):
        self.session = session
        self.target = None  # a UartConsole, or None: the management console
        self.after_ctrl_a = False
        self.line = ''  # the management console's line, as the service keeps it

    def keys(self, data):
        out = bytearray()
        for key in data:
            if self.after_ctrl_a:
                self.after_ctrl_a = False
                out += self.escape(key, out)
            elif key == CTRL_A:
                self.after_ctrl_a = True
            elif key == CTRL_RBRACKET:
                self.flush(out)
                self.back_to_management()
            elif self.target:
                out.append(key)
            else:
                out += self.management_key(key, out)
        self.flush(out)

    def flush(self, out):
        if self.target:
            self.target.type(bytes(out))
        else:
            self.session.to_qemu(bytes(out))
        del out[:]

    def escape(self, key, out):
        """The key after Ctrl-A: what to send on."""
        if key in b'xX':
            self.flush(out)
            self.session.stop('cella: quit (Ctrl-A X)')
            return b''
        if self.target:
            return b'\x01' if key == CTRL_A else b''
        return bytes((CTRL_A, key))  # QEMU's: Ctrl-A C, its monitor; Ctrl-A Ctrl-A, a Ctrl-A

    def management_key(self, key, out):
        """A key for the service: follow its line editing (console.c) to see the line."""
        if key in b'\r\n':
            line, self.line = self.line, ''
            if line.split()[:1] == ['console']:
                self.flush(out)
                self.console_command(line)
                return b''
        elif key in b'\b\x7f':
            self.line = self.line[:-1]
        elif 0x20 <= key < 0x7f and len(self.line) < SERVICE_LINE_MAX:
            self.line += chr(key)
        return bytes((key,))

    def console_command(self, line):
        """`console NAME`, typed at the management console: erase it from the service's
        line (and the echo of that from the screen), then switch or say why not."""
        s = self.session
        s.to_qemu(bytes((ERASE,)) * len(line))
        s.uart0.forget_line()
        words = line.split()
        target = s.consoles.get(words[1]) if len(words) == 2 else None
        if target:
            s.display.message("cella: typing goes to %s's console (uart%d); Ctrl-] returns"
                              % (target.name, target.n))
            self.target = target
            s.display.set_focus(target.stream)
        else:
            s.display.message('cella: %s; consoles: %s'
                              % (s.why_no_console(words[1:]), ', '.join(s.consoles)))

    def back_to_management(self):
        if self.target:
            self.target = None
            self.session.display.message('cella: typing goes to the management console')
            self.session.display.set_focus(self.session.uart0)


class Session:
    """One QEMU run with its consoles on the terminal: run() until QEMU ends, the
    timeout or Ctrl-A X; returns why (a message) or None if QEMU ended by itself."""

    def __init__(self, cmd, uart_dir, names, cells, timeout=None, out_fd=1, in_fd=0):
        self.proc = None
        self.display = Display(out_fd)
        self.uart0 = self.display.stream('')
        self.display.focus = self.uart0
        self.qemu_err = self.display.stream('qemu| ')
        self.cells = cells
        os.makedirs(CONSOLE_DIR, exist_ok=True)
        self.consoles = {}
        try:
            for n, name in sorted(names.items()):
                self.consoles[name] = UartConsole(n, name, uart_dir, self.display)
        except OSError:
            self.close()
            raise
        self.keyboard = Keyboard(self)
        self.in_fd = in_fd
        self.started = time.monotonic()
        self.timeout_s = timeout
        self.deadline = self.started + timeout if timeout else None
        self.stopped, self.stop_by = None, None  # why and by when QEMU is to end
        self.proc = None
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE)
        except OSError:
            self.close()
            raise

    def why_no_console(self, words):
        if len(words) != 1:
            return 'usage: console NAME'
        cell = [c for c in self.cells if c.name == words[0]]
        if cell:
            return 'cell %s has no UART, so no console' % words[0]
        return "no console named '%s'" % words[0]

    def to_qemu(self, data):
        if data and self.proc.poll() is None:
            try:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
            except BrokenPipeError:
                pass

    def stop(self, why):
        """End QEMU (it is given STOP_FOR seconds to go) and say @why."""
        if self.stopped is None:
            self.stopped = why
            self.stop_by = time.monotonic() + STOP_FOR
            self.deadline = None
            self.proc.terminate()

    def readers(self):
        """{file descriptor: what to call when it is readable}."""
        fds = {}
        for f, stream in ((self.proc.stdout, self.uart0), (self.proc.stderr, self.qemu_err)):
            if not f.closed:
                fds[f.fileno()] = lambda f=f, stream=stream: self.read_pipe(f, stream)
        if self.in_fd is not None and self.stopped is None:
            fds[self.in_fd] = self.read_keys
        for c in self.consoles.values():
            if c.sock:
                fds[c.sock.fileno()] = lambda c=c: self.read_uart(c)
            fds[c.listener.fileno()] = c.accept
            for client in c.clients:
                fds[client.fileno()] = lambda c=c, client=client: self.read_client(c, client)
        return fds

    def read_pipe(self, f, stream):
        if f.closed:
            return
        data = os.read(f.fileno(), 65536)
        if data:
            stream.feed(data)
        else:
            f.close()

    def read_keys(self):
        if self.in_fd is None:
            return
        data = os.read(self.in_fd, 1024)
        if data:
            self.keyboard.keys(data)
        else:
            self.in_fd = None  # no more typing: watch until the end

    def read_uart(self, c):
        if not c.sock:
            return
        try:
            data = c.sock.recv(65536)
        except OSError:
            data = b''
        if data:
            c.from_uart(data)
        else:
            c.sock.close()
            c.sock = None

    def read_client(self, c, client):
        if client not in c.clients:
            return
        try:
            data = client.recv(1024)
        except OSError:
            data = b''
        if data:
            c.type(data)
        else:
            c.drop(client)

    def writers(self):
        return {client.fileno(): (lambda c=c, client=client: c.send_to(client))
                for c in self.consoles.values() for client, buf in c.clients.items() if buf}

    def connect_uarts(self, now):
        """Connect to QEMU's UART sockets once they are there; whether all are."""
        if self.proc.poll() is not None or now > self.started + CONNECT_FOR:
            return True
        return all([c.connect() for c in self.consoles.values()])

    def timeout(self, now, connected):
        """How long select() may wait: the next unfinished line due, a socket still to
        connect, the --timeout, a QEMU that will not stop."""
        times = [self.display.next_due(), None if connected else now + 0.05,
                 self.deadline, self.stop_by]
        due = [t for t in times if t is not None]
        return max(0, min(due) - now) if due else None

    def step(self):
        now = time.monotonic()
        if self.deadline and now >= self.deadline:
            self.stop('cella: stopped QEMU after %gs (--timeout)' % self.timeout_s)
        if self.stop_by and now >= self.stop_by:
            self.stop_by = None
            if self.proc.poll() is None:
                self.proc.kill()
        connected = self.connect_uarts(now)
        readers, writers = self.readers(), self.writers()
        r, w, _ = select.select(list(readers), list(writers), [], self.timeout(now, connected))
        for fd in r:
            readers[fd]()  # each checks that what it reads is still open
        for fd in w:
            writers[fd]()
        self.display.tick()

    def run(self):
        while not (self.proc.stdout.closed and self.proc.stderr.closed):
            self.step()
        self.proc.wait()
        self.drain()
        self.display.end()
        if self.stopped:
            self.display.message(self.stopped)
        return self.stopped

    def drain(self):
        """What the UARTs said before QEMU ended: their sockets up to the end."""
        for c in self.consoles.values():
            while c.sock:
                self.read_uart(c)

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for c in self.consoles.values():
            c.close()


def run(cmd, uart_dir, cells, timeout=None):
    """Run QEMU's @cmd with every console of @cells (celltable.read()) on this
    terminal (the module's comment); why it ended (None: QEMU did) and its status."""
    session = Session(cmd, uart_dir, console_names(cells), cells, timeout)
    try:
        with Terminal():
            try:
                why = session.run()
            except KeyboardInterrupt:  # not a terminal's Ctrl-C: that is typed into a console
                session.stop('cella: interrupted')
                why = session.run()
        return why, session.proc.returncode
    finally:
        session.close()


def attach(name):
    """`./cella console NAME`: this terminal on NAME's console until Ctrl-] or the
    run's end. Raises LookupError (one line) if `./cella run` serves no such console."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(socket_path(name))
    except OSError as e:
        sock.close()
        served = sorted(f[:-5] for f in os.listdir(CONSOLE_DIR) if f.endswith('.sock')) \
            if os.path.isdir(CONSOLE_DIR) else []
        if name in served:
            raise LookupError("%s's console is not served (%s): has ./cella run ended?"
                              % (name, os.strerror(e.errno)))
        if served:
            raise LookupError("no console named '%s' (consoles: %s)" % (name, ', '.join(served)))
        raise LookupError("no console named '%s': is ./cella run running?" % name)
    print("cella: attached to %s's console; Ctrl-] detaches" % name, flush=True)
    with Terminal():
        try:
            why = relay(sock, name)
        except OSError as e:
            why = "\ncella: %s's console: %s" % (name, e.strerror)
    sock.close()
    print(why, flush=True)


def relay(sock, name):
    """Keys to @sock, what comes from it to the terminal; why it ended."""
    keys = 0
    while True:
        r, _, _ = select.select([sock] + ([keys] if keys is not None else []), [], [])
        if sock in r:
            data = sock.recv(65536)
            if not data:
                return "\ncella: %s's console closed: ./cella run has ended" % name
            os.write(1, data)
        if keys in r:
            data = os.read(keys, 1024)
            if not data:
                keys = None
            elif CTRL_RBRACKET in data:
                sock.sendall(data[:data.index(CTRL_RBRACKET)])
                return "\ncella: detached from %s's console" % name
            else:
                sock.sendall(data)
