# SPDX-License-Identifier: MIT
"""VM cells booting a kernel image: partition/systems/linux.yaml (a zImage)
and partition/systems/rtos.yaml (a raw boot image) built by cellconf, their
device trees read back with dtc, their boot records (cella/vmboot.h)
against the layout and the tree, and the cell packs tools/cellpack.py
makes of them. Stand-ins for linux.zImage, linux.initrd and rtos.bin
(sizes like the real ones) keep it independent of the guests' builds."""

import os
import re
import struct
import subprocess
import sys

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(TOP, 'build', 'host', 'cellconf', 'cellconf-asan')
PACKER = os.path.join(TOP, 'tools', 'cellpack.py')
IMAGES = os.path.join(TOP, 'tests', 'cellconf', 'images')
LINUX = os.path.join(TOP, 'partition', 'systems', 'linux.yaml')
LINUX1 = os.path.join(TOP, 'tests', 'qemu', 'systems', 'linux1.yaml')
RTOS = os.path.join(TOP, 'partition', 'systems', 'rtos.yaml')
KERNEL_SIZE, INITRD_SIZE = 1602545, 1198867  # odd sizes: the initrd end is not rounded
RTOS_SIZE = 27101
VMBOOT = struct.Struct('<10I')
PVPANIC = 0x2d040000  # partition/platforms/vexpress-a15.yaml
MAGIC = 0x54424d56
M = 1 << 20


def run(*cmd):
    return subprocess.run(list(cmd), cwd=TOP, capture_output=True, text=True, timeout=60)


@pytest.fixture
def images(tmp_path):
    d = tmp_path / 'images'
    d.mkdir()
    (d / 'linux.zImage').write_bytes(b'K' * KERNEL_SIZE)
    (d / 'linux.initrd').write_bytes(b'I' * INITRD_SIZE)
    (d / 'rtos.bin').write_bytes(b'R' * RTOS_SIZE)
    return d


def build(tmp_path, images, desc):
    out = tmp_path / 'vm'
    r = run(TOOL, 'build', desc, '-o', str(tmp_path / 'cells.bin'), '--dtb-dir', str(out),
            '--images', str(images), '--images', IMAGES)
    assert (r.returncode, r.stderr) == (0, '')
    return out


def record(path):
    fields = VMBOOT.unpack(path.read_bytes())
    return dict(zip(('magic', 'kernel_addr', 'kernel_size', 'initrd_addr', 'initrd_size',
                     'dtb_addr', 'dtb_size', 'entry', 'pvpanic_addr', 'reserved'), fields))


def dts(path):
    r = run('dtc', '-I', 'dtb', '-O', 'dts', str(path))
    assert r.returncode == 0, r.stderr
    return r.stdout


def cells(text):
    """<0x01 0x0d ...> as numbers."""
    return [int(v, 16) for v in text.split()]


def prop(tree, name):
    m = re.search(r'^\s*%s = <([^>]*)>;$' % re.escape(name), tree, re.M)
    assert m, name + ' missing'
    return cells(m.group(1))


def test_linux_cell_layout_in_its_boot_record(tmp_path, images):
    out = build(tmp_path, images, LINUX)
    assert sorted(p.name for p in out.iterdir()) == ['linux.dtb', 'linux.vmboot']
    v = record(out / 'linux.vmboot')
    base = 0x88000000  # the first 128M-aligned free RAM (64M are reserved)
    assert v == {'magic': MAGIC, 'kernel_addr': base + 32 * M, 'kernel_size': KERNEL_SIZE,
                 'initrd_addr': base + 128 * M + 64 * 1024, 'initrd_size': INITRD_SIZE,
                 'dtb_addr': base + 128 * M, 'dtb_size': (out / 'linux.dtb').stat().st_size,
                 'entry': base + 32 * M, 'pvpanic_addr': PVPANIC, 'reserved': 0}


def test_small_cell_puts_its_device_tree_at_half_its_memory(tmp_path, images):
    v = record(build(tmp_path, images, LINUX1) / 'linux.vmboot')
    assert v['dtb_addr'] == 0x88000000 + 64 * M
    assert v['initrd_addr'] == v['dtb_addr'] + 64 * 1024


def test_linux_device_tree_is_what_linux_needs(tmp_path, images):
    out = build(tmp_path, images, LINUX)
    v = record(out / 'linux.vmboot')
    t = dts(out / 'linux.dtb')
    assert 'compatible = "cella,vm";' in t
    psci = re.search(r'psci \{(.*?)\};', t, re.S).group(1)
    assert 'compatible = "arm,psci-1.0\\0arm,psci-0.2";' in psci
    assert 'method = "hvc";' in psci
    cpus = re.findall(r'cpu@(\d+) \{(.*?)\};', t, re.S)
    assert [c for c, _ in cpus] == ['1', '2']
    for core, body in cpus:
        assert 'enable-method = "psci";' in body
        assert 'reg = <0x%02x>;' % int(core) in body
    gic = re.search(r'interrupt-controller@2c001000 \{(.*?)\};', t, re.S).group(1)
    assert 'compatible = "arm,cortex-a15-gic";' in gic
    assert cells(re.search(r'reg = <([^>]*)>', gic).group(1)) == [0, 0x2c001000, 0, 0x1000,
                                                                   0, 0x2c002000, 0, 0x2000]
    timer = re.search(r'timer \{(.*?)\};', t, re.S).group(1)
    assert 'compatible = "arm,armv7-timer";' in timer
    ppis = cells(re.search(r'interrupts = <([^>]*)>', timer).group(1))
    # secure, non-secure, virtual (27), hyp: PPI, level-low, mask of the cell's 2 cores
    assert ppis == [1, 13, 0x308, 1, 14, 0x308, 1, 11, 0x308, 1, 10, 0x308]
    chosen = re.search(r'chosen \{(.*?)\};', t, re.S).group(1)
    assert 'stdout-path = "/uart1@1c0a0000";' in chosen
    assert 'bootargs = "console=ttyAMA0";' in chosen
    start = prop(chosen, 'linux,initrd-start')
    end = prop(chosen, 'linux,initrd-end')
    assert start == [0, v['initrd_addr']]
    assert end == [0, v['initrd_addr'] + v['initrd_size']]
    assert 'serial0 = "/uart1@1c0a0000";' in t
    assert re.findall(r'memory@([0-9a-f]+) \{', t) == ['88000000']
    assert 'reg = <0x00 0x88000000 0x00 0x10000000>;' in t
    assert 'uart1@1c0a0000 {' in t and 'uart2@' not in t
    assert 'arm,vexpress' not in t and '1c010000' not in t  # no motherboard registers
    # The pvpanic page, for Linux's pvpanic-mmio driver, in the tree and the record.
    pvpanic = re.search(r'pvpanic@%x \{(.*?)\};' % PVPANIC, t, re.S).group(1)
    assert 'compatible = "qemu,pvpanic-mmio";' in pvpanic
    assert 'reg = <0x00 0x%x 0x00 0x02>;' % PVPANIC in pvpanic
    assert v['pvpanic_addr'] == PVPANIC and v['reserved'] == 0


def test_default_bootargs_when_none_given(tmp_path, images):
    t = dts(build(tmp_path, images, LINUX1) / 'linux.dtb')
    assert 'bootargs = "console=ttyAMA0";' in t


def entries(pack):
    magic, count, size = struct.unpack_from('<8sII', pack, 0)
    assert magic == b'CELLPACK' and size == len(pack)
    out = {}
    for i in range(count):
        name, offset, length = struct.unpack_from('<32sII', pack, 16 + 40 * i)
        assert offset % 8 == 0 and offset + length <= size
        out[name.rstrip(b'\0').decode()] = pack[offset:offset + length]
    return out


def pack_images(tmp_path, images):
    """One directory with the stand-ins and the native images, as the build has it."""
    for name in os.listdir(IMAGES):
        (images / name).write_bytes(open(os.path.join(IMAGES, name), 'rb').read())
    return images


TWO_LINUX = '''platform: vexpress-a15
cells:
  second: {kind: vm, image: linux, cores: [3], memory: 128M, priority: 1}
  linux: {kind: vm, image: linux, cores: [1, 2], memory: 256M, priority: 1, devices: [uart1]}
  consumer: {kind: native, image: consumer, cores: [0], memory: 1M, priority: 1}
'''


def test_pack_holds_the_kernel_image_once_and_each_cells_tree_and_record(tmp_path, images):
    pack_images(tmp_path, images)
    desc = tmp_path / 'two.yaml'
    desc.write_text(TWO_LINUX)
    out = build(tmp_path, images, str(desc))
    pack = tmp_path / 'cells.pack'
    r = run(sys.executable, PACKER, str(tmp_path / 'cells.bin'), str(images), str(pack), str(out))
    assert (r.returncode, r.stderr) == (0, '')
    got = entries(pack.read_bytes())
    assert list(got) == ['celltable', 'linux.zImage', 'linux.initrd', 'second.dtb',
                         'second.vmboot', 'linux.dtb', 'linux.vmboot', 'consumer']
    assert got['linux.zImage'] == b'K' * KERNEL_SIZE
    assert got['linux.initrd'] == b'I' * INITRD_SIZE
    for cell in ('linux', 'second'):
        assert got[cell + '.dtb'] == (out / (cell + '.dtb')).read_bytes()
        assert got[cell + '.vmboot'] == (out / (cell + '.vmboot')).read_bytes()


def test_pack_of_linux_yaml(tmp_path, images):
    pack_images(tmp_path, images)
    out = build(tmp_path, images, LINUX)
    pack = tmp_path / 'cells.pack'
    r = run(sys.executable, PACKER, str(tmp_path / 'cells.bin'), str(images), str(pack), str(out))
    assert (r.returncode, r.stderr) == (0, '')
    assert list(entries(pack.read_bytes())) == ['celltable', 'linux.zImage', 'linux.initrd',
                                                'linux.dtb', 'linux.vmboot', 'producer',
                                                'consumer']


def test_pack_refuses_a_record_made_for_other_files(tmp_path, images):
    pack_images(tmp_path, images)
    out = build(tmp_path, images, LINUX)
    (images / 'linux.initrd').write_bytes(b'I' * (INITRD_SIZE + 1))
    r = run(sys.executable, PACKER, str(tmp_path / 'cells.bin'), str(images),
            str(tmp_path / 'cells.pack'), str(out))
    assert r.returncode == 1
    assert r.stderr.startswith('cellpack: linux.vmboot was made for other files')
    r = run(sys.executable, PACKER, str(tmp_path / 'cells.bin'), str(images),
            str(tmp_path / 'cells.pack'))
    assert r.returncode == 1 and 'give the directory of their device trees' in r.stderr


def test_cell_without_an_initrd_gets_none(tmp_path, images):
    (images / 'linux.initrd').unlink()
    out = build(tmp_path, images, LINUX1)
    v = record(out / 'linux.vmboot')
    assert (v['initrd_addr'], v['initrd_size']) == (0, 0)
    assert 'linux,initrd' not in dts(out / 'linux.dtb')


def test_layout_that_does_not_fit_names_the_cell(tmp_path, images):
    (images / 'linux.zImage').write_bytes(b'K' * (40 * M))
    r = run(TOOL, 'check', LINUX1, '--images', str(images))
    assert r.returncode == 1
    assert ("error: cell 'linux' cannot hold its kernel, device tree and initrd in 128M: "
            "kernel 0x8a000000-0x8c7fffff (linux.zImage), device tree 0x8c000000-0x8c00ffff, "
            "initrd 0x8c010000-") in r.stderr
    assert r.stderr.rstrip().endswith('valid: a first region of at least 144M')


def test_raw_boot_image_at_its_base_and_its_tree_in_the_last_slot(tmp_path, images):
    out = build(tmp_path, images, RTOS)
    assert sorted(p.name for p in out.iterdir()) == ['rtos.dtb', 'rtos.vmboot']
    base = 0x84000000  # 16M on the first free 2M (1M would do)
    assert record(out / 'rtos.vmboot') == {
        'magic': MAGIC, 'kernel_addr': base, 'kernel_size': RTOS_SIZE, 'initrd_addr': 0,
        'initrd_size': 0, 'dtb_addr': base + 16 * M - 64 * 1024,
        'dtb_size': (out / 'rtos.dtb').stat().st_size, 'entry': base,
        'pvpanic_addr': PVPANIC, 'reserved': 0}


def test_raw_boot_image_device_tree_is_what_the_rtos_reads(tmp_path, images):
    t = dts(build(tmp_path, images, RTOS) / 'rtos.dtb')
    chosen = re.search(r'chosen \{(.*?)\};', t, re.S).group(1)
    assert 'stdout-path = "/uart1@1c0a0000";' in chosen and 'linux,initrd' not in chosen
    gic = re.search(r'interrupt-controller@2c001000 \{(.*?)\};', t, re.S).group(1)
    assert cells(re.search(r'reg = <([^>]*)>', gic).group(1)) == [0, 0x2c001000, 0, 0x1000,
                                                                   0, 0x2c002000, 0, 0x2000]
    timer = re.search(r'timer \{(.*?)\};', t, re.S).group(1)
    assert cells(re.search(r'interrupts = <([^>]*)>', timer).group(1))[6:9] == [1, 11, 0x108]
    sp804 = re.search(r'timer01@1c110000 \{(.*?)\};', t, re.S).group(1)
    assert 'compatible = "arm,sp804\\0arm,primecell";' in sp804
    assert 'interrupts = <0x00 0x02 0x04>;' in sp804  # SPI 2: GIC ID 34
    assert re.findall(r'cpu@(\d+) \{', t) == ['1']
    assert 'reg = <0x00 0x84000000 0x00 0x1000000>;' in t


def test_pack_of_rtos_yaml_has_the_raw_image_and_no_initrd(tmp_path, images):
    pack_images(tmp_path, images)
    (images / 'rtos.bin').write_bytes(b'R' * RTOS_SIZE)  # pack_images() brought the corpus's
    (images / 'rtos.initrd').write_bytes(b'I' * 100)  # not a zImage's: not used
    out = build(tmp_path, images, RTOS)
    pack = tmp_path / 'cells.pack'
    r = run(sys.executable, PACKER, str(tmp_path / 'cells.bin'), str(images), str(pack), str(out))
    assert (r.returncode, r.stderr) == (0, '')
    got = entries(pack.read_bytes())
    assert list(got) == ['celltable', 'rtos.bin', 'rtos.dtb', 'rtos.vmboot', 'producer',
                         'consumer']
    assert got['rtos.bin'] == b'R' * RTOS_SIZE


def test_a_zimage_comes_before_a_raw_image_of_the_same_name(tmp_path, images):
    (images / 'linux.bin').write_bytes(b'B' * 100)
    v = record(build(tmp_path, images, LINUX1) / 'linux.vmboot')
    assert (v['kernel_addr'], v['kernel_size']) == (0x88000000 + 32 * M, KERNEL_SIZE)
