// SPDX-License-Identifier: MIT
/*
 * User-level interrupt tests, on a real device: the board's spare SP804
 * dual timer, which the boot info names (vexpress-a15's timers 0/1 at
 * 0x1c110000, ID 34; versatilepb's timers 2/3 at 0x101e3000, VIC line 5),
 * mapped from a device window.
 */
#include <cella/lib.h>
#include <cella/memory.h>

#include "root.h"

#define SP804_MAP     (USER_BASE + 0x00900000) /* where the test maps its registers */
#define SP804_LOAD    0x00
#define SP804_CTRL    0x08
#define SP804_INTCLR  0x0c
#define CTRL_ENABLE   0x80
#define CTRL_PERIODIC 0x40
#define CTRL_INTEN    0x20
#define CTRL_32BIT    0x02
#define TIMER_US      5000 /* period: the SP804 counts at 1 MHz (bootinfo.h) */
#define NO_DEVICE_IRQ 0	   /* below every board's device IDs: SGI 0, the VIC's watchdog */
#define BIT	      0x100
#define US	      1000u

static volatile unsigned int *const sp804 = (volatile unsigned int *)SP804_MAP;

static void reg_write(unsigned int offset, unsigned int value)
{
	sp804[offset / 4] = value;
}

/* The device window that holds @base, or NULL. */
static const struct bootinfo_memory *device_window(unsigned int base)
{
	for (int i = 0; i < BOOTINFO_MAX_DEVICES; i++) {
		const struct bootinfo_memory *d = &boot_info->devices[i];

		if (base >= d->base && base - d->base < d->size)
			return d;
	}
	return NULL;
}

/*
 * A memory object for the one page of device registers at @base, split out
 * of its window (which may begin with that page, or be no more than it).
 */
static int device_page(unsigned int base)
{
	const struct bootinfo_memory *d = device_window(base);
	int page = d ? (int)d->handle : ERR_NOT_FOUND;

	if (d && base > d->base)
		page = sys_memory_split(d->handle, base - d->base);
	if (page > 0 && d->base + d->size - base > PAGE_SIZE)
		sys_memory_split((handle_t)page, PAGE_SIZE);
	return page;
}

static void test_irq_claim_errors(void)
{
	unsigned int other = boot_info->timer.irq + 1; /* another device's: free in the tests */
	int irq = sys_irq_create(boot_info->irq_control, other);

	CHECK(irq > 0);
	CHECK_EQ(sys_irq_create(boot_info->irq_control, other), ERR_BUSY);
	CHECK_EQ(sys_irq_create(boot_info->irq_control, NO_DEVICE_IRQ), ERR_INVALID);
	CHECK_EQ(sys_irq_create(boot_info->irq_control, 5000), ERR_INVALID);
	CHECK_EQ(sys_irq_create(boot_info->self_space, other + 1), ERR_WRONG_TYPE);
	CHECK_EQ(sys_irq_ack(irq), ERR_STATE); /* not bound yet */
	CHECK_EQ(sys_irq_set_notify(irq, boot_info->self_space, BIT), ERR_WRONG_TYPE);
	int n = sys_notify_create();

	CHECK_EQ(sys_irq_set_notify(irq, n, 0), ERR_INVALID);
	CHECK_EQ(sys_handle_close(irq), 0); /* releases the claim */
	irq = sys_irq_create(boot_info->irq_control, other);
	CHECK(irq > 0);
	CHECK_EQ(sys_handle_close(irq), 0);
}

static void test_device_memory(void)
{
	int page = device_page(boot_info->timer.base);

	CHECK(page > 0);
	CHECK_EQ(sys_kmem_donate(boot_info->self_space, page), ERR_STATE); /* never kernel memory */
	CHECK_EQ(sys_memory_map(boot_info->self_space, page, SP804_MAP, RIGHT_READ | RIGHT_WRITE),
		 0);
	reg_write(SP804_LOAD, 1234);
	CHECK_EQ(sp804[SP804_LOAD / 4], 1234); /* a real device register */
	/* The kernel never touches a device on a thread's behalf. */
	CHECK_EQ(sys_debug_write((const char *)SP804_MAP, 4), ERR_FAULT);
	CHECK_EQ(sys_console_read((char *)SP804_MAP, 4), ERR_FAULT);
}

static void test_irq_delivered_masked_acked(void)
{
	int irq = sys_irq_create(boot_info->irq_control, boot_info->timer.irq);
	int n = sys_notify_create();
	unsigned int bits = 0;

	int ack_only = irq > 0 ? sys_handle_copy(irq, boot_info->self_space, RIGHT_SEND, 0) : -1;

	CHECK(irq > 0 && n > 0 && ack_only > 0);
	CHECK_EQ(sys_irq_set_notify(ack_only, n, BIT), ERR_NO_RIGHTS); /* binding is MANAGE's */
	CHECK_EQ(sys_irq_set_notify(irq, n, BIT), 0);
	reg_write(SP804_LOAD, TIMER_US);
	reg_write(SP804_CTRL, CTRL_ENABLE | CTRL_PERIODIC | CTRL_INTEN | CTRL_32BIT);
	CHECK_EQ(sys_wait(n, &bits, 200000 * US / 1000), 0);
	CHECK_EQ(bits, BIT);
	reg_write(SP804_INTCLR, 1);
	CHECK_EQ(sys_irq_ack(ack_only), 0);		     /* acknowledging is SEND's */
	CHECK_EQ(sys_wait(n, &bits, 200000 * US / 1000), 0); /* the next period */
	CHECK_EQ(bits, BIT);
	reg_write(SP804_INTCLR, 1);
	/* Not acknowledged: masked, whatever the device does meanwhile. */
	CHECK_EQ(sys_wait(n, &bits, 4 * TIMER_US), ERR_TIMEOUT);
	CHECK_EQ(sys_irq_ack(irq), 0); /* the device is asserting again: delivered now */
	CHECK_EQ(sys_wait(n, &bits, 200000 * US / 1000), 0);
	CHECK_EQ(bits, BIT);
	reg_write(SP804_CTRL, 0);
	reg_write(SP804_INTCLR, 1);
	CHECK_EQ(sys_handle_close(ack_only), 0);
	CHECK_EQ(sys_handle_close(irq), 0);
}

static const struct utest tests[] = {
	{"irq_claim_errors", test_irq_claim_errors},
	{"irq_device_memory", test_device_memory},
	{"irq_delivered_masked_acked", test_irq_delivered_masked_acked},
};

void root_run_irq_tests(void)
{
	const char *suite = "user-level interrupt tests";
	int n = sizeof(tests) / sizeof(tests[0]);

	if (!boot_info->timer.base || !device_window(boot_info->timer.base))
		ktap_skip_suite(suite, tests, n,
				"the board names no spare SP804 in a device window");
	else
		ktap_run(suite, tests, n);
}
