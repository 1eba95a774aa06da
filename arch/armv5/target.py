# SPDX-License-Identifier: MIT
"""What the ARMv5 target needs of the compiler: read by SConstruct (and tools).

The same names as arch/armv7/target.py, and what this arch can do.
"""

# The cross toolchain's prefix (gcc, ar, objcopy, nm...).
CROSS = 'arm-none-eabi-'

# An ARM926EJ-S in ARM state, soft float, no unaligned accesses.
FLAGS = ['-mcpu=arm926ej-s', '-marm', '-mfloat-abi=soft', '-mno-unaligned-access']

# No virtualization extensions: kernel/vcpu_none.c refuses the VCPU calls.
VCPUS = False

