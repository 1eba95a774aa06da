// SPDX-License-Identifier: MIT
/* Test-only kernel faults on ARMv5: one of each exception the kernel may take in SVC. */
#include <board.h>
#include <compiler.h>
#include <kfault.h>

#include <shared/string.h>

/* Nothing is mapped right after the devices. */
#define UNMAPPED_VA (BOARD_DEVICE_BASE + BOARD_DEVICE_SIZE)

static void raise_undef(void)
{
	__asm__ volatile(".word 0xe7f000f0"); /* permanently undefined */
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

static void raise_svc(void)
{
	__asm__ volatile("svc #0" ::: "lr");
}

static const struct {
	const char *name;
	void (*raise)(void);
} kinds[] = {
	{"undef", raise_undef}, {"dabt", raise_dabt},	{"pabt", raise_pabt},
	{"svc", raise_svc},	{"stack", raise_stack},
};

const char *kfault_arch_kinds(void)
{
	return "undef, dabt, pabt, svc, stack";
}

bool kfault_arch_known(const char *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (strcmp(kind, kinds[i].name) == 0)
			return true;
	return false;
}

void kfault_arch_raise(const char *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (strcmp(kind, kinds[i].name) == 0)
			kinds[i].raise();
}
