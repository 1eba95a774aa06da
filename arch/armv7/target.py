# SPDX-License-Identifier: MIT
"""What the ARMv7 target needs of the compiler: read by SConstruct (and tools).

Every flag that names the CPU or the instruction set is here, not in
SConstruct: another arch supplies its own target.py with the same names.
"""

# The cross toolchain's prefix (gcc, ar, objcopy, nm...).
CROSS = 'arm-none-eabi-'

# Code generation for kernel, user level and guests alike: a Cortex-A15 in
# ARM state, no floating point in the kernel's registers (soft float), and
# no unaligned accesses (Device memory and the MMU-off boot path fault on them).
FLAGS = ['-mcpu=cortex-a15', '-marm', '-mfloat-abi=soft', '-mno-unaligned-access']

# Virtualization extensions: VCPUs (kernel/vcpu.c).
VCPUS = True

