// SPDX-License-Identifier: MIT
/*
 * Destroying address spaces: everything a space held comes back (kernel
 * memory, its VMID, the memory objects it was given or mapped, its
 * creator's quota), whatever it held: objects of its own, a handle to
 * itself, spaces it made, threads another core holds in a wait. The
 * kernel's own counters (KSTAT_KMEM_USED, KSTAT_VMIDS) are the measure.
 */
#include <cella/lib.h>

#include "root.h"

#define SPACE_IMAGE  ROOT_IMAGE_ADDR
#define SPACE_STACK  (USER_BASE + 0x00700000u) /* in a test space: its stack page */
#define STACK_SIZE   (16u << 10)
#define QUOTA	     (32u << 10)
#define REAP_WAIT_MS 1000 /* the teardown goes round the cores: a few doorbells */

static volatile handle_t made_ep;
static volatile unsigned int inner_done;

static unsigned int cores(void)
{
	return boot_info->cores > 4 ? 4 : boot_info->cores;
}

/* Kernel memory in use and VMIDs held over all cores, as the kernel counts them. */
static void measure(unsigned int *kmem, unsigned int *vmids)
{
	*kmem = (unsigned int)sys_kstat(boot_info->irq_control, 0, KSTAT_KMEM_USED);
	*vmids = 0;
	for (unsigned int c = 0; c < cores(); c++)
		*vmids += (unsigned int)sys_kstat(boot_info->irq_control, c, KSTAT_VMIDS);
}

/* Wait until the kernel's counters are back at @kmem and @vmids; whether they came. */
static int back_to(unsigned int kmem, unsigned int vmids)
{
	unsigned int k, v;

	for (int i = 0; i < REAP_WAIT_MS; i++) {
		measure(&k, &v);
		if (k == kmem && v == vmids)
			return 1;
		sys_sleep(MS);
	}
	printf("# kernel memory %u (was %u), VMIDs %u (were %u)\n", k, kmem, v, vmids);
	return 0;
}

/* A space from @kmem with the root image and a stack @stack mapped, that may make @spaces. */
static int space_with_code(handle_t kmem, handle_t stack, unsigned int spaces)
{
	int s = sys_space_create(kmem, spaces);

	if (s < 0)
		return s;
	if (sys_memory_map(s, boot_info->self_image, SPACE_IMAGE,
			   RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC) ||
	    sys_memory_map(s, stack, SPACE_STACK, RIGHT_READ | RIGHT_WRITE))
		return ERR_INVALID;
	return s;
}

/* In a test space: objects of its own, then wait to be torn down. */
static void make_objects(unsigned int unused)
{
	for (int i = 0; i < 8; i++) {
		sys_endpoint_create();
		sys_notify_create();
	}
	__atomic_store_n(&inner_done, 1, __ATOMIC_RELEASE);
	for (;;)
		sys_sleep(1000 * MS);
}

static void wait_inner(void)
{
	for (int i = 0; i < 1000 && !__atomic_load_n(&inner_done, __ATOMIC_ACQUIRE); i++)
		sys_sleep(MS);
}

/*
 * A space with threads, objects of its own, a handle to itself and memory
 * mapped: destroyed, every byte and the VMID come back, and both memory
 * objects can be kernel memory again.
 */
static void test_space_destroy_returns_everything(void)
{
	handle_t kmem = carve(QUOTA), stack = carve(STACK_SIZE);
	unsigned int kmem_before, vmids_before;
	int s, t, self, again;

	measure(&kmem_before, &vmids_before);
	inner_done = 0;
	s = space_with_code(kmem, stack, 0);
	self = s > 0 ? sys_handle_copy(s, s, RIGHTS_ALL, 0) : -1;
	t = s > 0 ? sys_thread_create(s, 0, ROOT_PRIO - 1, ROOT_PRIO - 1) : -1;
	CHECK(s > 0 && self > 0 && t > 0);
	CHECK_EQ(sys_thread_start(t, make_objects, (void *)(SPACE_STACK + STACK_SIZE), 0), 0);
	wait_inner();
	CHECK(inner_done);
	CHECK_EQ(sys_space_create(kmem, 0), ERR_STATE); /* still its kernel memory */
	CHECK_EQ(sys_handle_close(t), 0);
	CHECK_EQ(sys_space_destroy(s), 0);
	CHECK_EQ(sys_handle_close(s), ERR_BAD_HANDLE); /* destroy closed it */
	CHECK(back_to(kmem_before, vmids_before));
	again = sys_space_create(kmem, 0);
	CHECK(again > 0);
	CHECK_EQ(sys_kmem_donate(again, stack), 0); /* no longer mapped anywhere */
	CHECK_EQ(sys_space_destroy(again), 0);
	CHECK(back_to(kmem_before, vmids_before));
}

/* More spaces made and destroyed on one core than it has VMIDs: none is lost. */
static void test_space_destroy_frees_vmids(void)
{
	handle_t kmem = carve(16 << 10);
	unsigned int kmem_before, vmids_before;
	int made = 0;

	measure(&kmem_before, &vmids_before);
	for (int i = 0; i < 200; i++) {
		int s = ERR_STATE;

		for (int tries = 0; s == ERR_STATE && tries < REAP_WAIT_MS; tries++) {
			s = sys_space_create(kmem, 0);
			if (s == ERR_STATE) /* the last one is still going round the cores */
				sys_sleep(MS);
		}
		if (s < 0) {
			printf("# space %d: %s\n", i, err_name(s));
			break;
		}
		made++;
		sys_space_destroy((handle_t)s);
	}
	CHECK_EQ(made, 200);
	CHECK(back_to(kmem_before, vmids_before));
}

/* In a space that may make one: a child space with objects, kept only by its handle here. */
static void make_child(unsigned int mem)
{
	int child = sys_space_create(mem, 0);

	if (child > 0)
		sys_handle_copy((handle_t)child, (handle_t)child, RIGHTS_ALL, 0);
	__atomic_store_n(&inner_done, child > 0 ? 1 : 2, __ATOMIC_RELEASE);
	for (;;)
		sys_sleep(1000 * MS);
}

/* A parent whose child holds a handle to itself: destroying the parent ends both. */
static void test_space_destroy_takes_its_children(void)
{
	handle_t kmem = carve(QUOTA), stack = carve(STACK_SIZE), child_mem = carve(QUOTA);
	unsigned int kmem_before, vmids_before;
	int s, t, mem;

	measure(&kmem_before, &vmids_before);
	inner_done = 0;
	s = space_with_code(kmem, stack, 1);
	t = s > 0 ? sys_thread_create(s, 0, ROOT_PRIO - 1, ROOT_PRIO - 1) : -1;
	mem = s > 0 ? sys_handle_copy(child_mem, s, RIGHTS_ALL, 0) : -1;
	CHECK(s > 0 && t > 0 && mem > 0);
	CHECK_EQ(sys_thread_start(t, make_child, (void *)(SPACE_STACK + STACK_SIZE), mem), 0);
	wait_inner();
	CHECK_EQ(inner_done, 1);
	CHECK_EQ(sys_handle_close(t), 0);
	/* The child's own handle to itself would keep it: the parent's end closes it. */
	CHECK_EQ(sys_space_destroy(s), 0);
	CHECK(back_to(kmem_before, vmids_before));
	CHECK(sys_space_create(child_mem, 0) > 0); /* its memory is free again */
}

/* In a test space, on its core: call the endpoint on another core and wait there. */
static void call_and_wait(unsigned int ep)
{
	struct msg m = {.info = IPC_INFO(0, 1), .mr = {1}};

	__atomic_store_n(&inner_done, 1, __ATOMIC_RELEASE);
	sys_call(ep, &m, TIMEOUT_FOREVER);
	sys_thread_exit();
}

static void make_endpoint_and_exit(unsigned int unused)
{
	__atomic_store_n(&made_ep, (handle_t)sys_endpoint_create(), __ATOMIC_RELEASE);
	sys_thread_exit();
}

/*
 * A space whose thread (core 1) waits in an endpoint of core 2, so core 2
 * holds it: destroyed all the same, and everything comes back.
 */
static void test_space_destroy_while_held_elsewhere(void)
{
	handle_t kmem = carve(QUOTA), stack = carve(STACK_SIZE);
	unsigned int kmem_before, vmids_before;
	int s, t, ep;

	if (cores() < 3) {
		printf("# fewer than 3 cores: nothing to hold elsewhere\n");
		return;
	}
	made_ep = 0;
	inner_done = 0;
	spawn_on(2, make_endpoint_and_exit, ROOT_PRIO, 0);
	for (int i = 0; i < 1000 && !__atomic_load_n(&made_ep, __ATOMIC_ACQUIRE); i++)
		sys_sleep(MS);
	CHECK(made_ep > 0);
	measure(&kmem_before, &vmids_before);
	s = space_with_code(kmem, stack, 0);
	ep = s > 0 ? sys_handle_copy(made_ep, s, RIGHTS_ALL, 0) : -1;
	t = s > 0 ? sys_thread_create(s, 1, ROOT_PRIO - 1, ROOT_PRIO - 1) : -1;
	CHECK(s > 0 && ep > 0 && t > 0);
	CHECK_EQ(sys_thread_start(t, call_and_wait, (void *)(SPACE_STACK + STACK_SIZE), ep), 0);
	wait_inner();
	sys_sleep(5 * MS); /* into the wait on core 2 */
	CHECK_EQ(sys_handle_close(t), 0);
	CHECK_EQ(sys_space_destroy(s), 0);
	CHECK(back_to(kmem_before, vmids_before));
	sys_handle_close(made_ep);
}

/* What cannot be destroyed, and what is not a space. */
static void test_space_destroy_errors(void)
{
	CHECK_EQ(sys_space_destroy(boot_info->self_space), ERR_INVALID);
	CHECK_EQ(sys_space_destroy(boot_info->self_thread), ERR_WRONG_TYPE);
	CHECK_EQ(sys_space_destroy(0x777), ERR_BAD_HANDLE);
}

static const struct utest tests[] = {
	{"space_destroy_returns_everything", test_space_destroy_returns_everything},
	{"space_destroy_frees_vmids", test_space_destroy_frees_vmids},
	{"space_destroy_takes_its_children", test_space_destroy_takes_its_children},
	{"space_destroy_while_held_elsewhere", test_space_destroy_while_held_elsewhere},
	{"space_destroy_errors", test_space_destroy_errors},
};

void root_run_space_tests(void)
{
	ktap_run("space destruction", tests, sizeof(tests) / sizeof(tests[0]));
}
