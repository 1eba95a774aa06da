# SPDX-License-Identifier: MIT
"""User level cannot reach the kernel's own headers: its include path (the
user environment's CPPPATH in SConstruct) holds the uapi, the runtime and
the shared helpers but nothing else of kernel/, and every #include of the
user-level sources and of shared/ resolves within what that side may see
(shared/: itself and the uapi). In the kernel, what the ARM arches share
(arch/arm-common) includes only what every arch's path holds, and the
portable kernel none of its <arm/...> headers."""

import ast
import os
import re

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Sources built for user level (user/SConscript, partition/cells/SConscript),
# and the folders some of them add to the path for themselves.
USER_SOURCES = ['user', 'partition/root', 'partition/service', 'partition/vmm',
                'partition/cells', 'partition/stream', 'partition/celltable.c', 'stress']
USER_EXTRA_PATH = ['partition/stream', 'partition/cells']
# The helpers both sides link see only themselves and the ABI (the error
# names follow its codes): no other kernel header, no user header.
SHARED_SOURCES = ['shared']
SHARED_PATH = ['shared/include', 'kernel/include/uapi']
# Headers the compiler itself provides, freestanding.
COMPILER_HEADERS = {'limits.h', 'stdarg.h', 'stdbool.h', 'stddef.h', 'stdint.h',
                    'stdnoreturn.h'}
# What user level may see of kernel/: the system-call ABI, nothing else.
UAPI = 'kernel/include/uapi'
ARCH_UAPI = re.compile(r'arch/[^/]+/include/uapi')  # the arch's part: <cella/layout.h>
# The arches a build can target (a target.py each): not arch/arm-common, what they share.
ARCHES = sorted(a for a in os.listdir(os.path.join(TOP, 'arch'))
                if os.path.isfile(os.path.join(TOP, 'arch', a, 'target.py')))
ARCH = 'armv7'

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def user_path(sconstruct=None, arch=ARCH):
    """The folders of `uenv.Replace(CPPPATH=[...])` in SConstruct, top-relative,
    for @arch (an entry `'...%s...' % arch` names the arch's folder)."""
    with open(sconstruct or os.path.join(TOP, 'SConstruct')) as f:
        text = f.read()
    found = re.search(r'uenv\.Replace\(CPPPATH=(\[[^\]]*\])', text)
    assert found, 'SConstruct sets no user include path'
    listed = re.sub(r"'([^']*)' % arch", lambda m: repr(m.group(1) % arch), found.group(1))
    return [p.lstrip('#') for p in ast.literal_eval(listed)]


def kernel_path(arch, sconstruct=None):
    """The source folders of the kernel's include path (`kenv.Replace(... CPPPATH=[...])`
    in SConstruct) for @arch and each of its boards; the generated one left out."""
    with open(sconstruct or os.path.join(TOP, 'SConstruct')) as f:
        text = f.read()
    found = re.search(r'kenv\.Replace\(.*?CPPPATH=\[(.*?)\n\s*\]', text, re.S)
    assert found, 'SConstruct sets no kernel include path'
    boards = os.listdir(os.path.join(TOP, 'arch', arch, 'board'))
    path = []
    for folder, args in re.findall(r"'#([^']*)'(\s*%\s*(?:\(arch, board\)|arch))?", found.group(1)):
        path += [folder % ((arch, b) if 'board' in args else arch) if args else folder
                 for b in boards]
    return list(dict.fromkeys(path))


def kernel_folders(path):
    """The folders of @path inside kernel/ or arch/, but for the uapi (the arch's part too)."""
    return [p for p in path if p.split('/')[0] in ('kernel', 'arch') and p != UAPI and
            not ARCH_UAPI.fullmatch(p)]


def sources(roots):
    for root in roots:
        top = os.path.join(TOP, root)
        if os.path.isfile(top):
            yield top
            continue
        for dirpath, _, files in os.walk(top):
            for name in sorted(files):
                if name.endswith(('.c', '.h', '.S')):
                    yield os.path.join(dirpath, name)


def include_errors(path, text, search):
    """Each #include of @text (the file @path) that no folder of @search
    (top-relative) nor, for a quoted one, the file's own folder holds."""
    errors = []
    for quote, header in INCLUDE.findall(text):
        if header in COMPILER_HEADERS:
            continue
        folders = [os.path.dirname(path)] if quote == '"' else []
        folders += [os.path.join(TOP, d) for d in search]
        if not any(os.path.isfile(os.path.join(d, header)) for d in folders):
            errors.append('%s: #include %s%s%s is outside what it may see'
                          % (os.path.relpath(path, TOP), quote, header,
                             '"' if quote == '"' else '>'))
    return errors


def check(roots, search):
    errors = []
    for path in sources(roots):
        with open(path) as f:
            errors += include_errors(path, f.read(), search)
    return errors


def test_user_path_holds_no_kernel_header():
    path = user_path()
    assert UAPI in path and 'shared/include' in path
    assert kernel_folders(path) == []


def test_user_sources_include_only_what_user_level_sees():
    for arch in ARCHES:
        assert check(USER_SOURCES, user_path(arch=arch) + USER_EXTRA_PATH) == [], arch


def test_shared_sources_include_only_shared_headers():
    assert check(SHARED_SOURCES, SHARED_PATH) == []


def test_a_kernel_header_in_user_code_is_reported():
    path = os.path.join(TOP, 'partition/root/main.c')
    errors = include_errors(path, '#include <cpu.h>\n#include <cella/lib.h>\n',
                            user_path() + USER_EXTRA_PATH)
    assert errors == ['partition/root/main.c: #include <cpu.h> is outside what it may see']


def test_a_kernel_folder_on_the_user_path_is_reported(tmp_path):
    sconstruct = tmp_path / 'SConstruct'
    sconstruct.write_text("uenv.Replace(CPPPATH=['#user/lib/include', '#kernel/include/uapi',\n"
                          "                      '#shared/include', '#kernel/include'])\n")
    assert kernel_folders(user_path(str(sconstruct))) == ['kernel/include']


def test_arm_common_includes_only_what_every_arm_arch_has():
    for arch in ARCHES:
        path = kernel_path(arch)
        assert 'arch/%s/include' % arch in path and 'arch/arm-common/include' in path
        assert check(['arch/arm-common'], path) == [], arch


def test_portable_kernel_includes_no_arm_common_header():
    """kernel/ sees the arch interface, <arch/...>, never a part of it that ARM shares."""
    found = []
    for path in sources(['kernel', 'drivers', 'shared']):
        with open(path) as f:
            if any(h.startswith('arm/') for _, h in INCLUDE.findall(f.read())):
                found.append(os.path.relpath(path, TOP))
    assert found == []


def test_an_arch_private_header_in_arm_common_is_reported():
    path = os.path.join(TOP, 'arch/arm-common/board.c')
    errors = include_errors(path, '#include <arch/sysreg.h>\n#include <arch/trap.h>\n',
                            kernel_path('armv5'))
    assert errors == ['arch/arm-common/board.c: #include <arch/sysreg.h> is outside what it '
                      'may see']
