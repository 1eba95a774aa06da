# SPDX-License-Identifier: MIT
"""The guest's initramfs: Debian's armhf busybox and our cella-guest, no root needed.

busybox comes from Debian's busybox-static:armhf package (apt-get download,
then dpkg-deb -x: no install, no root for the unpacking). cella-guest is
built static with the same cross compiler as the kernel. The archive is
made by the kernel's own gen_init_cpio from initramfs.list, with every
timestamp zero, and gzip'd without a name or date: same inputs, same bytes.
"""

import glob
import gzip
import os
import shutil
import subprocess

from . import cache, kernel

HERE = os.path.dirname(os.path.abspath(__file__))
GUEST_SRC = os.path.join(HERE, 'cella-guest')
# The channel protocol cella-guest shares with the native cells.
STREAM_DIR = os.path.normpath(os.path.join(HERE, '..', '..', 'partition', 'stream'))
FILE_LIST = os.path.join(HERE, 'initramfs.list')
BUSYBOX_PACKAGE = 'busybox-static:armhf'
CFLAGS = ['-std=gnu11', '-static', '-O2', '-mcpu=cortex-a15', '-Wall', '-Wextra', '-Werror']


def busybox_version():
    """The version apt would fetch: the candidate in the package lists."""
    out = subprocess.run(['apt-cache', 'policy', BUSYBOX_PACKAGE], capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        if line.strip().startswith('Candidate:'):
            version = line.split(':', 1)[1].strip()
            if version and version != '(none)':
                return version
    raise kernel.BuildError('apt knows no %s: run dpkg --add-architecture armhf '
                            'and apt-get update' % BUSYBOX_PACKAGE)


def busybox(store):
    """The busybox binary from the package (a cache entry of its own)."""
    version = busybox_version()

    def fetch(directory):
        deb_dir = os.path.join(directory, 'deb')
        os.makedirs(deb_dir)
        subprocess.run(['apt-get', '-q', '-o', 'APT::Sandbox::User=root', 'download', '%s=%s' % (BUSYBOX_PACKAGE, version)],
                       cwd=deb_dir, check=True, stdout=subprocess.DEVNULL)
        debs = glob.glob(os.path.join(deb_dir, '*.deb'))
        unpacked = os.path.join(directory, 'unpacked')
        subprocess.run(['dpkg-deb', '-x', debs[0], unpacked], check=True)
        shutil.copy(os.path.join(unpacked, 'bin', 'busybox'), directory)
        shutil.rmtree(deb_dir)
        shutil.rmtree(unpacked)

    entry = store.get('busybox-armhf', cache.key({'version': version}), fetch)
    return os.path.join(entry, 'busybox')


def guest_sources():
    return (sorted(glob.glob(os.path.join(GUEST_SRC, '*.[ch]'))) +
            sorted(glob.glob(os.path.join(STREAM_DIR, '*.[ch]'))))


def compile_guest(out):
    sources = [s for s in guest_sources() if s.endswith('.c')]
    cmd = ([kernel.CROSS + 'gcc'] + CFLAGS + ['-I', STREAM_DIR, '-o', out]
           + sources + ['-lpthread'])
    if subprocess.run(cmd).returncode:
        raise kernel.BuildError('cella-guest did not compile: %s' % ' '.join(cmd))


def file_list(directory, busybox_path, guest_path):
    """initramfs.list with the paths of this build filled in."""
    with open(FILE_LIST) as f:
        text = f.read()
    text = text.replace('@BUSYBOX@', busybox_path).replace('@CELLA_GUEST@', guest_path)
    path = os.path.join(directory, 'initramfs.list')
    with open(path, 'w') as f:
        f.write(text)
    return path


def make_cpio(src, directory, listing, out):
    gen = os.path.join(directory, 'gen_init_cpio')
    subprocess.run(['gcc', '-O2', '-o', gen, os.path.join(src, 'usr', 'gen_init_cpio.c')],
                   check=True)
    cpio = subprocess.run([gen, '-t', '0', listing], check=True,
                          capture_output=True).stdout
    with open(out, 'wb') as f, gzip.GzipFile(fileobj=f, mode='wb', mtime=0,
                                             filename='') as z:
        z.write(cpio)
    os.unlink(gen)


def userland_key():
    inputs = {'source': kernel.source_id(), 'toolchain': kernel.toolchain_id(),
              'busybox': busybox_version(), 'cflags': ' '.join(CFLAGS)}
    inputs.update(cache.file_inputs(guest_sources() + [FILE_LIST, os.path.abspath(__file__)]))
    return cache.key(inputs)


def build(store):
    """The cache entry holding initramfs.cpio.gz (and cella-guest, for reference)."""
    src = kernel.source_tree(store)
    bb = busybox(store)

    def make_userland(directory):
        guest = os.path.join(directory, 'cella-guest')
        compile_guest(guest)
        busybox_copy = os.path.join(directory, 'busybox')
        shutil.copy(bb, busybox_copy)
        # gen_init_cpio takes a file's own mtime (-t covers the rest).
        for path in (guest, busybox_copy):
            os.utime(path, (0, 0))
        listing = file_list(directory, busybox_copy, guest)
        make_cpio(src, directory, listing, os.path.join(directory, 'initramfs.cpio.gz'))
        os.unlink(listing)
        os.unlink(busybox_copy)

    return store.get('linux-userland', userland_key(), make_userland)
