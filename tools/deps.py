# SPDX-License-Identifier: MIT
"""Debian packages each `cella` command needs, installed when missing.

One table, so that a fresh Debian machine needs nothing but ./cella: the
first command that needs a package installs it (apt-get, as root) and says so.
"""

import os
import time
import subprocess
import sys

BUILD = ['scons', 'gcc-arm-none-eabi', 'binutils-arm-none-eabi']
# cellconf, the system-description tool (partition/cellconf/): the kernel
# image needs it too, for the cell table it carries.
CELLCONF = ['scons', 'gcc', 'libyaml-dev', 'libhwloc-dev', 'hwloc', 'libfdt-dev']
RUN = BUILD + CELLCONF + ['qemu-system-arm']

# The Linux guest (guests/linux/): Debian's kernel source and armhf cross
# toolchain, what the kernel's build runs, dtc/fdtput for the device trees.
# busybox-static:armhf is fetched by apt-get download, not installed: it
# needs the armhf architecture in apt's lists (FOREIGN_ARCHS).
LINUX = RUN + ['linux-source-6.1', 'gcc-arm-linux-gnueabihf',
               'binutils-arm-linux-gnueabihf', 'libc6-dev-armhf-cross', 'gcc', 'make',
               'bc', 'bison', 'flex', 'libssl-dev', 'xz-utils', 'cpio',
               'device-tree-compiler']
FOREIGN_ARCHS = {'linux': ['armhf'], 'test': ['armhf']}

PACKAGES = {
    'build': BUILD + CELLCONF + ['gcc', 'libcmocka-dev'],
    'run': RUN,
    'debug': RUN + ['gdb-multiarch'],
    'test': RUN + CELLCONF + ['gcc', 'libcmocka-dev', 'python3-pytest', 'python3-yaml',
                              'clang-format', 'gdb-multiarch', 'sloccount',
                              'device-tree-compiler', 'afl++', 'spin'] + LINUX,
    'cellconf': CELLCONF,
    'fuzz': CELLCONF + ['afl++'],
    'linux': LINUX,
}


class MissingPackages(Exception):
    pass


def missing(packages):
    """The packages of @packages that dpkg does not have installed."""
    out = subprocess.run(
        ['dpkg-query', '-W', '-f=${Package} ${db:Status-Status}\n'] + packages,
        capture_output=True, text=True).stdout
    installed = {line.split()[0] for line in out.splitlines()
                 if line.endswith(' installed')}
    return [p for p in packages if p not in installed]


def apt_get(*args):
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    return subprocess.run(['apt-get', '-q', '-y'] + list(args), env=env,
                          stdout=sys.stderr).returncode == 0


def apt_update(tries=3):
    """apt-get update, again after a pause if a mirror is mid-sync; whether it succeeded."""
    for attempt in range(tries):
        if attempt:
            print('cella: apt-get update failed; trying again in %d s' % (10 * attempt),
                  file=sys.stderr, flush=True)
            time.sleep(10 * attempt)
        if apt_get('update'):
            return True
    return False


def ensure_foreign_archs(command):
    """Add the dpkg architectures @command fetches packages for, then update apt's lists."""
    have = subprocess.run(['dpkg', '--print-foreign-architectures'], capture_output=True,
                          text=True).stdout.split()
    need = [a for a in FOREIGN_ARCHS.get(command, []) if a not in have]
    if not need:
        return
    if os.geteuid() != 0:
        raise MissingPackages('apt lacks the %s architecture; run as root (or: sudo dpkg '
                              '--add-architecture %s && sudo apt-get update)'
                              % (need[0], need[0]))
    print('cella: adding the dpkg architecture %s' % ' '.join(need), file=sys.stderr,
          flush=True)
    for arch in need:
        subprocess.run(['dpkg', '--add-architecture', arch], check=True)
    if not apt_update():
        # A list that failed to download (a mirror mid-sync) may not be one we
        # need: go on, and let the install say what it cannot find.
        print('cella: apt-get update failed after adding %s; going on with the lists apt has'
              % ' '.join(need), file=sys.stderr, flush=True)


def ensure(command):
    """Install what @command needs and is not installed yet."""
    ensure_foreign_archs(command)
    need = missing(sorted(set(PACKAGES[command])))
    if not need:
        return
    if os.geteuid() != 0:
        raise MissingPackages('missing Debian packages: %s; run as root (or: '
                              'sudo apt-get install %s)' % (' '.join(need),
                                                            ' '.join(need)))
    print('cella: installing %s' % ' '.join(need), file=sys.stderr, flush=True)
    if not apt_get('install', '--no-install-recommends', *need):
        apt_update()
        if not apt_get('install', '--no-install-recommends', *need):
            raise MissingPackages('apt-get could not install: %s' % ' '.join(need))
