# SPDX-License-Identifier: MIT
"""Boot a Cella image on QEMU: the one place that builds the QEMU command line.

Used by `./cella run`, `./cella debug` and the pytest integration tests, so
that what the tests boot is exactly what a user boots.
"""

import os
import re
import select
import shutil
import socket
import subprocess
import tempfile
import time

import boardinfo

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARCH = 'armv7'
IMAGE = os.path.join(TOP, 'build', ARCH, 'cella.elf')  # the product: ./cella run's
TEST_IMAGE = os.path.join(TOP, 'build', ARCH, 'cella-test.elf')  # with the tests
BOARD = boardinfo.load(ARCH)  # the default board's board.h
MACHINE = BOARD['BOARD_QEMU_MACHINE']
DEFAULT_SMP = BOARD['BOARD_MAX_CPUS']
DEFAULT_MEM = '1G'
MAX_SMP = BOARD['BOARD_MAX_CPUS']
MEM_MIN_MIB = 16
MEM_MAX_MIB = BOARD['BOARD_RAM_MAX'] >> 20  # the board's RAM window
NM = 'arm-none-eabi-nm'
# The board's UARTs besides UART0 (the kernel's console): cells' consoles.
UARTS = (1, 2, 3)
UART_DIR = os.path.join(TOP, 'build', 'uarts')  # ./cella run's sockets and logs


def board_arch(board):
    """The arch whose folder holds @board (arch/ARCH/board/BOARD), or ValueError."""
    for arch in sorted(os.listdir(os.path.join(TOP, 'arch'))):
        if os.path.isdir(os.path.join(TOP, 'arch', arch, 'board', board)):
            return arch
    raise ValueError('no board %s (arch/ARCH/board/%s)' % (board, board))


def board_images(board):
    """The product and test images `scons --board=@board` links."""
    out = os.path.join(TOP, 'build', board_arch(board))
    return os.path.join(out, 'cella.elf'), os.path.join(out, 'cella-test.elf')


def board_mem(board):
    """The RAM `./cella run` gives @board: its board.h's BOARD_QEMU_MEM, else DEFAULT_MEM."""
    if board == boardinfo.DEFAULT_BOARD:
        return DEFAULT_MEM
    return boardinfo.load(board_arch(board), board).get('BOARD_QEMU_MEM', DEFAULT_MEM)


def parse_mem(text):
    """'512M' / '1G' -> MiB, or raise ValueError with a readable reason."""
    m = re.fullmatch(r'(\d+)([MG])', text or '')
    if not m:
        raise ValueError("'%s' is not a size like 512M or 1G" % text)
    mib = int(m.group(1)) * (1024 if m.group(2) == 'G' else 1)
    if not MEM_MIN_MIB <= mib <= MEM_MAX_MIB or mib % 2:
        raise ValueError('%s is outside %dM..%dM (in 2M steps)'
                         % (text, MEM_MIN_MIB, MEM_MAX_MIB))
    return mib


def symbol_address(image, name):
    """Address of a symbol of the image (from the linker script)."""
    out = subprocess.run([NM, image], check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[2] == name:
            return int(fields[0], 16)
    raise LookupError('%s: no symbol %s' % (image, name))


def uart_socket(uart_dir, n):
    return os.path.join(uart_dir, 'uart%d.sock' % n)


def uart_log(uart_dir, n):
    return os.path.join(uart_dir, 'uart%d.log' % n)


def uart_args(uart_dir):
    """UART0 on QEMU's stdio; UART1-3 each on a socket in @uart_dir, logged beside it.

    A cell's console is the UART it is given: connect to uartN.sock to talk to
    it (what was printed while nobody listened is in uartN.log).
    """
    args = ['-serial', 'mon:stdio']
    for n in UARTS:
        args += ['-chardev', 'socket,id=uart%d,path=%s,server=on,wait=off,logfile=%s'
                 % (n, uart_socket(uart_dir, n), uart_log(uart_dir, n)),
                 '-serial', 'chardev:uart%d' % n]
    return args


def qemu_command(image=IMAGE, smp=DEFAULT_SMP, mem=DEFAULT_MEM, bootargs='',
                 machine=MACHINE, extra=(), uart_dir=None, board=None):
    """The QEMU command line and the temporary boot-argument file it loads.

    With @board (another board than the default), its machine and CPU come
    from its board.h (BOARD_QEMU_MACHINE, BOARD_QEMU_CPU) instead of @machine.

    The kernel reads its boot arguments (mem= first) from the address the
    linker script names __bootargs_base; QEMU's generic loader puts them there.
    With @uart_dir, UART1-3 are there as sockets (uart_args()).
    """
    args = ('mem=%s %s' % (mem, bootargs)).strip() + '\0'
    fd, path = tempfile.mkstemp(prefix='cella-bootargs-')
    with os.fdopen(fd, 'w') as f:
        f.write(args)
    base = symbol_address(image, '__bootargs_base')
    cpu = []
    if board:
        facts = boardinfo.load(board_arch(board), board)
        machine = facts['BOARD_QEMU_MACHINE']
        cpu = ['-cpu', facts['BOARD_QEMU_CPU']] if 'BOARD_QEMU_CPU' in facts else []
    cmd = ['qemu-system-arm', '-M', machine] + cpu + ['-smp', str(smp), '-m', mem,
           '-nographic', '-audiodev', 'none,id=snd0',
           '-global', 'pl041.audiodev=snd0', '-kernel', image,
           '-device', 'loader,file=%s,addr=0x%x,force-raw=on' % (path, base)]
    if uart_dir:
        cmd += uart_args(uart_dir)
    return cmd + list(extra), path


class BootTimeout(AssertionError):
    """A boot did not print what was expected in time."""


class Reader:
    """Text read from a file descriptor as it comes, matched line by line."""

    command = ''
    output = ''
    eof = False

    def _fd(self):
        raise NotImplementedError

    def _peers(self):
        """Everything of this boot that is read: all of it is drained whenever one is."""
        return [self]

    def _pull(self):
        """Append what is waiting; False at end of file."""
        data = os.read(self._fd(), 65536)
        if not data:
            self.eof = True
            return False
        self.output += data.decode('utf-8', 'replace').replace('\r', '')
        return True

    def _read_some(self, deadline):
        """Read what comes before @deadline from this or any peer; False if nothing did.

        Every connected UART of a boot is drained together: QEMU 7.2 stops the whole
        machine when a UART socket's client does not read (the device's write waits).
        """
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        peers = [r for r in self._peers() if not r.eof]
        if self not in peers:
            return False
        ready, _, _ = select.select([r._fd() for r in peers], [], [], left)
        got = False
        for r in peers:
            if r._fd() in ready:
                got = r._pull() or got
        return got and not self.eof

    def expect(self, pattern, timeout=30, start=0):
        """Wait until @pattern (a regex) matches in the complete lines from @start; the match."""
        regex = re.compile(pattern, re.M)
        deadline = time.monotonic() + timeout
        while True:
            m = regex.search(self.output, start, max(start, self.output.rfind('\n') + 1))
            if m:
                return m
            if not self._read_some(deadline):
                raise BootTimeout(self.failure('no match for %r within %ss'
                                               % (pattern, timeout)))

    def wait_until(self, check, timeout, what):
        """Read until @check(output) is true; fail naming @what after @timeout seconds."""
        deadline = time.monotonic() + timeout
        while not check(self.output):
            if not self._read_some(deadline):
                raise BootTimeout(self.failure('%s: not within %ss' % (what, timeout)))

    def read_for(self, seconds):
        """Keep reading for @seconds, whatever comes."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._read_some(deadline)

    def wait_for_text(self, text, timeout=30):
        """Wait until @text appears anywhere, even in an unfinished line (a prompt)."""
        self.wait_until(lambda output: text in output, timeout, 'no %r' % text)

    def run(self, line, result, prompt, timeout=30):
        """At @prompt type @line; the match of the regex @result in what follows."""
        self.wait_for_text(prompt, timeout)
        start = len(self.output)
        self.send(line + '\n')
        regex = re.compile(result, re.M)
        deadline = time.monotonic() + timeout
        while True:
            m = regex.search(self.output, start, max(start, self.output.rfind('\n') + 1))
            if m:
                return m
            if not self._read_some(deadline):
                raise BootTimeout(self.failure('no %r after typing %r within %ss'
                                               % (result, line, timeout)))

    def tail(self, lines=40):
        return '\n'.join(self.output.splitlines()[-lines:])

    def failure(self, why):
        return ('%s\n  command: %s\n  %s tail:\n%s'
                % (why, self.command, self.name, self.tail()))


class Uart(Reader):
    """A cell's console: UART @n of a boot, through its socket."""

    def __init__(self, boot, n, timeout=10):
        self.boot, self.name, self.command = boot, 'uart%d' % n, boot.command
        path = uart_socket(boot.uart_dir, n)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline or boot.proc.poll() is not None:
                    raise BootTimeout(boot.failure('%s did not appear' % path))
                time.sleep(0.05)
        self.output = ''

    def _fd(self):
        return self.sock.fileno()

    def _peers(self):
        return [self.boot] + self.boot._uarts

    def send(self, text):
        """Type @text into the UART's receiver."""
        self.sock.sendall(text.encode())

    def failure(self, why):
        return '%s\n  kernel console tail:\n%s' % (Reader.failure(self, why), self.boot.tail(15))

    def close(self):
        self.sock.close()


class Console(Reader):
    """A QEMU boot whose serial console (UART0) is read line by line.

    With uarts=True, UART1-3 are on sockets in a private directory:
    uart(n) connects to one (connect before the cell prints what you need).
    """

    name = 'console'

    def __init__(self, smp=DEFAULT_SMP, mem=DEFAULT_MEM, bootargs='',
                 machine=MACHINE, image=IMAGE, extra=(), uarts=False, board=None):
        self.uart_dir = tempfile.mkdtemp(prefix='cella-uarts-') if uarts else None
        cmd, argsfile = qemu_command(image, smp, mem, bootargs, machine, extra, self.uart_dir,
                                     board)
        self._start(cmd, argsfile)

    def _start(self, cmd, argsfile=None):
        """Run @cmd; @argsfile (a temporary file it reads) goes when it is closed."""
        self._argsfile = argsfile
        self._uarts = []
        self.command = ' '.join(cmd)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.output = ''

    def _fd(self):
        return self.proc.stdout.fileno()

    def _peers(self):
        return [self] + self._uarts

    def uart(self, n):
        """UART @n's socket, connected (it stays open until close())."""
        u = Uart(self, n)
        self._uarts.append(u)
        return u

    def send(self, text):
        """Type @text on the console: QEMU's stdin feeds UART0's receiver."""
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def close(self):
        for u in self._uarts:
            u.close()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()
        self.proc.stdin.close()
        if self._argsfile:
            os.unlink(self._argsfile)
        if getattr(self, 'uart_dir', None):
            shutil.rmtree(self.uart_dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
