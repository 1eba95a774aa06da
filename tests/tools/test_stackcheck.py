# SPDX-License-Identifier: MIT
"""tools/stackcheck.py on small images built here: it adds frames along the
deepest call path, follows tail calls and indirect calls, and refuses
recursion and stack decrements by a register."""

import os
import runpy
import subprocess
import sys

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, 'tools'))

import stackcheck  # noqa: E402

TARGET = runpy.run_path(os.path.join(TOP, 'arch', 'armv7', 'target.py'))
CC = [TARGET['CROSS'] + 'gcc', *TARGET['FLAGS'], '-O2', '-ffreestanding', '-nostdlib',
      '-fno-inline', '-fno-optimize-sibling-calls', '-Wl,-e,entry', '-Wl,--build-id=none']


def build(tmp_path, source):
    c = tmp_path / 'image.c'
    c.write_text(source)
    elf = tmp_path / 'image.elf'
    subprocess.run(CC + ['-o', str(elf), str(c)], check=True)
    return str(elf)


CHAIN = '''
volatile int sink;
__attribute__((noinline)) void leaf(void) { volatile char b[200]; b[0] = 1; sink = b[0]; }
__attribute__((noinline)) void middle(void) { volatile char b[100]; b[0] = 1; leaf(); sink = b[0]; }
__attribute__((noinline)) void shallow(void) { sink = 2; }
void (*volatile hook)(void) = middle;
void entry(void) { hook(); shallow(); for (;;); }
'''

RECURSIVE = '''
volatile int sink;
__attribute__((noinline)) int down(int n) { volatile char b[64]; b[0] = n; return n ? down(n - 1) + b[0] : 0; }
void entry(void) { sink = down(sink); for (;;); }
'''

VLA = '''
volatile int sink;
__attribute__((noinline)) void vla(int n) { volatile char b[n]; b[0] = 1; sink = b[0]; }
void entry(void) { vla(sink); for (;;); }
'''


def test_the_deepest_path_through_an_indirect_call(tmp_path, capsys):
    deep = stackcheck.check(build(tmp_path, CHAIN), 8192)
    out = capsys.readouterr().out
    assert 'entry -> middle -> leaf' in out, out
    assert 300 <= deep < 400, out  # two buffers and the saved registers


def test_recursion_is_refused(tmp_path):
    with pytest.raises(stackcheck.StackError, match=r'recursion: down -> down'):
        stackcheck.check(build(tmp_path, RECURSIVE), 8192)


def test_a_register_sized_frame_is_refused(tmp_path):
    with pytest.raises(stackcheck.StackError, match=r'vla: a stack decrement by a register'):
        stackcheck.check(build(tmp_path, VLA), 8192)


def test_a_path_deeper_than_the_stack_fails(tmp_path):
    with pytest.raises(stackcheck.StackError, match=r'the worst path needs \d+ bytes'):
        stackcheck.check(build(tmp_path, CHAIN), 600)
