# SPDX-License-Identifier: MIT
"""The board's facts for tools, read from its one description: board.h.

arch/ARCH/board/BOARD/board.h is the board file the kernel compiles with;
tools (the QEMU command line, the board-and-platform check) read its
`#define BOARD_...` lines here instead of writing the facts again.
Values are integers (simple constant expressions, earlier names allowed)
or strings.
"""

import ast
import operator
import os
import re

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_ARCH = 'armv7'
DEFAULT_BOARD = 'vexpress-a15'

DEFINE = re.compile(r'^#define\s+(BOARD_\w+)\s+(.+?)\s*(?:/\*.*)?$')
OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
       ast.LShift: operator.lshift, ast.RShift: operator.rshift,
       ast.BitOr: operator.or_, ast.BitAnd: operator.and_}


class BoardError(ValueError):
    """board.h has a line this reader cannot evaluate."""


def path(arch=DEFAULT_ARCH, board=DEFAULT_BOARD):
    return os.path.join(TOP, 'arch', arch, 'board', board, 'board.h')


def _value(node, known):
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, str)):
        return node.value
    if isinstance(node, ast.Name) and node.id in known:
        return known[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in OPS:
        return OPS[type(node.op)](_value(node.left, known), _value(node.right, known))
    raise BoardError('not a constant: %s' % ast.dump(node))


def parse(text, where='board.h'):
    """{name: value} of every `#define BOARD_...` in @text."""
    facts = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = DEFINE.match(line)
        if not m:
            continue
        expr = re.sub(r'\b(0x[0-9a-fA-F]+|\d+)[uUlL]+\b', r'\1', m.group(2))
        try:
            facts[m.group(1)] = _value(ast.parse(expr, mode='eval').body, facts)
        except (SyntaxError, BoardError) as e:
            raise BoardError('%s:%d: %s: %s' % (where, n, m.group(1), e)) from None
    return facts


def load(arch=DEFAULT_ARCH, board=DEFAULT_BOARD):
    """The facts of board.h of @board under @arch."""
    p = path(arch, board)
    with open(p) as f:
        return parse(f.read(), os.path.relpath(p, TOP))
