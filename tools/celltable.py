# SPDX-License-Identifier: MIT
"""Read a cell table (build/cells/NAME.bin) on the host: its cells and their devices.

The layout is partition/include/cella/celltable.h (docs/config.md): a
header, then arrays of cell, region, device and channel records at the
offsets it gives, little-endian. `./cella run` reads it to know which cell
owns which UART: the table is what the boot image carries, checked by
cellconf when it wrote it.
"""

import collections
import struct
import zlib

SIGNATURE = b'CELLATAB'
# The versions whose header, cell and device records are as below (2 changed
# only the channel record); tests/qemu/test_consoles.py checks celltable.h.
VERSIONS = (1, 2)
# struct celltable_header: signature, version, size, checksum, ncores, ram base and
# size, cell/region/device/channel counts, their offsets, platform.
HEADER = struct.Struct('<8sIIIIQQHHHHIIII32s')
CHECKSUM_AT = 16
# struct celltable_cell: name, image, cores, kmem_quota, kind, on_fault, prio_lo,
# prio_hi, first_region, region_count, first_device, device_count.
CELL = struct.Struct('<32s32sQIBBBBHHHH')
# struct celltable_device: name, base, size, irqs[4], irq_count, reserved[3].
DEVICE = struct.Struct('<32sQQ4HH3H')
KINDS = {0: 'native', 1: 'vm'}

Device = collections.namedtuple('Device', 'name base size')
Cell = collections.namedtuple('Cell', 'name image kind devices')


class TableError(Exception):
    """Not a cell table this reader understands."""


def _name(raw):
    return raw.split(b'\0', 1)[0].decode('ascii', 'replace')


def _header(data):
    if len(data) < HEADER.size:
        raise TableError('shorter than a header')
    h = HEADER.unpack_from(data)
    if h[0] != SIGNATURE:
        raise TableError('not a cell table')
    if h[1] not in VERSIONS:
        raise TableError('version %d (this reader knows %s)'
                         % (h[1], ', '.join(map(str, VERSIONS))))
    if h[2] != len(data):
        raise TableError('%d bytes, the header says %d' % (len(data), h[2]))
    zeroed = data[:CHECKSUM_AT] + b'\0\0\0\0' + data[CHECKSUM_AT + 4:]
    if zlib.crc32(zeroed) != h[3]:
        raise TableError('checksum mismatch')
    return h


def _record(data, fmt, offset, index):
    at = offset + index * fmt.size
    if at + fmt.size > len(data):
        raise TableError('a record past the end of the table')
    return fmt.unpack_from(data, at)


def parse(data):
    """The cells of the table @data (bytes), in table order, with their devices."""
    h = _header(data)
    cell_count, device_count, cells_at, devices_at = h[7], h[9], h[11], h[13]
    cells = []
    for i in range(cell_count):
        c = _record(data, CELL, cells_at, i)
        first, count = c[10], c[11]
        if first + count > device_count:
            raise TableError('cell %s: devices out of bounds' % _name(c[0]))
        devices = [Device(_name(d[0]), d[1], d[2])
                   for d in (_record(data, DEVICE, devices_at, first + k) for k in range(count))]
        cells.append(Cell(_name(c[0]), _name(c[1]), KINDS.get(c[4], '?'), devices))
    return cells


def read(path):
    """The cells of the table in the file @path; OSError or TableError."""
    with open(path, 'rb') as f:
        return parse(f.read())
