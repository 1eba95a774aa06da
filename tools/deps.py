# SPDX-License-Identifier: MIT
"""Debian packages each `cella` command needs, installed when missing.

One table, so that a fresh Debian machine needs nothing but ./cella: the
first command that needs a package installs it (apt-get, as root) and says so.
"""

import os
import subprocess
import sys

BUILD = ['scons', 'gcc-arm-none-eabi', 'binutils-arm-none-eabi']
# cellconf, the system-description tool (partition/cellconf/): the kernel
# image needs it too, for the cell table it carries.
CELLCONF = ['scons', 'gcc', 'libyaml-dev', 'libhwloc-dev', 'hwloc', 'libfdt-dev']
RUN = BUILD + CELLCONF + ['qemu-system-arm']

PACKAGES = {
    'build': BUILD + CELLCONF + ['gcc', 'libcmocka-dev'],
    'run': RUN,
    'debug': RUN + ['gdb-multiarch'],
    'test': RUN + CELLCONF + ['gcc', 'libcmocka-dev', 'python3-pytest', 'clang-format',
                              'gdb-multiarch', 'sloccount', 'device-tree-compiler', 'afl++',
                              'spin'],
    'cellconf': CELLCONF,
    'fuzz': CELLCONF + ['afl++'],
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


def ensure(command):
    """Install what @command needs and is not installed yet."""
    need = missing(sorted(set(PACKAGES[command])))
    if not need:
        return
    if os.geteuid() != 0:
        raise MissingPackages('missing Debian packages: %s; run as root (or: '
                              'sudo apt-get install %s)' % (' '.join(need),
                                                            ' '.join(need)))
    print('cella: installing %s' % ' '.join(need), file=sys.stderr, flush=True)
    if not apt_get('install', '--no-install-recommends', *need):
        apt_get('update')
        if not apt_get('install', '--no-install-recommends', *need):
            raise MissingPackages('apt-get could not install: %s' % ' '.join(need))
