# SPDX-License-Identifier: MIT
"""Shared helpers for the QEMU integration tests: boots and KTAP parsing."""

import os
import re
import sys

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, 'tools'))

import cellaqemu  # noqa: E402

# Every boot waits at most this long for what it must print (QEMU TCG on a
# busy 2-core machine; a normal boot with self-tests takes about a second).
BOOT_TIMEOUT = 60
# Exactly repeatable virtual time: one nanosecond per instruction (DESIGN.md, Measuring).
ICOUNT = ['-icount', 'shift=0,align=off,sleep=off']
KTAP_RESULT = re.compile(r'^(ok|not ok) (\d+) - (\S+)(.*)$', re.M)


def ktap_suites(output):
    """The KTAP streams in @output, in order: (text of the stream, {name: (ok, line)})."""
    suites = []
    for block in output.split('KTAP version 1\n')[1:]:
        results = {}
        for m in KTAP_RESULT.finditer(block):
            results[m.group(3)] = (m.group(1) == 'ok', m.group(0))
        suites.append((block, results))
    return suites


def ktap_results(output, suite=0):
    """{name: (ok, line)} of one KTAP stream: 0 the kernel's, 1 the root task's."""
    suites = ktap_suites(output)
    return suites[suite][1] if len(suites) > suite else {}


def boot(expect, image=cellaqemu.TEST_IMAGE, **kwargs):
    """Boot @image (the test image unless given), wait for the regex @expect,
    return the console (QEMU stopped)."""
    if not os.path.exists(image):
        pytest.fail('no kernel image at %s: run ./cella build' % image)
    with cellaqemu.Console(image=image, **kwargs) as console:
        console.expect(expect, BOOT_TIMEOUT)
    return console


def expected_ktest_names(ncpus):
    """The self-test results a healthy boot on @ncpus cores reports."""
    cpus = range(ncpus)
    names = ['cores_online', 'timer_not_early', 'console_lines', 'console_not_waited',
             'console_full_drops']
    names += ['percpu_cpu%d' % c for c in cpus]
    names += ['timer_ticks_cpu0']  # the boot core's; the others idle without one
    names += ['timer_idle_stops_cpu%d' % c for c in cpus if c]
    names += ['ipi_cpu%d_to_cpu%d' % (s, d) for s in cpus for d in cpus if s != d]
    names += ['stack_guard_cpu%d' % c for c in range(4)]  # every stack, online or not
    return names
