# SPDX-License-Identifier: MIT
"""The partition service on the native system, partition/systems/native.yaml
(-smp 4): producer, consumer and faulty on cores 1-3.

Three boots: one watched (cells on their cores, the producer/consumer
stream, faulty's refused handles, its faults and restarts while the others
go on), one where the consumer writes to its read-only channel, and one
driven through the management console.
"""

import os
import re
import subprocess

import pytest

from conftest import BOOT_TIMEOUT, cellaqemu, ktap_suites
from test_vm import build_image

SERVICE = 'ktest=off utest=off'
CELLS = {'producer': (1, 0x84000000, '100..150'), 'consumer': (2, 0x84100000, '100..150'),
         'faulty': (3, 0x84200000, '50..60')}
CHANNEL = (0x84240000, 0x10000)  # stream: 64K placed after the cells
_watched = []


@pytest.fixture(scope='module')
def native_image():
    return build_image('partition/systems/native.yaml', 'cella-native')


def start(image, bootargs=SERVICE, smp=4):
    """Boot @image with the partition service running; the console once it is ready."""
    console = cellaqemu.Console(smp=smp, bootargs=bootargs, image=image)
    try:
        console.expect(r'^service: ready; type help$', BOOT_TIMEOUT)
    except Exception:
        console.close()
        raise
    return console


def counter(console, who, word, output=None):
    """The last progress count @who printed ('producer| sent N', 'consumer| received N')."""
    counts = re.findall(r'^%s\| %s (\d+)' % (who, word), output or console.output, re.M)
    return int(counts[-1]) if counts else 0


def wait_more(console, who, word, than, timeout=20):
    """Wait until @who's counter is above @than; return it."""
    console.wait_until(lambda out: counter(console, who, word, out) > than, timeout,
                       '%s: %s above %d' % (who, word, than))
    return counter(console, who, word)


def cells_table(console, names=tuple(CELLS)):
    """Type `cells`; {name: row words} of the table it prints (@names: its cells, in order)."""
    mark = len(console.output)
    console.send('cells\n')
    row = re.compile(r'^%s +\S+.*\n' % names[-1], re.M)
    console.wait_until(lambda out: row.search(out, mark), 10, 'the cells table')
    rows = {}
    for line in console.output[mark:].splitlines():
        words = line.split()
        if words and words[0] in names:
            rows[words[0]] = words
    return rows


def cores_table(console):
    """Type `cores`; {core: (cell, xcalls sent, xcalls done, doorbells, irqs)}."""
    mark = len(console.output)
    console.send('cores\n')
    last = re.compile(r'^3 +\S+( +\d+){6}\n', re.M)
    console.wait_until(lambda out: last.search(out, mark), 10, 'the cores table')
    rows = {}
    for m in re.finditer(r'^(\d) +(\S+) +(\d+) +(\d+) +(\d+) +(\d+)( +\d+){2}$',
                         console.output[mark:], re.M):
        rows[int(m.group(1))] = (m.group(2),) + tuple(int(m.group(i)) for i in range(3, 7))
    return rows


@pytest.fixture(scope='module')
def watched(native_image):
    console = start(native_image)
    try:
        console.expect(r'^faulty\| run 3 on core 3$', BOOT_TIMEOUT)
        yield console
    finally:
        console.close()


def test_cells_come_up_on_their_cores(watched):
    for name, (core, base, band) in CELLS.items():
        assert re.search(r'^cell %s: running on 1 core from 0x%08x, priority %s$'
                         % (name, base, band), watched.output, re.M), watched.failure(name)
        assert re.search(r'^%s\| run 1 on core %d' % (name, core), watched.output, re.M), \
            watched.failure(name)
    rows = cells_table(watched)
    assert rows['producer'][1:5] == ['running', '1', '1M', '100..150'], rows
    assert rows['consumer'][1:5] == ['running', '2', '1M', '100..150'], rows
    assert rows['faulty'][2:5] == ['3', '256K', '50..60'], rows


def test_the_kernel_sees_each_cell_working_on_its_own_core(watched):
    # The doorbells are homed on each waiter's core: the producer (core 1)
    # and the consumer (core 2) each ring the other across cores, so the
    # kernel's counters of those two cores rise; faulty's core 3 barely.
    before = cores_table(watched)
    watched.read_for(1)
    after = cores_table(watched)
    assert [after[c][0] for c in range(4)] == ['(service)', 'producer', 'consumer', 'faulty']
    sent = {c: after[c][1] - before[c][1] for c in range(4)}
    assert sent[1] > 50 and sent[2] > 50, (before, after)
    assert sent[3] * 10 < min(sent[1], sent[2]), (before, after)


def test_producer_and_consumer_exchange_over_the_channel(watched):
    m = re.search(r'^producer\| run 1 on core 1: channel stream to consumer at 0x%08x, '
                  r'doorbell handles \d+/\d+$' % CHANNEL[0], watched.output, re.M)
    assert m, watched.failure('producer did not find its channel')
    assert re.search(r'^consumer\| run 1 on core 2: channel stream from producer at 0x%08x '
                     r'\(read-only\)$' % CHANNEL[0], watched.output, re.M)
    sent = wait_more(watched, 'producer', 'sent', 0)
    received = wait_more(watched, 'consumer', 'received', sent)
    assert received > sent
    counts = re.findall(r'^consumer\| received \d+, last seq \d+, (\d+) bad, (\d+) lost, '
                        r'\d+ restarts$', watched.output, re.M)
    assert counts, watched.failure('no progress line from the consumer')
    assert all(c == ('0', '0') for c in counts), watched.failure('a record arrived damaged or was lost')


def test_consumer_device_is_mapped_and_interrupts(watched):
    # uart1's PL011 peripheral ID register, read by the consumer through its mapping.
    assert re.search(r'^consumer\| device uart1 at 0x1c0a0000, peripheral id 0x11, 1 interrupts$',
                     watched.output, re.M), watched.failure('uart1 not reached')
    # Its transmit interrupt (GIC 38) reaches the consumer's notification, bit 0.
    assert re.search(r'^consumer\| uart1 interrupt 38: ERR_NONE, bits 0x1, acknowledged: ERR_NONE$',
                     watched.output, re.M), watched.failure('uart1 interrupt not delivered')


def test_a_cell_without_a_channel_holds_no_handle(watched):
    handles = re.search(r'doorbell handles (\d+)/(\d+)', watched.output)
    # The producer's doorbell handles work in its space; the same numbers (every
    # slot of a table, two generations) are refused in faulty's.
    assert all(0 < int(h) < 256 for h in handles.groups())
    runs = re.findall(r'^faulty\| no channel: (\d+) handles tried: signal refused (\d+), '
                      r'call refused (\d+) \(ERR_BAD_HANDLE\)$', watched.output, re.M)
    assert runs and all(r == ('510', '510', '510') for r in runs), watched.failure('probe')
    assert re.search(r'^faulty\| console input: ERR_NO_RIGHTS$', watched.output, re.M)


def test_a_cell_cannot_forge_a_kernel_line_or_send_escapes(watched):
    """faulty writes 'cella: forged by faulty', a clear-screen and a CR in two writes: one line,
    marked as faulty's, the control characters shown as '?'."""
    assert re.search(r'^faulty\| cella: forged by faulty\?\[2J\?$', watched.output, re.M), \
        watched.failure('the forged line was not marked whole')
    assert not re.search(r'^cella: forged', watched.output, re.M), watched.failure('forged')
    assert '\x1b[2J' not in watched.output, watched.failure('an escape reached the console')


def test_faulty_is_faulted_reported_and_restarted_while_others_go_on(watched):
    faults = re.findall(r'^cell faulty: thread 0 on core 3: data abort at 0x(\w+) \(pc 0x\w+, '
                        r'syndrome 0x\w+\); restarting it \(fault (\d+)\)$', watched.output, re.M)
    assert [n for _, n in faults][:2] == ['1', '2'], watched.failure('faults not reported')
    assert all(int(a, 16) == 0x00140000 for a, _ in faults)  # just past its 256K
    assert 'read outside my memory and was not stopped' not in watched.output
    sent = counter(watched, 'producer', 'sent')
    received = counter(watched, 'consumer', 'received')
    watched.expect(r'^cell faulty: .*\(fault 3\)$', BOOT_TIMEOUT)
    watched.expect(r'^faulty\| run 4 on core 3$', BOOT_TIMEOUT)
    assert wait_more(watched, 'producer', 'sent', sent) > sent
    assert wait_more(watched, 'consumer', 'received', received) > received
    rows = cells_table(watched)
    assert rows['faulty'][1] == 'running' and int(rows['faulty'][6]) >= 3, rows
    assert int(rows['faulty'][5]) >= 3, rows
    assert rows['producer'][5:7] == ['0', '0'] and rows['consumer'][5:7] == ['0', '0'], rows


def test_read_only_side_that_writes_is_faulted_and_stopped(native_image):
    console = start(native_image, SERVICE + ' cellarg=consumer:rowrite')
    try:
        console.expect(r'^consumer\| writing to read-only channel stream at 0x%08x$' % CHANNEL[0],
                       BOOT_TIMEOUT)
        m = console.expect(r'^cell consumer: thread 0 on core 2: data abort at 0x(\w+) .*; '
                           r'stopping it \(fault 1\)$', BOOT_TIMEOUT)
        assert CHANNEL[0] <= int(m.group(1), 16) < CHANNEL[0] + CHANNEL[1]
        faulty_runs = len(re.findall(r'^faulty\| run \d+ on', console.output, re.M))
        console.expect(r'^faulty\| run %d on core 3$' % (faulty_runs + 1), BOOT_TIMEOUT)
        assert 'went through' not in console.output
        rows = cells_table(console)
        assert rows['consumer'][1] == 'stopped' and rows['consumer'][5] == '1', rows
        assert rows['producer'][1] == 'running', rows
    finally:
        console.close()


def command(console, line, expect):
    console.send(line + '\n')
    return console.expect(expect, 10)


def test_console_stop_start_restart_and_errors(native_image):
    console = start(native_image)
    try:
        command(console, 'help', r'^  restart +NAME +stop, then start, the cell NAME$')
        command(console, 'bogus', r"^unknown command 'bogus'; commands: help cells cores "
                                  r"kstat stop start restart soak$")
        command(console, 'soak', r'^usage: soak N$')
        command(console, 'soak 0', r'^usage: soak N$')
        command(console, 'stop nobody', r"^no cell named 'nobody'; cells: producer consumer "
                                        r"faulty$")
        command(console, 'stop', r'^usage: stop NAME$')
        command(console, 'start producer', r'^cell producer is already running$')
        wait_more(console, 'consumer', 'received', 0)
        command(console, 'stop producer', r'^cell producer: stopped$')
        assert cells_table(console)['producer'][1] == 'stopped'
        command(console, 'stop producer', r'^cell producer is not running \(stopped\)$')
        console.read_for(1)  # a record in flight may still be reported
        mark = len(console.output)
        console.read_for(2.5)  # the consumer reports each second while records come
        assert not re.search(r'^consumer\| received', console.output[mark:], re.M), \
            console.failure('records arrived from a stopped producer')
        stalled = counter(console, 'consumer', 'received')
        command(console, 'start producer', r'^cell producer: started \(run 2\)$')
        console.expect(r'^producer\| run 2 on core 1', 10)
        assert wait_more(console, 'consumer', 'received', stalled) > stalled
        command(console, 'restart consumer', r'^cell consumer: restarted \(run 2\)$')
        console.expect(r'^consumer\| run 2 on core 2', 10)
        # Its device still works: the interrupt was acknowledged before the restart.
        console.wait_until(lambda out: len(re.findall(r'^consumer\| uart1 interrupt 38: ERR_NONE',
                                                      out, re.M)) == 2, 10, 'uart1 again')
        before = counter(console, 'producer', 'sent')
        assert wait_more(console, 'producer', 'sent', before) > before
        rows = cells_table(console)
        assert rows['consumer'][1] == 'running' and rows['consumer'][6] == '1', rows
        assert rows['producer'][1] == 'running' and rows['producer'][6] == '0', rows
    finally:
        console.close()


def test_cells_on_missing_cores_are_not_started(native_image):
    console = start(native_image, smp=2)
    try:
        for name in ('consumer', 'faulty'):
            assert re.search(r'^cell %s: not started: core %d is not online \(ERR_INVALID\)$'
                             % (name, CELLS[name][0]), console.output, re.M), console.failure(name)
        command(console, 'start faulty',
                r'^cell faulty cannot run: core 3 is not online \(ERR_INVALID\)$')
        assert cells_table(console)['faulty'][1] == 'broken'
        console.expect(r'^producer\| run 1 on core 1', 10)
    finally:
        console.close()


def test_console_read_from_the_root_task():
    """SYS_CONSOLE_READ's errors, from the root task's own suite (tests_console.c)."""
    console = cellaqemu.Console(bootargs='ktest=off', image=cellaqemu.TEST_IMAGE)
    try:
        console.expect(r'^# console input tests: \d+ ok, \d+ not ok$', BOOT_TIMEOUT)
    finally:
        console.close()
    suites = [r for text, r in ktap_suites(console.output)
              if text.startswith('# console input tests\n')]
    results = suites[0] if len(suites) == 1 else {}
    assert sorted(results) == ['console_read_errors', 'console_read_nothing_typed'], \
        console.failure('console suite')
    assert all(ok for ok, _ in results.values()), console.failure('console suite failed')


def test_the_description_given_to_build_is_what_boots():
    """./cella build --config links another table and its images in; the default comes back."""
    cella = os.path.join(cellaqemu.TOP, 'cella')
    r = subprocess.run([cella, 'build', '--config', 'tests/qemu/systems/pair.yaml'],
                       cwd=cellaqemu.TOP, capture_output=True, text=True)
    try:
        assert r.returncode == 0, r.stdout + r.stderr
        console = start(cellaqemu.IMAGE)
        try:
            assert 'service: 2 cells in the table for vexpress-a15' in console.output
            assert re.search(r'^cell consumer: running on 2 cores from 0x84000000, priority '
                             r'20\.\.30$', console.output, re.M), console.failure('consumer')
            console.expect(r'^consumer\| thread 1 on core 2: nothing to do$', 10)
            console.expect(r'^producer\| run 1 on core 3: channel wide to consumer at 0x84080000',
                           10)
            console.expect(r'^consumer\| run 1 on core 1: channel wide from producer at '
                           r'0x84080000 \(read-only\)$', 10)
            wait_more(console, 'consumer', 'received', 0)
            rows = cells_table(console, ('consumer', 'producer'))
            assert rows['consumer'][1:5] == ['running', '1,2', '768K', '20..30'], rows
            assert rows['producer'][1:5] == ['running', '3', '1M', '40..40'], rows
            assert 'faulty' not in console.output
        finally:
            console.close()
    finally:
        r = subprocess.run([cella, 'build'], cwd=cellaqemu.TOP, capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr


def test_a_cell_that_faults_at_once_is_not_restarted_forever(native_image):
    console = start(native_image, SERVICE + ' cellarg=faulty:now')
    give_up = re.compile(r'^cell faulty: thread 0 on core 3: data abort at 0x00140000 .*; stopping '
                         r'it: it faulted right after each of its last starts \(fault (\d+)\)$',
                         re.M)
    try:
        console.wait_until(lambda out: give_up.search(out), BOOT_TIMEOUT, 'faulty given up')
        faults = int(give_up.search(console.output).group(1))
        assert faults >= 3  # three quick ones in a row (a slow host may add slow ones)
        restarts = re.findall(r'^cell faulty: .*restarting it \(fault \d+\)$', console.output,
                              re.M)
        assert len(restarts) == faults - 1
        rows = cells_table(console)
        assert rows['faulty'][1] == 'stopped', rows
        assert rows['faulty'][5:7] == [str(faults), str(faults - 1)], rows
        command(console, 'start faulty', r'^cell faulty: started \(run %d\)$' % (faults + 1))
        console.wait_until(lambda out: len(give_up.findall(out)) == 2, BOOT_TIMEOUT,
                           'faulty given up after a start by hand')
        assert int(give_up.findall(console.output)[1]) >= faults + 3
        sent = counter(console, 'producer', 'sent')
        assert wait_more(console, 'producer', 'sent', sent) > sent
    finally:
        console.close()
