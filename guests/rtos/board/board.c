// SPDX-License-Identifier: MIT
/*
 * Device discovery: the device tree's stdout UART, GIC, SP804, virtual timer,
 * memory, telemetry channel and PSCI conduit.
 */
#include <string.h>

#include <arch/mmu.h>
#include <board/board.h>
#include <board/fdt.h>
#include <board/vexpress.h>

#define PATH_MAX_LEN 128
#define VTIMER_INDEX 2 /* "arm,armv7-timer": secure, non-secure, virtual, hyp */

static const char *const gic_compatibles[] = {"arm,cortex-a15-gic", "arm,gic-400",
					      "arm,cortex-a9-gic"};
/* PSCI 0.2 and later have SYSTEM_RESET at its standard ID (0.1's node has no such call). */
static const char *const psci_compatibles[] = {"arm,psci-1.0", "arm,psci-0.2"};

static void defaults(struct board *b, uint64_t load_pa)
{
	*b = (struct board){.uart = VEXPRESS_UART0,
			    .uart_irq = VEXPRESS_UART0_IRQ,
			    .gicd = VEXPRESS_GICD,
			    .gicc = VEXPRESS_GICC,
			    .sp804 = VEXPRESS_SP804,
			    .sp804_irq = VEXPRESS_SP804_IRQ,
			    .vtimer_irq = VEXPRESS_VTIMER_IRQ,
			    .ram_end = load_pa + RTOS_DEFAULT_RAM};
}

/* /chosen/stdout-path without its options, an alias resolved; the node or -1. */
static int stdout_node(const struct fdt *f)
{
	char path[PATH_MAX_LEN];
	uint32_t len, n = 0;
	const char *p = fdt_prop(f, fdt_path(f, "/chosen"), "stdout-path", &len);

	if (!p)
		return -1;
	while (n < len && n < sizeof(path) - 1 && p[n] && p[n] != ':') {
		path[n] = p[n];
		n++;
	}
	path[n] = 0;
	if (path[0] != '/') {
		p = fdt_prop(f, fdt_path(f, "/aliases"), path, &len);
		return p && len && !p[len - 1] ? fdt_path(f, p) : -1;
	}
	return fdt_path(f, path);
}

static void probe_devices(const struct fdt *f, struct board *b)
{
	uint64_t size;
	int node = stdout_node(f);

	if (fdt_reg(f, node, 0, &b->uart, &size))
		fdt_irq(f, node, 0, &b->uart_irq);
	for (unsigned i = 0; i < sizeof(gic_compatibles) / sizeof(gic_compatibles[0]); i++) {
		node = fdt_compatible(f, gic_compatibles[i]);
		if (node >= 0 && fdt_reg(f, node, 0, &b->gicd, &size))
			fdt_reg(f, node, 1, &b->gicc, &size);
	}
	node = fdt_compatible(f, "arm,sp804");
	b->sp804 = 0;
	if (fdt_reg(f, node, 0, &b->sp804, &size))
		fdt_irq(f, node, 0, &b->sp804_irq);
	fdt_irq(f, fdt_compatible(f, "arm,armv7-timer"), VTIMER_INDEX, &b->vtimer_irq);
	channel_probe(f, BOARD_TELEMETRY, &b->telemetry);
}

/* Whether @node's property @name is the string @value. */
static bool prop_is(const struct fdt *f, int node, const char *name, const char *value)
{
	uint32_t len;
	const char *p = fdt_prop(f, node, name, &len);

	return p && len == strlen(value) + 1 && !strncmp(p, value, len);
}

/* The PSCI node's conduit: "hvc" under a hypervisor, "smc" with secure firmware. */
static enum psci_conduit probe_psci(const struct fdt *f)
{
	for (unsigned i = 0; i < sizeof(psci_compatibles) / sizeof(psci_compatibles[0]); i++) {
		int node = fdt_compatible(f, psci_compatibles[i]);

		if (prop_is(f, node, "method", "hvc"))
			return PSCI_HVC;
		if (prop_is(f, node, "method", "smc"))
			return PSCI_SMC;
	}
	return PSCI_NONE;
}

/* A pvpanic device's address, 0 if there is none (a bare board). */
static uint64_t probe_pvpanic(const struct fdt *f)
{
	uint64_t base, size;

	return fdt_reg(f, fdt_compatible(f, "qemu,pvpanic-mmio"), 0, &base, &size) ? base : 0;
}

/* /chosen/bootargs, if it fits: a word cut short would be another word. */
static void probe_bootargs(const struct fdt *f, struct board *b)
{
	uint32_t len;
	const char *p = fdt_prop(f, fdt_path(f, "/chosen"), "bootargs", &len);

	if (p && len && len <= sizeof(b->bootargs) && !p[len - 1])
		memcpy(b->bootargs, p, len);
}

bool board_has_arg(const struct board *b, const char *arg)
{
	size_t n = strlen(arg);

	for (const char *p = b->bootargs; *p;) {
		const char *end = p;

		while (*end && *end != ' ')
			end++;
		if ((size_t)(end - p) == n && !strncmp(p, arg, n))
			return true;
		p = *end ? end + 1 : end;
	}
	return false;
}

static void probe_memory(const struct fdt *f, struct board *b, uint64_t load_pa)
{
	uint64_t base, size;
	int node = fdt_path(f, "/memory");

	for (uint32_t i = 0; fdt_reg(f, node, i, &base, &size); i++)
		if (load_pa >= base && load_pa - base < size)
			b->ram_end = base + size;
}

void board_probe(struct board *b, uint32_t r0, uint32_t fdt_pa, uint64_t load_pa)
{
	struct fdt f;

	defaults(b, load_pa);
	if (r0 != 0 || !fdt_pa || fdt_pa & 7 || !mmu_map_table(fdt_pa, 8))
		return;
	if (!mmu_map_table(fdt_pa, fdt_total_size((void *)(uintptr_t)fdt_pa)) ||
	    !fdt_open(&f, (void *)(uintptr_t)fdt_pa))
		return;
	b->from_fdt = true;
	probe_devices(&f, b);
	probe_memory(&f, b, load_pa);
	probe_bootargs(&f, b);
	b->psci = probe_psci(&f);
	b->pvpanic = probe_pvpanic(&f);
}

bool board_map(const struct board *b)
{
	return mmu_map_device(b->uart) && mmu_map_device(b->gicd) && mmu_map_device(b->gicc) &&
	       (!b->sp804 || mmu_map_device(b->sp804)) &&
	       (!b->pvpanic || mmu_map_device(b->pvpanic));
}
