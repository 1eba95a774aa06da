// SPDX-License-Identifier: MIT
/*
 * Test-only kernel faults every ARM arch raises alike, and the lookup of a
 * kind among them and the arch's own (arm/kfault.h; the arch names them all
 * in kfault_arch_kinds()).
 */
#include <board.h>
#include <compiler.h>
#include <kfault.h>

#include <arm/kfault.h>
#include <shared/string.h>

/* Nothing is mapped right after the devices. */
#define UNMAPPED_VA (BOARD_DEVICE_BASE + BOARD_DEVICE_SIZE)

static void raise_undef(void)
{
	__asm__ volatile(".inst 0xe7f000f0"); /* UDF #0, which ARMv5's assembler does not name */
}

static void raise_dabt(void)
{
	(void)*(volatile uint32_t *)UNMAPPED_VA;
}

static void raise_pabt(void)
{
	((void (*)(void))UNMAPPED_VA)();
}

/* Recurse with a large frame until the stack runs into its guard. */
static __attribute__((noinline)) unsigned int dive(unsigned int depth)
{
	volatile unsigned char frame[512];

	frame[0] = (unsigned char)depth;
	if (depth > (1u << 20)) /* never: the stack (8 KiB) runs out at about 16 */
		return frame[0];
	return dive(depth + 1) + frame[0];
}

static void raise_stack(void)
{
	(void)dive(0);
}

static const struct kfault_kind arm_kinds[] = {
	{"undef", raise_undef},
	{"dabt", raise_dabt},
	{"pabt", raise_pabt},
	{"stack", raise_stack},
};

/* The kind called @name: ARM's, else the arch's; NULL if none is. */
static const struct kfault_kind *find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(arm_kinds); i++)
		if (strcmp(name, arm_kinds[i].name) == 0)
			return &arm_kinds[i];
	for (const struct kfault_kind *k = kfault_arm_arch_kinds; k->name; k++)
		if (strcmp(name, k->name) == 0)
			return k;
	return NULL;
}

bool kfault_arch_known(const char *kind)
{
	return find(kind) != NULL;
}

void kfault_arch_raise(const char *kind)
{
	const struct kfault_kind *k = find(kind);

	if (k)
		k->raise();
}
