# SPDX-License-Identifier: MIT
"""cellconf from the command line: the corpus of bad and good descriptions,
show, plan, and the table and device trees `build` writes (checked with dtc).

Runs the sanitized build (build/host/cellconf/cellconf-asan) from the top of
the tree, so that file names in messages are the relative ones in the .err files.
"""

import glob
import os
import re
import struct
import subprocess

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(TOP, 'build', 'host', 'cellconf', 'cellconf-asan')
HERE = 'tests/cellconf'
IMAGES = HERE + '/images'
BAD = sorted(glob.glob(os.path.join(TOP, HERE, 'bad', '*.yaml')))
GOOD = sorted(glob.glob(os.path.join(TOP, HERE, 'good', '*.yaml')))
ERROR_LINE = re.compile(r'^[^:]+:\d+:\d+: error: \S.*$')


def cellconf(*args, images=IMAGES):
    cmd = [TOOL] + list(args)
    if images:
        cmd += ['--images', images]
    return subprocess.run(cmd, cwd=TOP, capture_output=True, text=True, timeout=60)


def rel(path):
    return os.path.relpath(path, TOP)


def test_corpus_is_large_enough():
    assert len(BAD) >= 25
    assert len(GOOD) >= 3


@pytest.mark.parametrize('path', BAD, ids=lambda p: os.path.basename(p)[:-5])
def test_bad_description_gives_its_exact_errors(path):
    expected = open(path[:-5] + '.err').read()
    r = cellconf('check', rel(path))
    assert r.returncode == 1
    assert r.stdout == ''
    assert r.stderr == expected
    lines = r.stderr.splitlines()
    assert lines and all(ERROR_LINE.match(line) for line in lines)
    assert all(line.startswith(rel(path) + ':') for line in lines)


@pytest.mark.parametrize('path', GOOD, ids=lambda p: os.path.basename(p)[:-5])
def test_good_description_passes(path):
    cells = re.search(r'^# expect: (\d+) cells$', open(path).read(), re.M).group(1)
    r = cellconf('check', rel(path))
    assert (r.returncode, r.stderr) == (0, '')
    assert r.stdout == '%s: ok, %s cells\n' % (rel(path), cells)


def test_default_description_passes():
    r = cellconf('check', 'partition/systems/default.yaml')
    assert (r.returncode, r.stderr) == (0, '')
    assert r.stdout == 'partition/systems/default.yaml: ok, 3 cells\n'


def test_default_description_shares_core_0_and_leaves_memory_free():
    """The RTOS on core 0 above the service, two Linux cells, room left in 1G."""
    r = cellconf('show', 'partition/systems/default.yaml')
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for core, cell in ((0, 'rtos'), (1, 'linux-a'), (2, 'linux-a'), (3, 'linux-b')):
        assert re.search(r'^  core %d +%s$' % (core, cell), out, re.M), out
    assert re.search(r'^  rtos +vm +image rtos, cores 0, priority 110\.\.120,', out, re.M)
    free = re.search(r'^  0x[0-9a-f]+-0xbfffffff +(\d+)([KM])  free$', out, re.M)
    assert free and int(free.group(1)) << (10 if free.group(2) == 'M' else 0) >= 256 << 10, out
    assert re.search(r'^  telemetry +rtos rw, linux-a ro, 16K at 0x[0-9a-f]+, doorbell$', out,
                     re.M)
    assert re.search(r'^  link +linux-a rw, linux-b rw, 64K at 0x[0-9a-f]+, doorbell$', out,
                     re.M)


def test_native_description_passes():
    r = cellconf('check', 'partition/systems/native.yaml')
    assert (r.returncode, r.stdout, r.stderr) == (0, 'partition/systems/native.yaml: ok, '
                                                     '3 cells\n', '')


def test_missing_image_directory_is_an_error():
    r = cellconf('check', 'partition/systems/native.yaml', images='/nonexistent')
    assert r.returncode == 1
    assert r.stderr.count('error: image ') == 3
    assert "no file producer.elf or producer in /nonexistent" in r.stderr


def test_show_maps_cores_memory_and_channels():
    r = cellconf('show', 'partition/systems/native.yaml')
    assert r.returncode == 0
    out = r.stdout
    assert re.search(r'^cache domain: L2 #0 \(2 MiB, cores 0-3\)$', out, re.M)
    assert re.search(r'^  core 0 +\(no cell\)$', out, re.M)
    for core, cell in ((1, 'producer'), (2, 'consumer'), (3, 'faulty')):
        assert re.search(r'^  core %d +%s$' % (core, cell), out, re.M)
    assert re.search(r'^  0x80000000-0x83ffffff +64M  reserved kernel$', out, re.M)
    assert re.search(r'^  0x84000000-0x840fffff +1M  cell producer \(placed\)$', out, re.M)
    assert re.search(r'^  stream +producer rw, consumer ro, 64K at 0x[0-9a-f]+, doorbell$',
                     out, re.M)


def test_show_lists_every_cell_of_a_shared_core():
    r = cellconf('show', 'tests/cellconf/good/shared-core.yaml')
    assert r.returncode == 0, r.stderr
    assert re.search(r'^  core 1 +rtos, linux, tool$', r.stdout, re.M)
    assert re.search(r'^  core 2 +tool$', r.stdout, re.M)


@pytest.mark.parametrize('topo', ['server16.synthetic', 'server64.xml',
                                  'Package:8 L3Cache:1 L2Cache:2 Core:4 PU:1'])
def test_plan_keeps_each_cell_in_one_cache_domain(topo):
    r = cellconf('plan', '--topology', topo, HERE + '/good/design-example.yaml')
    assert (r.returncode, r.stderr) == (0, '')
    placed = re.findall(r'^  (\S+) +\d cores? -> cores? \S+ in L\d #\d+ .*: (.+)$', r.stdout,
                        re.M)
    assert sorted(name for name, _ in placed) == ['linux-a', 'linux-b', 'rtos']
    assert 'it holds a channel peer' in dict(placed)['rtos']


def test_plan_reports_a_cell_it_cannot_place():
    r = cellconf('plan', '--topology', 'Package:1 Core:2 PU:1',
                 HERE + '/good/design-example.yaml')
    assert r.returncode == 1
    assert 'not placed: only 0 cores left free' in r.stdout


def test_usage_errors():
    assert cellconf(images=None).returncode == 2
    assert cellconf('frobnicate', 'x.yaml').returncode == 2
    assert cellconf('plan', HERE + '/good/one-cell.yaml').returncode == 2
    assert cellconf('build', HERE + '/good/one-cell.yaml').returncode == 2
    r = cellconf('plan', '--topology', 'no-such-topology', HERE + '/good/one-cell.yaml')
    assert r.returncode == 2 and 'no-such-topology' in r.stderr


def dts(path):
    r = subprocess.run(['dtc', '-I', 'dtb', '-O', 'dts', path], capture_output=True,
                       text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    return r.stdout


def build(tmp_path, desc):
    table = tmp_path / 'cells.bin'
    r = cellconf('build', desc, '-o', str(table), '--dtb-dir', str(tmp_path / 'dtb'))
    assert (r.returncode, r.stdout, r.stderr) == (0, '', '')
    return table.read_bytes()


def test_build_writes_a_table_with_signature_size_and_checksum(tmp_path):
    data = build(tmp_path, HERE + '/good/design-example.yaml')
    sig, version, size, checksum, ncores = struct.unpack_from('<8sIIII', data)
    assert (sig, version, size, ncores) == (b"CELLATAB", 2, len(data), 4)
    import zlib
    zeroed = data[:16] + b'\0\0\0\0' + data[20:]
    assert zlib.crc32(zeroed) == checksum
    cells = struct.unpack_from('<HHHH', data, 40)
    assert cells == (3, 3, 3, 1)


def test_native_cells_get_no_device_tree(tmp_path):
    build(tmp_path, 'partition/systems/native.yaml')
    assert not list((tmp_path / 'dtb').iterdir())


def test_vm_device_trees_describe_exactly_their_cell(tmp_path):
    build(tmp_path, HERE + '/good/design-example.yaml')
    dtbs = sorted(p.name for p in (tmp_path / 'dtb').iterdir())
    # rtos.bin is a raw boot image: its cell has a boot record too (test_vmcell.py)
    assert dtbs == ['linux-a.dtb', 'linux-b.dtb', 'rtos.dtb', 'rtos.vmboot']
    a = dts(str(tmp_path / 'dtb' / 'linux-a.dtb'))
    assert re.findall(r'cpu@(\d+) \{', a) == ['1', '2']
    assert a.count('enable-method = "psci";') == 2
    assert 'method = "hvc";' in a
    assert re.findall(r'memory@([0-9a-f]+) \{', a) == ['85000000']
    assert 'reg = <0x00 0x85000000 0x00 0x6000000>;' in a
    assert 'uart2@1c0b0000 {' in a and 'interrupts = <0x00 0x07 0x04>;' in a
    assert 'uart1@' not in a and 'uart3@' not in a
    assert 'telemetry@' in a and 'cella,access = "ro";' in a and 'cella,doorbell;' in a
    rtos = dts(str(tmp_path / 'dtb' / 'rtos.dtb'))
    assert re.findall(r'cpu@(\d+) \{', rtos) == ['0']
    assert 'cella,access = "rw";' in rtos and 'cella,peer = "linux-a";' in rtos
    b = dts(str(tmp_path / 'dtb' / 'linux-b.dtb'))
    assert re.findall(r'cpu@(\d+) \{', b) == ['3']
    assert 'telemetry' not in b and 'uart3@1c0c0000' in b


PLATFORM_ERRORS = {
    'bad-ram': "bad-ram.yaml:13:31: error: ram size '1000' is not a non-zero multiple of 4K "
               "(the page size)",
    'bad-irq': 'bad-irq.yaml:34:18: error: irq 20 is not a device interrupt of this platform; '
               'valid: 32 to 1019 (device-irqs)',
    'bad-topology': "bad-topology.yaml:10:11: error: topology: 'Package:0 Bogus:3' is neither "
                    "an hwloc XML file, nor a file with an hwloc synthetic description, nor "
                    "such a description",
    'bad-key': "bad-key.yaml:21:1: error: unknown key 'kernel-memroy' in the platform; valid "
               "keys: platform, topology, ram, reserved, kernel-memory, virtualization, "
               "device-irqs, interrupt-controller, timer-ppis, devices, doorbells, pvpanic",
    'doorbells-in-ram': "doorbells-in-ram.yaml:57:12: error: doorbells window 0x80100000 (64 "
                        "pages) overlaps RAM; valid: addresses nothing on the board uses",
    'pvpanic-in-window': "pvpanic-in-window.yaml:58:10: error: pvpanic page 0x2d03f000 is in "
                         "the doorbells window; valid: outside 0x2d000000..0x2d03ffff",
    'dup-device': "dup-device.yaml:35:3: error: duplicate device 'uart1' (first at line 33)",
    'wrong-name': "wrong-name.yaml:6:11: error: platform 'other-name' in a file for "
                  "'wrong-name'; valid: wrong-name",
    'overlap': "overlap.yaml:35:3: error: device 'uart2' overlaps device uart1",
    'reserved-outside': "reserved-outside.yaml:18:5: error: reserved range 'kernel' is "
                        "outside RAM",
    'gic-without-virtualization': "gic-without-virtualization.yaml:14:23: error: "
                                  "interrupt-controller with virtualization: false: it is only "
                                  "for VM cells; valid: no interrupt-controller",
    'no-gic': "no-gic.yaml:1:1: error: the platform has no interrupt-controller; valid: one, "
              "for VM cells, or virtualization: false",
    'vic-irq-below-range': "vic-irq-below-range.yaml:16:73: error: irq 4 is not a device "
                           "interrupt of this platform; valid: 5 to 31 (device-irqs)",
    'irqc-no-compatible': "irqc-no-compatible.yaml:24:23: error: interrupt-controller has no "
                          "'compatible' key; it is required",
}


@pytest.mark.parametrize('platform', sorted(PLATFORM_ERRORS))
def test_bad_platform_file_is_reported_where_it_is_wrong(platform, tmp_path):
    desc = tmp_path / 'desc.yaml'
    desc.write_text('platform: %s\ncells:\n  a: {kind: native, image: producer, cores: [0], '
                    'memory: 4K, priority: 1}\n' % platform)
    r = cellconf('check', '--platforms', HERE + '/platforms', str(desc))
    assert r.returncode == 1 and r.stdout == ''
    assert HERE + '/platforms/' + PLATFORM_ERRORS[platform] in r.stderr.splitlines()


def cella(*args):
    return subprocess.run([os.path.join(TOP, 'cella')] + list(args), cwd=TOP,
                          capture_output=True, text=True, timeout=600)


def test_cella_cellconf_runs_the_tool_with_nothing_else_on_stdout():
    r = cella('cellconf', 'check', '--images', IMAGES, 'partition/systems/default.yaml')
    assert (r.returncode, r.stdout) == (0, 'partition/systems/default.yaml: ok, 3 cells\n')
    r = cella('cellconf', 'check', '--images', IMAGES, HERE + '/bad/core-missing.yaml')
    assert r.returncode == 1 and r.stdout == ''
    assert r.stderr.endswith(open(os.path.join(TOP, HERE, 'bad', 'core-missing.err')).read())


def test_cella_build_config_stops_on_a_bad_description():
    r = cella('build', '--config', HERE + '/bad/core-missing.yaml')
    assert r.returncode != 0
    assert 'not a valid system description; nothing built from it' in r.stderr
    assert not os.path.exists(os.path.join(TOP, 'build', 'cells', 'core-missing.bin'))
