/* SPDX-License-Identifier: MIT */
/* Kernel counters that SYS_KSTAT reads, per core. Shared by the kernel and user level. */
#pragma once

#define KSTAT_XCALLS_SENT    0	/* cross-core requests this core pushed */
#define KSTAT_DOORBELLS	     1	/* doorbells this core rang */
#define KSTAT_XCALLS_HANDLED 2	/* cross-core requests this core carried out */
#define KSTAT_TICKS	     3	/* timer ticks this core took */
#define KSTAT_IRQS	     4	/* interrupts this core acknowledged */
#define KSTAT_VM_EXITS	     5	/* exceptions taken from a guest (traps and interrupts) */
#define KSTAT_VIRQS	     6	/* virtual interrupts put in a list register */
#define KSTAT_INJECT_CYCLES  7	/* HYP cycles of interrupt exits that injected (see docs/vmm.md) */
#define KSTAT_INJECT_EXITS   8	/* how many such exits KSTAT_INJECT_CYCLES sums */
#define KSTAT_STACK_USED     9	/* the most bytes of its kernel stack the core ever used */
#define KSTAT_KMEM_USED	     10 /* bytes of kernel memory in use, all pools (any core: the same) */
#define KSTAT_VMIDS	     11 /* VMIDs the core's spaces hold */
#define KSTAT_COUNT	     12
