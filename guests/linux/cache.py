# SPDX-License-Identifier: MIT
"""A build cache outside the clone: entries named by a hash of their inputs.

An entry is a directory ROOT/NAME-KEY. It is built in ROOT/.tmp and renamed
into place only when complete, with a manifest (every file and its size)
written last; an entry whose manifest is missing or does not match its
files is never used, but rebuilt. A lock file per entry (flock) makes two
builds of the same entry wait for each other instead of both writing.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import shutil

MANIFEST = '.manifest.json'


def default_root():
    """$XDG_CACHE_HOME/cella, or ~/.cache/cella."""
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(
        os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'cella')


def key(inputs):
    """A short hash of @inputs, {name: str or bytes}: any change gives a new key."""
    h = hashlib.sha256()
    for name in sorted(inputs):
        value = inputs[name]
        data = value if isinstance(value, bytes) else str(value).encode()
        h.update(b'%d:%s\0%d:' % (len(name), name.encode(), len(data)))
        h.update(data)
    return h.hexdigest()[:20]


def file_inputs(paths):
    """{path: content} of @paths, for key(): what the build glue is made of."""
    out = {}
    for path in paths:
        with open(path, 'rb') as f:
            out['file:' + os.path.basename(path)] = f.read()
    return out


def _listing(directory):
    """{relative path: size} of every file under @directory but the manifest."""
    files = {}
    for top, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(top, name)
            rel = os.path.relpath(path, directory)
            if rel != MANIFEST:
                files[rel] = os.lstat(path).st_size
    return files


def complete(directory):
    """True if @directory is an entry whose manifest matches its files."""
    try:
        with open(os.path.join(directory, MANIFEST)) as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get('files') == _listing(directory) \
        and bool(manifest['files'])


def _write_manifest(directory, inputs_key):
    body = {'key': inputs_key, 'files': _listing(directory)}
    tmp = os.path.join(directory, MANIFEST + '.tmp')
    with open(tmp, 'w') as f:
        json.dump(body, f, indent=1, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, os.path.join(directory, MANIFEST))


def _alive(pid):
    """True if the process @pid (text) may exist; unparseable counts as alive."""
    if not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass
    return True


@contextlib.contextmanager
def locked(path):
    """Hold an exclusive flock on @path (created if missing) for the block."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


class Cache:
    def __init__(self, root=None):
        self.root = root or default_root()
        self.tmp = os.path.join(self.root, '.tmp')
        self.locks = os.path.join(self.root, '.locks')

    def path(self, name, inputs_key):
        return os.path.join(self.root, '%s-%s' % (name, inputs_key))

    def lookup(self, name, inputs_key):
        """The entry's directory if it is complete, else None."""
        path = self.path(name, inputs_key)
        return path if complete(path) else None

    def _clear(self, entry):
        """Remove a partial entry and leftovers of interrupted builds (lock held).

        Work directories are named ENTRY.PID: this entry's are dead (we hold
        its lock), and so is any other whose process no longer exists.
        """
        if os.path.lexists(entry):
            doomed = entry + '.stale.%d' % os.getpid()
            os.rename(entry, doomed)
            shutil.rmtree(doomed)
        prefix = os.path.basename(entry) + '.'
        for name in os.listdir(self.tmp):
            if name.startswith(prefix) or not _alive(name.rpartition('.')[2]):
                shutil.rmtree(os.path.join(self.tmp, name), ignore_errors=True)

    def get(self, name, inputs_key, build):
        """The entry NAME-KEY, made by build(directory) first if it is not complete.

        build() fills an empty directory; if it raises, nothing is kept.
        """
        entry = self.path(name, inputs_key)
        if complete(entry):
            return entry
        for d in (self.tmp, self.locks):
            os.makedirs(d, exist_ok=True)
        with locked(os.path.join(self.locks, os.path.basename(entry))):
            if complete(entry):
                return entry
            self._clear(entry)
            work = os.path.join(self.tmp, '%s.%d' % (os.path.basename(entry), os.getpid()))
            os.makedirs(work)
            try:
                build(work)
                _write_manifest(work, inputs_key)
                os.rename(work, entry)
            finally:
                shutil.rmtree(work, ignore_errors=True)
        return entry
