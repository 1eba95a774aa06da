# SPDX-License-Identifier: MIT
"""Bundle a cell table and the images its cells name into a cell pack.

The pack (partition/include/cella/cellpack.h) is linked into the boot image
after the root task; the partition service finds entries by name. Usage:

    cellpack.py TABLE IMAGE_DIR OUT
"""

import os
import struct
import sys

MAGIC = b'CELLPACK'
NAME_LEN = 32
TABLE_ENTRY = 'celltable'
HEADER = struct.Struct('<8sII')
ENTRY = struct.Struct('<32sII')
CELL_RECORD = 88  # struct celltable_cell
CELLS_AT = 40     # header: u16 cell_count, then u32 cells_offset at 48


def image_names(table):
    """The image names the table's cells use, in cell order, each once."""
    count = struct.unpack_from('<H', table, CELLS_AT)[0]
    offset = struct.unpack_from('<I', table, 48)[0]
    names = []
    for i in range(count):
        raw = table[offset + i * CELL_RECORD + NAME_LEN:offset + i * CELL_RECORD + 2 * NAME_LEN]
        name = raw.split(b'\0', 1)[0].decode()
        if name not in names:
            names.append(name)
    return names


def image_file(image_dir, name):
    """NAME.elf, else NAME, as cellconf finds images."""
    for path in (os.path.join(image_dir, name + '.elf'), os.path.join(image_dir, name)):
        if os.path.isfile(path):
            return path
    raise FileNotFoundError('image %s not found in %s' % (name, image_dir))


def pack(table, blobs):
    """The pack bytes: the table first, then (name, bytes) of each image, 8-aligned."""
    entries = [(TABLE_ENTRY, table)] + blobs
    at = HEADER.size + ENTRY.size * len(entries)
    index, data = b'', b''
    for name, blob in entries:
        at += -at % 8
        data += b'\0' * (at - HEADER.size - ENTRY.size * len(entries) - len(data))
        index += ENTRY.pack(name.encode(), at, len(blob))
        data += blob
        at += len(blob)
    return HEADER.pack(MAGIC, len(entries), at) + index + data


def main(argv):
    if len(argv) != 3:
        sys.stderr.write('usage: cellpack.py TABLE IMAGE_DIR OUT\n')
        return 2
    table = open(argv[0], 'rb').read()
    try:
        blobs = [(n, open(image_file(argv[1], n), 'rb').read()) for n in image_names(table)]
    except FileNotFoundError as e:
        sys.stderr.write('cellpack: %s\n' % e)
        return 1
    with open(argv[2], 'wb') as f:
        f.write(pack(table, blobs))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
