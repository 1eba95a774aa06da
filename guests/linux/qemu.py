# SPDX-License-Identifier: MIT
"""Boot the Linux guest natively (no Cella underneath) on qemu-system-arm -M vexpress-a15.

The one place that builds the QEMU command line for the Linux image, used
by `./cella linux boot|bench` and tests/qemu/test_linux.py. The console is
read like a Cella boot's (tools/cellaqemu.py), and can be typed into.
"""

import os
import shutil
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, 'tools'))

import cellaqemu  # noqa: E402

from . import image  # noqa: E402

# Secure world and all: every core starts at the firmware's entry in Secure SVC.
MACHINE = 'vexpress-a15,secure=on'
DEFAULT_SMP = 2
DEFAULT_MEM = '256M'
BOOTARGS = 'console=ttyAMA0 quiet'
ICOUNT = ['-icount', 'shift=0,align=off,sleep=off']
READY = r'^guest ready: (\d+) cpus, (\d+) MiB$'
PROMPT = 'cella-guest# '

# The firmware (guests/linux/firmware/, scons target linux-firmware) and
# the device trees made for each boot.
FIRMWARE = os.path.join(TOP, 'build', cellaqemu.ARCH, 'linux-firmware.elf')
BOOT_DTB_DIR = os.path.join(TOP, 'build', 'linux-native')
JOBS = '-j2'
# Linux's memory layout, the one QEMU's own Linux loader uses: zImage 64 KiB
# into RAM, the initramfs at half the RAM (at most 128 MiB in), the device
# tree on the next 4 KiB boundary after it.
RAM_BASE = 0x80000000
ZIMAGE_OFFSET = 0x10000
INITRD_OFFSET_MAX = 128 << 20
DTB_ALIGN = 0x1000


def build_firmware():
    """Build the firmware (scons: quick when it is up to date); its ELF."""
    cmd = ['scons', '-Q', '-s', JOBS, '-C', TOP, 'linux-firmware']
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError('building the firmware failed:\n' + r.stdout + r.stderr)
    return FIRMWARE


def cells(value):
    """@value as two 32-bit device-tree cells (the board's #address-cells and #size-cells)."""
    return [str(value >> 32), str(value & 0xffffffff)]


def boot_dtb(source, name, mib, initrd_start, initrd_end):
    """@source with what QEMU's Linux loader would fill in: memory, bootargs, the initramfs."""
    os.makedirs(BOOT_DTB_DIR, exist_ok=True)
    path = os.path.join(BOOT_DTB_DIR, name)
    tmp = '%s.%d' % (path, os.getpid())
    shutil.copy(source, tmp)
    image.fdtput('-t', 'u', tmp, '/memory', 'reg', *cells(RAM_BASE) + cells(mib << 20))
    image.fdtput('-t', 's', tmp, '/chosen', 'bootargs', BOOTARGS)
    image.fdtput('-t', 'u', tmp, '/chosen', 'linux,initrd-start', *cells(initrd_start))
    image.fdtput('-t', 'u', tmp, '/chosen', 'linux,initrd-end', *cells(initrd_end))
    os.replace(tmp, path)  # boots of the same image, cores and memory write the same file
    return path


def loader(path, addr):
    return ['-device', 'loader,file=%s,addr=%#x,force-raw=on' % (path, addr)]


def command(image_dir, smp=DEFAULT_SMP, mem=DEFAULT_MEM, extra=()):
    """The QEMU command line booting the image in @image_dir on @smp cores.

    QEMU starts the firmware on every core; the zImage, the initramfs and
    a device tree made for this boot (boot_dtb()) are put in place by QEMU's
    generic loader, and the firmware learns where from its boot record
    (fw_boot_record, guests/linux/firmware/firmware.h). Builds the firmware
    if needed.
    """
    files = {name: os.path.join(image_dir, name)
             for name in ('zImage', 'initramfs.cpio.gz', image.dtb_name(smp))}
    for path in files.values():
        if not os.path.exists(path):
            raise FileNotFoundError('%s is missing: run ./cella linux build' % path)
    firmware = build_firmware()
    record = cellaqemu.symbol_address(firmware, 'fw_boot_record')
    mib = cellaqemu.parse_mem(mem)
    initrd = RAM_BASE + min((mib << 20) // 2, INITRD_OFFSET_MAX)
    initrd_end = initrd + os.path.getsize(files['initramfs.cpio.gz'])
    dtb = (initrd_end + DTB_ALIGN - 1) & ~(DTB_ALIGN - 1)
    dtb_path = boot_dtb(files[image.dtb_name(smp)], '%s-smp%d-%dM.dtb'
                        % (os.path.basename(os.path.normpath(image_dir)), smp, mib),
                        mib, initrd, initrd_end)
    zimage = RAM_BASE + ZIMAGE_OFFSET
    return (['qemu-system-arm', '-M', MACHINE, '-smp', str(smp), '-m', mem, '-nographic',
             '-audiodev', 'none,id=snd0', '-global', 'pl041.audiodev=snd0',
             '-kernel', firmware]
            + loader(files['zImage'], zimage)
            + loader(files['initramfs.cpio.gz'], initrd)
            + loader(dtb_path, dtb)
            + ['-device', 'loader,addr=%#x,data=%#x,data-len=4' % (record, zimage),
               '-device', 'loader,addr=%#x,data=%#x,data-len=4' % (record + 4, dtb)]
            + list(extra))


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
