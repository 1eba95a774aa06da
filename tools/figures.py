# SPDX-License-Identifier: MIT
"""What every bench does with its figures at the end: one JSON file."""

import json
import os


def write_json(path, figures):
    """@figures (a dict) into @path as sorted, indented JSON, and say where."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(figures, f, indent=2, sort_keys=True)
        f.write('\n')
    print('cella: wrote %s' % path)
