// SPDX-License-Identifier: MIT
/*
 * User-level interrupt tests, on a real device: the SP804 timer at
 * 0x1c110000 (SPI 34 on vexpress-a15), mapped from a device window.
 */
#include <cella/lib.h>

#include "root.h"

#define SP804_BASE    0x1c110000
#define SP804_IRQ     34
#define SP804_MAP     (USER_BASE + 0x00900000) /* where the test maps its registers */
#define SP804_LOAD    0x00
#define SP804_CTRL    0x08
#define SP804_INTCLR  0x0c
#define CTRL_ENABLE   0x80
#define CTRL_PERIODIC 0x40
#define CTRL_INTEN    0x20
#define CTRL_32BIT    0x02
#define TIMER_US      5000 /* period: the SP804 counts at 1 MHz */
#define BIT	      0x100
#define US	      1000u

static volatile unsigned int *const sp804 = (volatile unsigned int *)SP804_MAP;

static void reg_write(unsigned int offset, unsigned int value)
{
	sp804[offset / 4] = value;
}

/* A memory object for the one page of device registers at @base. */
static int device_page(unsigned int base)
{
	for (int i = 0; i < BOOTINFO_MAX_DEVICES; i++) {
		const struct bootinfo_memory *d = &boot_info->devices[i];

		if (base >= d->base && base < d->base + d->size) {
			int upper = sys_memory_split(d->handle, base - d->base);

			if (upper < 0)
				return upper;
			sys_memory_split((handle_t)upper, 4096);
			return upper;
		}
	}
	return ERR_NOT_FOUND;
}

static void test_irq_claim_errors(void)
{
	int irq = sys_irq_create(boot_info->irq_control, SP804_IRQ + 1);

	CHECK(irq > 0);
	CHECK_EQ(sys_irq_create(boot_info->irq_control, SP804_IRQ + 1), ERR_BUSY);
	CHECK_EQ(sys_irq_create(boot_info->irq_control, 27), ERR_INVALID); /* a PPI */
	CHECK_EQ(sys_irq_create(boot_info->irq_control, 5000), ERR_INVALID);
	CHECK_EQ(sys_irq_create(boot_info->self_space, SP804_IRQ + 2), ERR_WRONG_TYPE);
	CHECK_EQ(sys_irq_ack(irq), ERR_STATE); /* not bound yet */
	CHECK_EQ(sys_irq_set_notify(irq, boot_info->self_space, BIT), ERR_WRONG_TYPE);
	int n = sys_notify_create();

	CHECK_EQ(sys_irq_set_notify(irq, n, 0), ERR_INVALID);
	CHECK_EQ(sys_handle_close(irq), 0); /* releases the claim */
	irq = sys_irq_create(boot_info->irq_control, SP804_IRQ + 1);
	CHECK(irq > 0);
	CHECK_EQ(sys_handle_close(irq), 0);
}

static void test_device_memory(void)
{
	int page = device_page(SP804_BASE);

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
	int irq = sys_irq_create(boot_info->irq_control, SP804_IRQ);
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

/* Some device window of the root task holds @base. */
static bool in_device_window(unsigned int base)
{
	for (int i = 0; i < BOOTINFO_MAX_DEVICES; i++) {
		const struct bootinfo_memory *d = &boot_info->devices[i];

		if (base >= d->base && base - d->base < d->size)
			return true;
	}
	return false;
}

void root_run_irq_tests(void)
{
	const char *suite = "user-level interrupt tests";
	int n = sizeof(tests) / sizeof(tests[0]);

	if (!in_device_window(SP804_BASE))
		ktap_skip_suite(suite, tests, n, "no device window holds vexpress-a15's SP804");
	else
		ktap_run(suite, tests, n);
}
