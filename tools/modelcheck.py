# SPDX-License-Identifier: MIT
"""SPIN checks of the ring-and-doorbell model (stress/model/doorbell.pml).

Each check generates a verifier with `spin -a`, compiles it with gcc and
runs it in its own directory under build/spin/. The model must pass
(errors: 0, search complete) as written, and every faulty variant must fail
with an assertion violation: those prove the checks can fail.

    python3 tools/modelcheck.py      run them all (two at a time), one line each;
                                     exit 1 on a failure
"""

import concurrent.futures
import os
import re
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(TOP, 'stress', 'model', 'doorbell.pml')
OUT = os.path.join(TOP, 'build', 'spin')
MEMLIM_MB = 900  # per verifier; two run at once
JOBS = 2
DEPTH = 200000

# (name, spin -D options, gcc options, pan options, must pass). Verifiers are
# compiled with -O0: for searches this size gcc -O2 costs more than it saves.
CHECKS = [
    ('safety: no lost message or wake-up, 3 cores', [], ['-DSAFETY'], [], True),
    ('safety: 3 requests 0 -> 1, answers overflow too, drains run out of budget',
     ['-DNSEND0=3', '-DANSWER0=1', '-DNSEND2=0'], ['-DSAFETY'], [], True),
    ('no cycle, and safety: 2 requests 0 -> 1, answered',
     ['-DNSEND0=2', '-DANSWER0=1', '-DNSEND2=0'], ['-DNP'], ['-l'], True),
    ('no cycle, and safety: 1 request each 0 -> 1 and 2 -> 1, answered (doorbells meet)',
     ['-DNSEND0=1', '-DANSWER0=1', '-DNSEND2=1'], ['-DNP'], ['-l'], True),
    ('negative: the drain ends with a plain store, not compare-and-exchange',
     ['-DBUG_PLAIN_END'], ['-DSAFETY'], [], False),
    ('negative: an idle core sleeps with deferred sources', ['-DBUG_IDLE_SLEEPS'],
     ['-DSAFETY'], [], False),
    ('negative: no fence between setting want_space and the retry', ['-DBUG_NO_WANT_FENCE'],
     ['-DSAFETY'], [], False),
    ('negative: SGI acknowledged after the drain', ['-DBUG_ACK_AFTER_DRAIN'],
     ['-DSAFETY'], [], False),
    ('negative: the collect leaves RUNG set, so later posts ring no SGI', ['-DBUG_RUNG_KEPT'],
     ['-DSAFETY'], [], False),
    ('coverage: RUNG saves an SGI in the first check\'s workload', ['-DPROBE_RUNG_SUPPRESSES'],
     ['-DSAFETY'], [], False),
    ('coverage: RUNG saves an SGI in the meeting no-cycle workload',
     ['-DPROBE_RUNG_SUPPRESSES', '-DNSEND0=1', '-DANSWER0=1', '-DNSEND2=1'],
     ['-DSAFETY'], [], False),
]


def figure(pattern, text):
    m = re.search(pattern, text)
    return m.group(1) if m else '?'


def verify(name, defines, cflags, panflags):
    """Build and run one verifier; its output, or None if it could not be built."""
    work = os.path.join(OUT, re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-'))
    os.makedirs(work, exist_ok=True)
    for f in os.listdir(work):
        if f.endswith('.trail'):
            os.unlink(os.path.join(work, f))
    steps = [['spin'] + defines + ['-a', MODEL],
             ['gcc', '-O0', '-DCOLLAPSE', '-DMEMLIM=%d' % MEMLIM_MB, '-w'] + cflags +
             ['-o', 'pan', 'pan.c']]
    for cmd in steps:
        r = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stdout + r.stderr)
            return None
    r = subprocess.run(['./pan', '-m%d' % DEPTH] + panflags, cwd=work, capture_output=True,
                       text=True)
    return r.stdout + r.stderr


def judge(out, must_pass):
    """Whether SPIN's answer is the expected one, and why not."""
    errors = int(figure(r'errors: (\d+)', out).replace('?', '-1'))
    incomplete = 'reached -DMEMLIM' in out or 'max search depth too small' in out
    if must_pass:
        if errors != 0 or incomplete:
            return False, 'expected no error and a complete search'
        return True, ''
    if errors < 1 or 'assertion violated' not in out:
        return False, 'the faulty variant was not caught'
    return True, ''


def run_check(name, defines, cflags, panflags, must_pass):
    """Run one check; its verdict and the line (and on failure SPIN's output) to print."""
    start = time.monotonic()
    out = verify(name, defines, cflags, panflags)
    secs = time.monotonic() - start
    if out is None:
        return False, 'FAIL %s: could not build the verifier' % name
    ok, why = judge(out, must_pass)
    violated = figure(r'assertion violated (.*) \(at depth', out)
    line = '%s %s: %s states, depth %s, %.1fs%s%s' % (
        'ok  ' if ok else 'FAIL', name, figure(r'(\d+) states, stored', out),
        figure(r'depth reached (\d+)', out), secs,
        '' if must_pass else ', found: %s' % violated, '' if ok else ' -- ' + why)
    return ok, line if ok else line + '\n' + out


def run_all():
    """Every check, two at a time; prints one line each, in order. True if all pass."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
        results = [pool.submit(run_check, *check) for check in CHECKS]
        ok = True
        for r in results:
            passed, text = r.result()
            print(text, flush=True)
            ok &= passed
    return ok


if __name__ == '__main__':
    sys.exit(0 if run_all() else 1)
