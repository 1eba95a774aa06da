# SPDX-License-Identifier: MIT
"""Build the guest kernel: Debian's linux-source-6.1, our config fragment.

The source tarball is unpacked once into the cache; each build configures
allnoconfig plus guest.config (the kernel's merge_config.sh) in a scratch
object directory, checks that every option of the fragment reached the
final .config, then makes zImage and the vexpress-a15 device tree. The
result is a cache entry keyed by the source package version, the
fragment, the cross toolchain and this file.
"""

import os
import re
import shutil
import subprocess
import sys
import time

from . import cache

HERE = os.path.dirname(os.path.abspath(__file__))
FRAGMENT = os.path.join(HERE, 'guest.config')
SOURCE_PACKAGE = 'linux-source-6.1'
TARBALL = '/usr/src/linux-source-6.1.tar.xz'
CROSS = 'arm-linux-gnueabihf-'
TOOLCHAIN_PACKAGES = ['gcc-arm-linux-gnueabihf', 'binutils-arm-linux-gnueabihf']
DTB = 'vexpress-v2p-ca15-tc1.dtb'
JOBS = '-j2'
# Same inputs, same bytes: no build date, user or host in the image.
REPRODUCIBLE = {'KBUILD_BUILD_TIMESTAMP': '1970-01-01', 'KBUILD_BUILD_USER': 'cella',
                'KBUILD_BUILD_HOST': 'cella', 'KBUILD_BUILD_VERSION': '1'}

OPTION = re.compile(r'^(CONFIG_\w+)=(.*)$')
NOT_SET = re.compile(r'^# (CONFIG_\w+) is not set$')


class BuildError(Exception):
    pass


def package_version(package):
    out = subprocess.run(['dpkg-query', '-W', '-f=${Version}', package],
                         capture_output=True, text=True)
    if out.returncode or not out.stdout:
        raise BuildError('Debian package %s is not installed' % package)
    return out.stdout


def toolchain_id():
    """What identifies the cross toolchain: package versions and gcc's banner."""
    parts = [p + ' ' + package_version(p) for p in TOOLCHAIN_PACKAGES]
    gcc = subprocess.run([CROSS + 'gcc', '--version'], capture_output=True, text=True)
    return '\n'.join(parts + gcc.stdout.splitlines()[:1])


def source_id():
    return '%s %s %d' % (SOURCE_PACKAGE, package_version(SOURCE_PACKAGE),
                         os.path.getsize(TARBALL))


def options(text):
    """{CONFIG_X: value} a fragment or .config asks for; 'n' for 'is not set'."""
    found = {}
    for line in text.splitlines():
        line = line.strip()
        m = OPTION.match(line) or NOT_SET.match(line)
        if m:
            found[m.group(1)] = m.group(2) if m.re is OPTION else 'n'
    return found


def missing_options(fragment_text, config_text):
    """Lines of the fragment that the final .config does not honour, as messages."""
    final = options(config_text)
    wrong = []
    for name, want in options(fragment_text).items():
        got = final.get(name, 'n')
        if got != want:
            wrong.append('%s=%s (final .config: %s)' % (
                name, want, 'not set' if got == 'n' else got))
    return wrong


def source_tree(store):
    """The unpacked kernel source (a cache entry of its own)."""
    def unpack(directory):
        subprocess.run(['tar', '-xf', TARBALL, '-C', directory], check=True)
    entry = store.get('linux-source', cache.key({'source': source_id()}), unpack)
    return os.path.join(entry, SOURCE_PACKAGE)


def make_args(src, obj):
    return ['make', '-s', '-C', src, 'O=' + obj, 'ARCH=arm', 'CROSS_COMPILE=' + CROSS]


def run_logged(cmd, log, env=None, what=None):
    """Run @cmd with its output in @log; on failure raise with the log's tail."""
    with open(log, 'a') as f:
        f.write('$ %s\n' % ' '.join(cmd))
        f.flush()
        status = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT,
                                env=env).returncode
    if status:
        with open(log) as f:
            tail = ''.join(f.readlines()[-30:])
        raise BuildError('%s failed (status %d); its last lines:\n%s'
                         % (what or cmd[0], status, tail))


def configure(src, obj, fragment, log):
    """allnoconfig + @fragment into @obj/.config; every fragment option must survive."""
    env = dict(os.environ, ARCH='arm')
    run_logged(make_args(src, obj) + ['allnoconfig'], log, env, 'make allnoconfig')
    run_logged(['bash', os.path.join(src, 'scripts/kconfig/merge_config.sh'), '-m', '-O',
                obj, os.path.join(obj, '.config'), fragment], log, env, 'merge_config.sh')
    run_logged(make_args(src, obj) + ['olddefconfig'], log, env, 'make olddefconfig')
    with open(fragment) as f, open(os.path.join(obj, '.config')) as c:
        wrong = missing_options(f.read(), c.read())
    if wrong:
        raise BuildError('%s: the final .config does not have:\n  %s'
                         % (fragment, '\n  '.join(wrong)))


def compile_kernel(src, obj, log):
    env = dict(os.environ, **REPRODUCIBLE)
    cmd = ['nice', '-n', '19'] + make_args(src, obj) + [JOBS, 'zImage', DTB]
    run_logged(cmd, log, env, 'the kernel build')


def kernel_key(fragment):
    with open(fragment, 'rb') as f:
        inputs = {'source': source_id(), 'toolchain': toolchain_id(),
                  'fragment': f.read()}
    inputs.update(cache.file_inputs([os.path.abspath(__file__)]))
    return cache.key(inputs)


def build(store, fragment=FRAGMENT):
    """The cache entry holding zImage, the device tree and the .config."""
    src = source_tree(store)

    def make_kernel(directory):
        # Inside the entry's work directory: an interrupted build's leftovers
        # are cleared with it by the next build (cache.Cache._clear).
        obj = os.path.join(directory, 'obj')
        log = os.path.join(directory, 'build.log')
        start = time.monotonic()
        try:
            configure(src, obj, fragment, log)
            print('cella: building Linux (%s, nice -n 19 %s)' % (SOURCE_PACKAGE, JOBS),
                  file=sys.stderr, flush=True)
            compile_kernel(src, obj, log)
            boot = os.path.join(obj, 'arch/arm/boot')
            shutil.copy(os.path.join(boot, 'zImage'), directory)
            shutil.copy(os.path.join(boot, 'dts', DTB), directory)
            shutil.copy(os.path.join(obj, '.config'), os.path.join(directory, 'config'))
        finally:
            shutil.rmtree(obj, ignore_errors=True)
            if os.path.exists(log):
                os.unlink(log)  # a failure's message carries the log's tail
        print('cella: Linux built in %.0f s' % (time.monotonic() - start),
              file=sys.stderr, flush=True)

    return store.get('linux-kernel', kernel_key(fragment), make_kernel)
