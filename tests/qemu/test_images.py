# SPDX-License-Identifier: MIT
"""The product image carries no test code; the test image carries it all.

cella.elf (what ./cella run boots) links neither the kernel's self-tests nor
its fault injection, and its root task is the partition service alone; the
words that would choose a test are refused in a line each. cella-test.elf
(./cella test, bench, stress, fuzz --kernel) has every part of them.
"""

import os
import re
import subprocess

from conftest import boot, cellaqemu

USER = os.path.join(os.path.dirname(cellaqemu.IMAGE), 'user')
# Symbols of the test code, by the names the linker leaves after LTO: each
# function or object under its own name, or its file's `NAME.c.HASH` marker.
KERNEL_TEST = re.compile(r'^(ktest|kfault|selftest\.c)')
ROOT_TEST = re.compile(r'^(tests|fuzz|bench|stress|churn|vcpu_harness|mode\.c)')
ROOT_TEST_PARTS = ('tests', 'fuzz', 'bench', 'stress', 'churn', 'vcpu_harness')


def symbols(image):
    out = subprocess.run([cellaqemu.NM, image], check=True, capture_output=True,
                         text=True).stdout
    return [line.split()[-1] for line in out.splitlines() if line.strip()]


def test_product_kernel_has_no_test_code():
    found = [s for s in symbols(cellaqemu.IMAGE) if KERNEL_TEST.match(s)]
    assert not found, found
    tested = [s for s in symbols(cellaqemu.TEST_IMAGE) if KERNEL_TEST.match(s)]
    assert 'ktest_cores_online' in tested and any(s.startswith('kfault') for s in tested), tested


def test_product_root_task_has_no_test_code():
    found = [s for s in symbols(os.path.join(USER, 'root.elf')) if ROOT_TEST.match(s)]
    assert not found, found
    tested = symbols(os.path.join(USER, 'root-test.elf'))
    for part in ROOT_TEST_PARTS:
        assert any(s.startswith(part) for s in tested), part


def test_product_refuses_test_words():
    console = boot(r'^root: ready$', image=cellaqemu.IMAGE, smp=2,
                   bootargs='ktest=on kfault=undef utest=on bench fuzz stress')
    refused = re.findall(r'^(?:cella|root): (\S+) refused: .*cella-test\.elf\)$',
                         console.output, re.M)
    assert refused == ['ktest=on', 'kfault=undef', 'utest=on', 'bench', 'fuzz', 'stress'], \
        console.failure('refusals')
    assert 'KTAP' not in console.output and 'raising' not in console.output, \
        console.failure('a test ran')


def test_product_takes_ktest_off_quietly():
    console = boot(r'^root: ready$', image=cellaqemu.IMAGE, smp=1, bootargs='ktest=off utest=off')
    assert 'refused' not in console.output and 'skipped' not in console.output, \
        console.failure('a refusal')
