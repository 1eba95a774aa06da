# SPDX-License-Identifier: MIT
"""The Linux guest image: builds (from the cache when warm), boots natively
(through guests/linux/firmware/'s PSCI) on -smp 2 and -smp 4 with a clean
KTAP self-check and the right ready line, its shell answers what is typed
and `poweroff -f` ends QEMU; an unsatisfiable config option fails the
build at the config stage, naming the option, and leaves the cache alone;
`./cella linux bench` gives every figure, the same within 2 % twice.
"""

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import TOP, ktap_results

sys.path.insert(0, TOP)

from guests.linux import cache, kernel, qemu  # noqa: E402

CELLA = os.path.join(TOP, 'cella')
# A cold build of the kernel on a busy 2-core machine; warm: seconds.
BUILD_TIMEOUT = 1800
BOOT_TIMEOUT = 120
POWEROFF_TIMEOUT = 30
SELF_CHECK = ['mounts', 'cpus_online', 'memory_size', 'console', 'busybox_shell']


def cella(*args, timeout):
    return subprocess.run([CELLA] + list(args), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope='module')
def image_dir():
    r = cella('linux', 'build', timeout=BUILD_TIMEOUT)
    assert r.returncode == 0, r.stdout + r.stderr
    path = r.stdout.strip().splitlines()[-1]
    for name in ('zImage', 'initramfs.cpio.gz', 'vexpress-v2p-ca15-tc1-smp2.dtb',
                 'vexpress-v2p-ca15-tc1-smp4.dtb'):
        assert os.path.isfile(os.path.join(path, name)), name
    return path


def test_warm_build_is_the_same_entry(image_dir):
    r = cella('linux', 'build', timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == image_dir


@pytest.mark.parametrize('smp,mem', [(2, 256), (4, 512)])
def test_boot_self_check_and_shell(image_dir, smp, mem):
    with qemu.Console(image_dir, smp=smp, mem='%dM' % mem) as console:
        ready = console.expect(qemu.READY, BOOT_TIMEOUT)
        answer = console.run('echo "cpus=$(grep -c ^processor /proc/cpuinfo)"',
                             r'^cpus=(\d+)$', BOOT_TIMEOUT)
        # SYSTEM_OFF (the firmware's PSCI, or Linux's vexpress driver) ends QEMU.
        console.type('poweroff -f')
        assert console.proc.wait(timeout=POWEROFF_TIMEOUT) == 0, console.tail()
    results = ktap_results(console.output)
    assert sorted(results) == sorted(SELF_CHECK), console.tail()
    for name, (ok, line) in results.items():
        assert ok, line
    assert re.search(r'^1\.\.%d$' % len(SELF_CHECK), console.output, re.M)
    assert (int(ready.group(1)), int(ready.group(2))) == (smp, mem), ready.group(0)
    assert len(re.findall(r'^guest ready:', console.output, re.M)) == 1
    assert int(answer.group(1)) == smp, console.tail()


def cache_entries(root):
    return {n for n in os.listdir(root) if not n.startswith('.')} \
        if os.path.isdir(root) else set()


def work_dirs(root, prefix):
    tmp = os.path.join(root, '.tmp')
    return [n for n in os.listdir(tmp) if n.startswith(prefix)] if os.path.isdir(tmp) else []


def test_unsatisfiable_option_fails_naming_it(image_dir, tmp_path):
    fragment = tmp_path / 'broken.config'
    with open(os.path.join(TOP, 'guests', 'linux', 'guest.config')) as f:
        text = f.read()
    # Needs PCI, which no option of ours (nor the vexpress platform) selects.
    fragment.write_text(text + 'CONFIG_PCI_HOST_GENERIC=y\n')
    root = cache.default_root()
    broken = 'linux-kernel-%s' % kernel.kernel_key(str(fragment))
    before = cache_entries(root)
    r = cella('linux', 'build', '--fragment', str(fragment), timeout=600)
    assert r.returncode != 0
    assert 'CONFIG_PCI_HOST_GENERIC=y (final .config: not set)' in r.stderr, r.stderr
    assert 'building Linux' not in r.stderr, 'it got past the config stage'
    # Other builds may share the cache meanwhile: ours added nothing, removed nothing.
    after = cache_entries(root)
    assert before <= after
    assert broken not in after
    assert work_dirs(root, broken) == []


BENCH_KEYS = ['linux_boot_to_ready', 'linux_null_syscall', 'linux_pipe_pingpong_same_cpu',
              'linux_pipe_pingpong_cross_cpu', 'linux_thread_switch', 'linux_work_hash',
              'linux_work_sort', 'linux_work_crc', 'linux_work_intmath', 'linux_work_fpmath']


def bench(path):
    r = cella('linux', 'bench', '--json', str(path), timeout=900)
    assert r.returncode == 0, r.stdout + r.stderr
    with open(path) as f:
        return json.load(f)


# Since the native boot goes through the PSCI firmware, the same-cpu pipe
# ping-pong takes one of two values, 9,117 or 9,262 instructions (1.6 %
# apart), by when the host types the command; the cause is not found. Every
# other figure repeats within 0.2 %.
REPEAT_TOLERANCE = 0.02


def test_bench_figures_repeat_within_two_percent(image_dir, tmp_path):
    first, second = bench(tmp_path / 'a.json'), bench(tmp_path / 'b.json')
    assert sorted(first) == sorted(BENCH_KEYS), first
    for key in BENCH_KEYS:
        assert first[key] > 0, key
        assert abs(first[key] - second[key]) <= REPEAT_TOLERANCE * first[key], \
            (key, first[key], second[key])
