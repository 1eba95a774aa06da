# SPDX-License-Identifier: MIT
"""Boot the real image with 1 to 4 cores; check the console line by line."""

import re

import pytest

from conftest import ICOUNT, boot, expected_ktest_names, ktap_results

SMP = [1, 2, 3, 4]
_boots = {}


def booted(smp):
    """One boot per core count, shared by the tests below."""
    if smp not in _boots:
        _boots[smp] = boot(r'^# ktest: \d+ ok, \d+ not ok$', smp=smp, bootargs='utest=off')
    return _boots[smp]


@pytest.mark.parametrize('smp', SMP)
def test_all_cores_online(smp):
    console = booted(smp)
    out = console.output
    assert re.search(r'^cella: %d cores online \(hyp\)$' % smp, out, re.M), \
        console.failure('no "cella: %d cores online (hyp)" line' % smp)
    joined = sorted(int(c) for c in re.findall(r'^cpu(\d+): online, MPIDR', out, re.M))
    assert joined == list(range(smp)), console.failure('cores that joined: %s' % joined)
    assert 'did not come online' not in out, console.failure('a core did not join')


@pytest.mark.parametrize('smp', SMP)
def test_ktap_plan_matches(smp):
    console = booted(smp)
    results = ktap_results(console.output)
    plan = re.search(r'^1\.\.(\d+)$', console.output, re.M)  # the kernel's comes first
    assert plan and int(plan.group(1)) == len(results), console.failure('KTAP plan')
    assert sorted(results) == sorted(expected_ktest_names(smp)), \
        console.failure('unexpected set of self-tests')


@pytest.mark.parametrize('smp,name', [(smp, name) for smp in SMP
                                      for name in expected_ktest_names(smp)])
def test_ktest(smp, name):
    console = booted(smp)
    results = ktap_results(console.output)
    assert name in results, console.failure('self-test %s did not report' % name)
    ok, line = results[name]
    assert ok, console.failure(line)


@pytest.mark.parametrize('smp', SMP)
def test_console_lines_never_interleave(smp):
    """Every core printed its burst at once (self-test console_lines): all whole."""
    console = booted(smp)
    line = re.compile(r'^# console: cpu(\d) line (\d) abcdefghijklmnopqrstuvwxyz0123456789'
                      r'ABCDEFGHIJKLMNOPQRSTUVWXYZ$')
    burst = [l for l in console.output.splitlines() if 'console: cpu' in l]
    whole = [line.match(l) for l in burst]
    assert all(whole), console.failure('broken line: %r' % burst[whole.index(None)])
    got = sorted((int(m.group(1)), int(m.group(2))) for m in whole)
    assert got == [(c, i) for c in range(smp) for i in range(8)], console.failure('lines lost')


@pytest.mark.parametrize('smp', SMP)
def test_console_is_not_waited_for(smp):
    """While cpu0 holds the console (self-test console_not_waited), the others' lines return."""
    console = booted(smp)
    held = re.findall(r'^# console held: cpu(\d) printed while cpu0 held the console$',
                      console.output, re.M)
    assert sorted(int(c) for c in held) == list(range(1, smp)), console.failure('held lines')


@pytest.mark.parametrize('smp', [2, 4])
def test_a_full_console_ring_drops_whole_lines_and_counts_them(smp):
    """cpu1 floods 40 lines of 250 bytes while cpu0 holds the console: what fits comes out
    whole, the rest is dropped and counted in one line."""
    console = booted(smp)
    note = re.search(r'^# console: (\d+) of 40 flood lines kept, (\d+) dropped$',
                     console.output, re.M)
    assert note, console.failure('no flood note')
    kept, dropped = int(note.group(1)), int(note.group(2))
    assert 0 < kept < 40 and kept + dropped == 40, console.failure(note.group(0))
    flood = [l for l in console.output.splitlines() if l.startswith('# cdefgh')]
    assert len(flood) == kept and all(len(l) == 249 for l in flood), console.failure('flood')
    assert re.search(r'^cella: console: %d lines dropped \(ring full\)$' % dropped,
                     console.output, re.M), console.failure('no count of the drops')


def test_memory_size_from_boot_argument():
    console = boot(r'^cella: RAM .*$', smp=1, mem='512M', bootargs='ktest=off')
    assert re.search(r'^cella: RAM 512 MiB at 0x80000000$', console.output, re.M), \
        console.failure('RAM line')


def test_bad_memory_size_is_reported_not_fatal():
    console = boot(r'^cella: 1 cores online', smp=1, bootargs='mem=3Q ktest=off')
    assert re.search(r'^cella: mem=3Q: not a size .* using 128 MiB$', console.output, re.M), \
        console.failure('no complaint about mem=3Q')
    assert re.search(r'^cella: RAM 128 MiB at 0x80000000 \(default size\)$',
                     console.output, re.M), console.failure('RAM line')


def test_tick_rate_from_boot_argument():
    """tick_hz=10000: the self-test's 3 ticks come 100 us apart (at 100 Hz, 10 ms); icount."""
    console = boot(r'^ok \d+ - timer_not_early$', smp=1, bootargs='tick_hz=10000 utest=off',
                   extra=ICOUNT)
    m = re.search(r'^# (\d+) ticks in (\d+) us$', console.output, re.M)
    assert m, console.failure('no tick count')
    assert int(m.group(1)) >= 3 and 200 <= int(m.group(2)) < 1000, \
        console.failure('%s ticks in %s us at 10 kHz' % m.groups())


def test_nohz_off_keeps_every_tick():
    """nohz=off: idle cores tick too (by default they stop: timer_idle_stops_cpuN)."""
    console = boot(r'^ok \d+ - timer_ticks_cpu3$', smp=4, bootargs='nohz=off utest=off')
    for c in range(4):
        assert re.search(r'^ok \d+ - timer_ticks_cpu%d$' % c, console.output, re.M), \
            console.failure('cpu%d did not tick with nohz=off' % c)
    assert 'timer_idle_stops' not in console.output, console.failure('an idle core stopped')


def test_bad_tick_rate_is_reported_not_fatal():
    console = boot(r'^cella: 1 cores online', smp=1, bootargs='tick_hz=5 ktest=off')
    assert re.search(r'^cella: tick_hz=5 is not from 100 to 100000: 100 it is$',
                     console.output, re.M), console.failure('no complaint about tick_hz=5')


def test_selftests_can_be_skipped():
    console = boot(r'^root: ready$', smp=2, bootargs='ktest=off utest=off')
    assert 'cella: self-tests skipped (ktest=off)' in console.output, console.failure('no notice')
    assert 'KTAP version' not in console.output, console.failure('self-tests ran')
