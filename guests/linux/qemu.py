# SPDX-License-Identifier: MIT
"""Boot the Linux guest natively (no Cella underneath) on qemu-system-arm -M vexpress-a15.

The one place that builds the QEMU command line for the Linux image, used
by `./cella linux boot|bench` and tests/qemu/test_linux.py. The console is
read like a Cella boot's (tools/cellaqemu.py), and can be typed into.
"""

import os
import re
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, 'tools'))

import cellaqemu  # noqa: E402

from . import image  # noqa: E402

MACHINE = 'vexpress-a15'
DEFAULT_SMP = 2
DEFAULT_MEM = '256M'
BOOTARGS = 'console=ttyAMA0 quiet'
ICOUNT = ['-icount', 'shift=0,align=off,sleep=off']
READY = r'^guest ready: (\d+) cpus, (\d+) MiB$'
PROMPT = 'cella-guest# '


def command(image_dir, smp=DEFAULT_SMP, mem=DEFAULT_MEM, extra=()):
    """The QEMU command line booting the image in @image_dir on @smp cores."""
    files = {name: os.path.join(image_dir, name)
             for name in ('zImage', 'initramfs.cpio.gz', image.dtb_name(smp))}
    for path in files.values():
        if not os.path.exists(path):
            raise FileNotFoundError('%s is missing: run ./cella linux build' % path)
    return ['qemu-system-arm', '-M', MACHINE, '-smp', str(smp), '-m', mem, '-nographic',
            '-audiodev', 'none,id=snd0', '-global', 'pl041.audiodev=snd0',
            '-kernel', files['zImage'], '-initrd', files['initramfs.cpio.gz'],
            '-dtb', files[image.dtb_name(smp)], '-append', BOOTARGS] + list(extra)


class Console(cellaqemu.Console):
    """A native Linux boot whose serial console is read and typed into."""

    def __init__(self, image_dir, smp=DEFAULT_SMP, mem=DEFAULT_MEM, extra=()):
        self._start(command(image_dir, smp, mem, extra))

    def type(self, line):
        """Type @line and Enter on the console."""
        self.send(line + '\n')

    def run(self, line, result, timeout=30):
        """Type @line at the shell's prompt; the match of the regex @result in what follows."""
        return cellaqemu.Console.run(self, line, result, PROMPT, timeout)
