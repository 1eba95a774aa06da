// SPDX-License-Identifier: MIT
/*
 * Building the root task at boot. RAM after the kernel image is carved in
 * order: the root space's kernel memory, a copy of the root image, its
 * stack, the boot-info page; everything after that is free RAM, handed to
 * the root task as one memory object.
 */
#include <board.h>
#include <console.h>
#include <cpu.h>
#include <err.h>
#include <ram.h>
#include <memory_object.h>
#include <panic.h>
#include <root.h>
#include <runq.h>
#include <smp.h>
#include <space.h>
#include <thread.h>
#include <uapi/cella/bootinfo.h>
#include <uapi/cella/memory.h>

#include <shared/bootargs.h>
#include <shared/format.h>
#include <shared/string.h>

#define ROOT_KMEM (512u << 10) /* the root space's first kernel memory */

/* Written once by root_start() before the root task runs; read by any core after. */
static struct space *root;

/* The root image, linked into the kernel (arch/arm-common/rootimg.S). */
extern const char __rootimg_start[], __rootimg_end[];

/* Take @size zeroed bytes of RAM at *@next. */
static void *carve(paddr_t *next, uint32_t size)
{
	void *p = (void *)(uintptr_t)*next;

	if (*next + size > ram_info()->ram_base + ram_info()->ram_size)
		panic("RAM too small for the root task");
	*next += ALIGN_UP(size, PAGE_SIZE);
	return memset(p, 0, ALIGN_UP(size, PAGE_SIZE));
}

static void map(struct space *s, uint32_t addr, void *p, uint32_t size, unsigned int rights)
{
	int err = space_map(s, addr, (uintptr_t)p, ALIGN_UP(size, PAGE_SIZE), rights);

	if (err)
		panic("cannot map the root task at 0x%08x: %s", addr, err_name(err));
}

static uint32_t install(struct space *s, struct kobj *obj)
{
	int h = handle_install(&s->handles, obj, RIGHTS_ALL, 0);

	if (h < 0)
		panic("root task handle table: %s", err_name(h));
	return (uint32_t)h;
}

static void give_free_ram(struct space *s, struct bootinfo *bi, paddr_t next)
{
	const struct ram_info *m = ram_info();
	uint32_t size = (uint32_t)(m->ram_base + m->ram_size - next);
	struct memory *mem = memory_create(&s->pool, next, size);

	if (!mem)
		panic("root task kernel memory exhausted");
	bi->memory[0] = (struct bootinfo_memory){install(s, &mem->obj), (uint32_t)next, size};
	bi->memory_count = 1;
}

/* A memory object for the image, counted as mapped so it can never be donated. */
static uint32_t install_image(struct space *s, void *img, uint32_t size)
{
	struct memory *m = memory_create(&s->pool, (uintptr_t)img, ALIGN_UP(size, PAGE_SIZE));

	if (!m)
		panic("root task kernel memory exhausted");
	m->mappings = 1;
	m->obj.refs = 1; /* the mapping's reference: nothing else knows it yet */
	return install(s, &m->obj);
}

static struct kobj *root_object(struct space *s, enum kobj_type type, size_t size)
{
	struct kobj *obj = kobj_alloc(&s->pool, type, size);

	if (!obj)
		panic("root task kernel memory exhausted");
	return obj;
}

/*
 * The board's device windows, as device memory objects (a board may have
 * fewer: size 0), and what else of the board user level needs to know: where
 * a guest expects its GIC, which device in the windows is a spare timer.
 */
static void give_devices(struct space *s, struct bootinfo *bi)
{
	static const struct {
		paddr_t base;
		uint32_t size;
	} windows[BOOTINFO_MAX_DEVICES] = {
		{BOARD_USER_DEV0_BASE, BOARD_USER_DEV0_SIZE},
		{BOARD_USER_DEV1_BASE, BOARD_USER_DEV1_SIZE},
		{BOARD_USER_DEV2_BASE, BOARD_USER_DEV2_SIZE},
	};

	for (int i = 0; i < BOOTINFO_MAX_DEVICES && windows[i].size; i++) {
		struct memory *m = memory_create(&s->pool, windows[i].base, windows[i].size);

		if (!m)
			panic("root task kernel memory exhausted");
		m->device = true;
		bi->devices[i] = (struct bootinfo_memory){
			install(s, &m->obj), (uint32_t)windows[i].base, windows[i].size};
	}
	bi->guest_gicd = BOARD_GUEST_GICD_BASE;
	bi->guest_gicc = BOARD_GUEST_GICC_BASE;
	bi->timer = (struct bootinfo_device){BOARD_USER_TIMER_BASE, BOARD_USER_TIMER_IRQ};
	bi->console_irq = BOARD_UART0_IRQ;
}

struct space *root_space(void)
{
	return READ_ONCE(root);
}

void root_start(void)
{
	paddr_t next = ALIGN_UP((paddr_t)ram_info()->image_end, PAGE_SIZE);
	uint32_t image = (uint32_t)(__rootimg_end - __rootimg_start);
	int err;

	if (!image) { /* an arch without user level yet: the kernel idles */
		kprintf("cella: this image has no root task\n");
		return;
	}
	struct space *s = space_create(carve(&next, ROOT_KMEM), ROOT_KMEM, &err);

	if (!s)
		panic("cannot create the root space: %s", err_name(err));
	s->spaces_left = SPACE_QUOTA_MAX; /* all it wants: VMIDs run out first */
	WRITE_ONCE(root, s);
	void *img = carve(&next, image);

	memcpy(img, __rootimg_start, image);
	map(s, ROOT_IMAGE_ADDR, img, image, RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC);
	map(s, ROOT_STACK_TOP - ROOT_STACK_SIZE, carve(&next, ROOT_STACK_SIZE), ROOT_STACK_SIZE,
	    RIGHT_READ | RIGHT_WRITE);
	struct bootinfo *bi = carve(&next, sizeof(*bi));

	map(s, BOOTINFO_ADDR, bi, sizeof(*bi), RIGHT_READ);
	struct thread *t = thread_create(&s->pool, s, this_cpu()->id, ROOT_PRIO, PRIO_MAX);

	if (!t)
		panic("root task kernel memory exhausted");
	bi->magic = BOOTINFO_MAGIC;
	bi->cores = smp_cpus_online();
	bi->self_space = install(s, &s->obj);
	bi->self_thread = install(s, &t->obj);
	bi->self_image = install_image(s, img, image);
	bi->irq_control = install(s, root_object(s, KOBJ_IRQ_CONTROL, sizeof(struct kobj)));
	give_devices(s, bi);
	give_free_ram(s, bi, next);
	format(bi->args, sizeof(bi->args), "%s", bootargs_text());
	kprintf("cella: root task: %u KiB image, %u MiB free RAM, thread %u on cpu%u\n",
		image >> 10, bi->memory[0].size >> 20, t->id, this_cpu()->id);
	thread_start(t, ROOT_IMAGE_ADDR, ROOT_STACK_TOP, BOOTINFO_ADDR);
}
