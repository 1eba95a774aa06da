# SPDX-License-Identifier: MIT
"""Fuzz cellconf's front end with AFL++: `./cella fuzz` and a stage of `./cella test`.

The harness (partition/cellconf/fuzz.c, built with afl-clang-fast and ASan +
UBSan) reads one input as a system description. Seeds and a dictionary live
in tests/cellconf/fuzz/; findings go to build/fuzz/. Any crash fails.
"""

import glob
import os
import shutil
import subprocess

import cellaqemu

TOP = cellaqemu.TOP
HARNESS = os.path.join(TOP, 'build', 'host', 'cellconf', 'cellconf-fuzz')
SEEDS = os.path.join(TOP, 'tests', 'cellconf', 'fuzz', 'seeds')
DICT = os.path.join(TOP, 'tests', 'cellconf', 'fuzz', 'yaml.dict')
IMAGES = os.path.join(TOP, 'tests', 'cellconf', 'images')
OUT = os.path.join(TOP, 'build', 'fuzz')


def run(seconds):
    """Build the harness, fuzz for @seconds, return True when nothing crashed."""
    if subprocess.run(['scons', '-Q', '-j2', '-C', TOP, 'cellconf-fuzz']).returncode:
        print('cellconf fuzz: the harness did not build')
        return False
    shutil.rmtree(OUT, ignore_errors=True)
    env = dict(os.environ, AFL_NO_UI='1', AFL_SKIP_CPUFREQ='1', AFL_NO_AFFINITY='1',
               AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES='1', AFL_SKIP_CRASHES='0',
               AFL_QUIET='1')
    cmd = ['nice', 'afl-fuzz', '-i', SEEDS, '-o', OUT, '-x', DICT, '-V', str(int(seconds)),
           '-t', '2000', '--', HARNESS, '@@', IMAGES]
    log_path = os.path.join(TOP, 'build', 'fuzz.log')
    with open(log_path, 'w') as log:
        status = subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT).returncode
    crashes = [p for p in glob.glob(os.path.join(OUT, '*', 'crashes', 'id:*'))]
    stats = {}
    for path in glob.glob(os.path.join(OUT, '*', 'fuzzer_stats')):
        for line in open(path):
            key, _, value = line.partition(':')
            stats[key.strip()] = value.strip()
    print('cellconf fuzz: %s executions in %ss, %s paths, %d crashes (log: %s)'
          % (stats.get('execs_done', '?'), stats.get('run_time', '?'),
             stats.get('corpus_count', '?'), len(crashes), os.path.relpath(log_path, TOP)))
    for path in crashes:
        print('  crash: %s' % os.path.relpath(path, TOP))
    if status != 0:
        print('cellconf fuzz: afl-fuzz exited with status %d; see the log' % status)
    return status == 0 and not crashes and bool(stats)
