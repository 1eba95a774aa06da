# SPDX-License-Identifier: MIT
"""Bundle a cell table and the images its cells name into a cell pack.

The pack (partition/include/cella/cellpack.h) is linked into the boot image
after the root task; the partition service finds entries by name. Usage:

    cellpack.py TABLE IMAGE_DIR OUT [VM_DIR]

Entries, in cell order, each once: `celltable`; a native cell's image
IMAGE (IMAGE_DIR/IMAGE.elf or IMAGE_DIR/IMAGE, as cellconf finds it); for a
VM cell booting a kernel image, its files from IMAGE_DIR under their own
names (`IMAGE.zImage` and `IMAGE.initrd` if there is one, else a raw boot
image `IMAGE.bin`), then `CELL.dtb` and `CELL.vmboot` (cella/vmboot.h) from
VM_DIR, where `cellconf build --dtb-dir VM_DIR` wrote them; any other VM
cell's image as a native one's, and its `CELL.dtb`.
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
KIND_AT = 76      # u8 kind in a cell record
KIND_VM = 1
# struct vmboot: magic, kernel addr/size, initrd addr/size, dtb addr/size, entry,
# pvpanic page, reserved
VMBOOT = struct.Struct('<10I')
VMBOOT_MAGIC = 0x54424d56
# Kernel images as cellconf looks for them, in order; only a zImage has an initrd.
ZIMAGE, RAW, INITRD = '.zImage', '.bin', '.initrd'


class PackError(Exception):
    pass


def cells(table):
    """(name, image, is_vm) of each cell of the table, in order."""
    count = struct.unpack_from('<H', table, CELLS_AT)[0]
    offset = struct.unpack_from('<I', table, 48)[0]
    out = []
    for i in range(count):
        rec = table[offset + i * CELL_RECORD:offset + (i + 1) * CELL_RECORD]
        name, image = (rec[k:k + NAME_LEN].split(b'\0', 1)[0].decode() for k in (0, NAME_LEN))
        out.append((name, image, rec[KIND_AT] == KIND_VM))
    return out


def image_file(image_dir, name):
    """NAME.elf, else NAME, as cellconf finds images."""
    for path in (os.path.join(image_dir, name + '.elf'), os.path.join(image_dir, name)):
        if os.path.isfile(path):
            return path
    raise PackError('image %s not found in %s' % (name, image_dir))


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def vm_file(vm_dir, name):
    if vm_dir is None:
        raise PackError('the table has VM cells: give the directory of their device trees '
                        '(VM_DIR)')
    path = os.path.join(vm_dir, name)
    if not os.path.isfile(path):
        raise PackError('%s not found in %s (cellconf build --dtb-dir writes it)'
                        % (name, vm_dir))
    return read(path)


def check_record(cell, record, sizes):
    """The boot record must describe exactly the files packed with it."""
    if len(record) != VMBOOT.size or VMBOOT.unpack(record)[0] != VMBOOT_MAGIC:
        raise PackError('%s.vmboot is not a boot record' % cell)
    _, _, kernel, _, initrd, _, dtb, _, _, _ = VMBOOT.unpack(record)
    if (kernel, initrd, dtb) != sizes:
        raise PackError('%s.vmboot was made for other files (kernel, initrd, device tree of '
                        '%d, %d, %d bytes; packed: %d, %d, %d): run cellconf build again'
                        % ((cell, kernel, initrd, dtb) + sizes))


def kernel_suffix(image_dir, image):
    """ZIMAGE or RAW: the kernel image IMAGE has in IMAGE_DIR, None if it has none."""
    for suffix in (ZIMAGE, RAW):
        if os.path.isfile(os.path.join(image_dir, image + suffix)):
            return suffix
    return None


def kernel_entries(image_dir, vm_dir, cell, image, suffix):
    """Blobs of a VM cell booting IMAGE+SUFFIX: the image's files, its tree and record."""
    kernel = read(os.path.join(image_dir, image + suffix))
    initrd_path = os.path.join(image_dir, image + INITRD)
    initrd = read(initrd_path) if suffix == ZIMAGE and os.path.isfile(initrd_path) else None
    dtb, record = vm_file(vm_dir, cell + '.dtb'), vm_file(vm_dir, cell + '.vmboot')
    check_record(cell, record, (len(kernel), len(initrd or b''), len(dtb)))
    image_blobs = [(image + suffix, kernel)]
    if initrd is not None:
        image_blobs.append((image + INITRD, initrd))
    return image_blobs, [(cell + '.dtb', dtb), (cell + '.vmboot', record)]


def blobs(table, image_dir, vm_dir):
    """(name, bytes) of every entry after the table, in cell order, images once."""
    out = []
    for cell, image, vm in cells(table):
        suffix = kernel_suffix(image_dir, image) if vm else None
        if suffix:
            images, own = kernel_entries(image_dir, vm_dir, cell, image, suffix)
        else:
            images = [(image, read(image_file(image_dir, image)))]
            own = [(cell + '.dtb', vm_file(vm_dir, cell + '.dtb'))] if vm else []
        out += [b for b in images if b[0] not in [n for n, _ in out]] + own
    return out


def pack(table, entries_after):
    """The pack bytes: the table first, then each (name, bytes), 8-aligned."""
    entries = [(TABLE_ENTRY, table)] + entries_after
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
    if len(argv) not in (3, 4):
        sys.stderr.write('usage: cellpack.py TABLE IMAGE_DIR OUT [VM_DIR]\n')
        return 2
    table = read(argv[0])
    try:
        out = pack(table, blobs(table, argv[1], argv[3] if len(argv) == 4 else None))
    except (PackError, OSError) as e:
        sys.stderr.write('cellpack: %s\n' % e)
        return 1
    with open(argv[2], 'wb') as f:
        f.write(out)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
