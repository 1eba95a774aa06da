# SPDX-License-Identifier: MIT
"""Host tests of the Linux build cache (guests/linux/cache.py): no QEMU, no kernel.

A changed input makes a new key; a partial or interrupted entry is never
used; two builds of one entry at once build it once.
"""

import multiprocessing
import os
import sys

import pytest

from conftest import TOP

sys.path.insert(0, TOP)

from guests.linux import cache, kernel  # noqa: E402

INPUTS = {'source': 'linux-source-6.1 6.1.192-2', 'toolchain': 'gcc 12.2.0',
          'fragment': b'CONFIG_SMP=y\n', 'file:kernel.py': b'glue'}


def write(directory, name='zImage', data=b'kernel'):
    with open(os.path.join(directory, name), 'wb') as f:
        f.write(data)


def test_every_changed_input_makes_a_new_key():
    base = cache.key(INPUTS)
    assert cache.key(dict(INPUTS)) == base
    for name in INPUTS:
        changed = dict(INPUTS)
        changed[name] = (INPUTS[name] + b'x') if isinstance(INPUTS[name], bytes) \
            else INPUTS[name] + 'x'
        assert cache.key(changed) != base, name
    assert cache.key(dict(INPUTS, extra='')) != base


def test_key_is_not_fooled_by_moving_bytes_between_inputs():
    assert cache.key({'a': 'xy', 'b': 'z'}) != cache.key({'a': 'x', 'b': 'yz'})


def test_same_key_builds_once(tmp_path):
    store = cache.Cache(str(tmp_path))
    calls = []

    def build(d):
        calls.append(d)
        write(d)
    first = store.get('linux-kernel', 'k1', build)
    assert store.get('linux-kernel', 'k1', build) == first
    assert len(calls) == 1
    assert store.lookup('linux-kernel', 'k1') == first


def test_failed_build_leaves_no_entry(tmp_path):
    store = cache.Cache(str(tmp_path))

    def build(d):
        write(d)
        raise kernel.BuildError('the config stage failed')
    with pytest.raises(kernel.BuildError):
        store.get('linux-kernel', 'k1', build)
    assert store.lookup('linux-kernel', 'k1') is None
    assert not os.path.exists(store.path('linux-kernel', 'k1'))
    assert os.listdir(store.tmp) == []


@pytest.mark.parametrize('damage', ['no manifest', 'truncated file', 'extra file',
                                    'missing file', 'bad manifest'])
def test_partial_entry_is_never_used(tmp_path, damage):
    store = cache.Cache(str(tmp_path))
    entry = store.get('linux-kernel', 'k1', lambda d: (write(d), write(d, 'config', b'c')))
    if damage == 'no manifest':
        os.unlink(os.path.join(entry, cache.MANIFEST))
    elif damage == 'truncated file':
        write(entry, data=b'ker')
    elif damage == 'extra file':
        write(entry, 'half-written.tmp', b'')
    elif damage == 'missing file':
        os.unlink(os.path.join(entry, 'config'))
    else:
        write(entry, cache.MANIFEST, b'{"files": ')
    assert store.lookup('linux-kernel', 'k1') is None
    rebuilt = store.get('linux-kernel', 'k1', lambda d: write(d, data=b'fresh'))
    assert rebuilt == entry
    with open(os.path.join(entry, 'zImage'), 'rb') as f:
        assert f.read() == b'fresh'
    assert store.lookup('linux-kernel', 'k1') == entry


def test_interrupted_build_leftovers_are_cleared(tmp_path):
    store = cache.Cache(str(tmp_path))
    stale = os.path.join(store.tmp, 'linux-kernel-k1.2147483647')
    os.makedirs(stale)
    write(stale)
    other = os.path.join(store.tmp, 'linux-userland-k2.2147483647')
    running = os.path.join(store.tmp, 'linux-userland-k3.%d' % os.getpid())
    for d in (other, running):
        os.makedirs(d)
    store.get('linux-kernel', 'k1', write)
    assert not os.path.exists(stale)
    assert not os.path.exists(other), 'its process is gone'
    assert os.path.exists(running), 'its process is still building'


def slow_build(root, log):
    def build(d):
        with open(log, 'a') as f:
            f.write('built\n')
        write(d)
    cache.Cache(root).get('linux-kernel', 'k1', build)


def test_concurrent_builds_build_once(tmp_path):
    log = str(tmp_path / 'log')
    root = str(tmp_path / 'cache')
    procs = [multiprocessing.Process(target=slow_build, args=(root, log)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    with open(log) as f:
        assert f.read() == 'built\n'
    assert cache.Cache(root).lookup('linux-kernel', 'k1')


def test_fragment_check_names_dropped_options():
    fragment = '# comment\nCONFIG_SMP=y\nCONFIG_NR_CPUS=4\n# CONFIG_MODULES is not set\n' \
               'CONFIG_PCI_HOST_GENERIC=y\n'
    config = 'CONFIG_SMP=y\nCONFIG_NR_CPUS=8\nCONFIG_MODULES=y\n'
    assert kernel.missing_options(fragment, config) == [
        'CONFIG_NR_CPUS=4 (final .config: 8)',
        'CONFIG_MODULES=n (final .config: y)',
        'CONFIG_PCI_HOST_GENERIC=y (final .config: not set)']
    assert kernel.missing_options(fragment, config.replace('8', '4').replace(
        'CONFIG_MODULES=y', '') + 'CONFIG_PCI_HOST_GENERIC=y\n') == []
