# SPDX-License-Identifier: MIT
"""The guest image directory: zImage, initramfs.cpio.gz and one device tree per core count.

Linux's vexpress-v2p-ca15-tc1 tree describes two Cortex-A15 cores; the
variants vexpress-v2p-ca15-tc1-smpN.dtb (N = 1..4) have exactly N, made
with device-tree-compiler's fdtput: the cpu nodes are removed and added
again, highest first, because fdtput puts a new node before its siblings.
Each cpu is started by PSCI (`enable-method = "psci"`, a /psci node, SMC):
the native boot's firmware answers it (guests/linux/firmware/).
"""

import os
import shutil
import subprocess

from . import cache, kernel, userland

MAX_CPUS = 4
PSCI_COMPATIBLE = ['arm,psci-1.0', 'arm,psci-0.2']
PSCI_METHOD = 'smc'


def dtb_name(ncpus):
    return 'vexpress-v2p-ca15-tc1-smp%d.dtb' % ncpus


def fdtput(*args):
    subprocess.run(['fdtput'] + list(args), check=True)


def cpu_nodes(dtb):
    out = subprocess.run(['fdtget', '-l', dtb, '/cpus'], check=True, capture_output=True,
                         text=True).stdout
    return [n for n in out.split() if n.startswith('cpu@')]


def make_dtb(source, out, ncpus):
    """@source with exactly @ncpus cpu nodes, reg 0..ncpus-1, in order, started by PSCI."""
    shutil.copy(source, out)
    fdtput('-r', out, *['/cpus/' + n for n in cpu_nodes(out)])
    for cpu in reversed(range(ncpus)):
        node = '/cpus/cpu@%d' % cpu
        fdtput('-c', out, node)
        fdtput('-t', 's', out, node, 'device_type', 'cpu')
        fdtput('-t', 's', out, node, 'compatible', 'arm,cortex-a15')
        fdtput('-t', 'u', out, node, 'reg', str(cpu))
        fdtput('-t', 's', out, node, 'enable-method', 'psci')
    fdtput('-c', out, '/psci')
    fdtput('-t', 's', out, '/psci', 'compatible', *PSCI_COMPATIBLE)
    fdtput('-t', 's', out, '/psci', 'method', PSCI_METHOD)
    got = cpu_nodes(out)
    if got != ['cpu@%d' % c for c in range(ncpus)]:
        raise kernel.BuildError('%s: cpu nodes %s, not %d' % (out, got, ncpus))


def link_or_copy(src, directory):
    dst = os.path.join(directory, os.path.basename(src))
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy(src, dst)


def build(store=None, fragment=kernel.FRAGMENT):
    """Build (or find in the cache) the image; its directory."""
    store = store or cache.Cache()
    kdir = kernel.build(store, fragment)
    udir = userland.build(store)
    dtc = subprocess.run(['dtc', '--version'], capture_output=True, text=True).stdout

    def assemble(directory):
        for name in ('zImage', kernel.DTB, 'config'):
            link_or_copy(os.path.join(kdir, name), directory)
        link_or_copy(os.path.join(udir, 'initramfs.cpio.gz'), directory)
        for n in range(1, MAX_CPUS + 1):
            make_dtb(os.path.join(kdir, kernel.DTB), os.path.join(directory, dtb_name(n)), n)

    inputs = {'kernel': os.path.basename(kdir), 'userland': os.path.basename(udir),
              'dtc': dtc}
    inputs.update(cache.file_inputs([os.path.abspath(__file__)]))
    return store.get('linux-image', cache.key(inputs), assemble)
