# SPDX-License-Identifier: MIT
"""Boot a Cella image on QEMU: the one place that builds the QEMU command line.

Used by `./cella run`, `./cella debug` and the pytest integration tests, so
that what the tests boot is exactly what a user boots.
"""

import os
import re
import select
import subprocess
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARCH = 'armv7'
IMAGE = os.path.join(TOP, 'build', ARCH, 'cella.elf')
MACHINE = 'vexpress-a15,secure=on,virtualization=on'
DEFAULT_SMP = 4
DEFAULT_MEM = '1G'
MAX_SMP = 4  # cores on a CoreTile Express A15x4
MEM_MIN_MIB = 16
MEM_MAX_MIB = 2048  # vexpress-a15 RAM window
NM = 'arm-none-eabi-nm'


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


def qemu_command(image=IMAGE, smp=DEFAULT_SMP, mem=DEFAULT_MEM, bootargs='',
                 machine=MACHINE, extra=()):
    """The QEMU command line and the temporary boot-argument file it loads.

    The kernel reads its boot arguments (mem= first) from the address the
    linker script names __bootargs_base; QEMU's generic loader puts them there.
    """
    args = ('mem=%s %s' % (mem, bootargs)).strip() + '\0'
    fd, path = tempfile.mkstemp(prefix='cella-bootargs-')
    with os.fdopen(fd, 'w') as f:
        f.write(args)
    base = symbol_address(image, '__bootargs_base')
    cmd = ['qemu-system-arm', '-M', machine, '-smp', str(smp), '-m', mem,
           '-nographic', '-audiodev', 'none,id=snd0',
           '-global', 'pl041.audiodev=snd0', '-kernel', image,
           '-device', 'loader,file=%s,addr=0x%x,force-raw=on' % (path, base)]
    return cmd + list(extra), path


class BootTimeout(AssertionError):
    """A boot did not print what was expected in time."""


class Console:
    """A QEMU boot whose serial console is read line by line."""

    def __init__(self, smp=DEFAULT_SMP, mem=DEFAULT_MEM, bootargs='',
                 machine=MACHINE, image=IMAGE, extra=()):
        cmd, argsfile = qemu_command(image, smp, mem, bootargs, machine, extra)
        self._start(cmd, argsfile)

    def _start(self, cmd, argsfile=None):
        """Run @cmd; @argsfile (a temporary file it reads) goes when it is closed."""
        self._argsfile = argsfile
        self.command = ' '.join(cmd)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.output = ''

    def _read_some(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([self.proc.stdout], [], [], left)
        if not ready:
            return False
        data = os.read(self.proc.stdout.fileno(), 65536)
        if not data:
            return False
        self.output += data.decode('utf-8', 'replace').replace('\r', '')
        return True

    def expect(self, pattern, timeout=30):
        """Wait until @pattern (a regex) matches in the complete lines; return the match."""
        regex = re.compile(pattern, re.M)
        deadline = time.monotonic() + timeout
        while True:
            m = regex.search(self.output, 0, self.output.rfind('\n') + 1)
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
        """Keep reading the console for @seconds, whatever it prints."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._read_some(deadline)

    def send(self, text):
        """Type @text on the console: QEMU's stdin feeds UART0's receiver."""
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def tail(self, lines=40):
        return '\n'.join(self.output.splitlines()[-lines:])

    def failure(self, why):
        return ('%s\n  command: %s\n  console tail:\n%s'
                % (why, self.command, self.tail()))

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()
        self.proc.stdin.close()
        if self._argsfile:
            os.unlink(self._argsfile)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
