# SPDX-License-Identifier: MIT
"""tools/cellpack.py: the cell pack the partition service reads (cellpack.h),
built from a real table (cellconf build) and the image files it names."""

import os
import struct
import subprocess
import sys

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(TOP, 'build', 'host', 'cellconf', 'cellconf-asan')
PACKER = os.path.join(TOP, 'tools', 'cellpack.py')
IMAGES = os.path.join(TOP, 'tests', 'cellconf', 'images')
DESCRIPTION = os.path.join(TOP, 'partition', 'systems', 'native.yaml')


def run(*cmd):
    return subprocess.run(list(cmd), cwd=TOP, capture_output=True, text=True, timeout=60)


@pytest.fixture
def table(tmp_path):
    path = tmp_path / 'native.bin'
    r = run(TOOL, 'build', DESCRIPTION, '-o', str(path), '--images', IMAGES)
    assert r.returncode == 0, r.stderr
    return path


def entries(pack):
    magic, count, size = struct.unpack_from('<8sII', pack, 0)
    assert magic == b'CELLPACK' and size == len(pack)
    out = {}
    for i in range(count):
        name, offset, length = struct.unpack_from('<32sII', pack, 16 + 40 * i)
        assert offset % 8 == 0 and offset + length <= size
        out[name.rstrip(b'\0').decode()] = pack[offset:offset + length]
    return out


def test_pack_holds_the_table_and_each_image_once(table, tmp_path):
    out = tmp_path / 'cells.pack'
    r = run(sys.executable, PACKER, str(table), IMAGES, str(out))
    assert r.returncode == 0, r.stderr
    got = entries(out.read_bytes())
    assert list(got) == ['celltable', 'producer', 'consumer', 'faulty']
    assert got['celltable'] == table.read_bytes()
    for name in ('producer', 'consumer', 'faulty'):
        found = [f for f in (name + '.elf', name) if os.path.isfile(os.path.join(IMAGES, f))]
        assert got[name] == open(os.path.join(IMAGES, found[0]), 'rb').read()


def test_pack_fails_without_an_image(table, tmp_path):
    r = run(sys.executable, PACKER, str(table), str(tmp_path), str(tmp_path / 'cells.pack'))
    assert r.returncode == 1 and r.stderr.startswith('cellpack: image producer not found in ')
    assert not (tmp_path / 'cells.pack').exists()


def test_pack_usage():
    r = run(sys.executable, PACKER, 'only-one-argument')
    assert r.returncode == 2 and r.stderr.startswith('usage: cellpack.py')
