// SPDX-License-Identifier: MIT
/*
 * Virtual-machine cells: the guest's memory identity-mapped (its addresses
 * are the physical ones, as its device tree says), the GIC's virtual CPU
 * interface where the guest expects its CPU interface, one VCPU per core
 * of the cell, and one VMM thread per core that answers that core's VCPU's
 * exits (partition/vmm/). The guest boots by the Linux/ARM boot protocol
 * from the images and the boot record cellconf put in the pack (vmboot.h).
 */
#include <cella/cellpack.h>
#include <cella/lib.h>
#include <cella/time.h>
#include <cella/vmboot.h>

#include <shared/string.h>

#include "service.h"

#define VMM_STACK_WORDS	  1024
#define VMM_THREADS	  (SVC_MAX_VMS * CELLINFO_THREADS)
#define VCPU_GONE_TRIES	  200 /* a stopped VCPU is destroyed on its core: wait for it */
#define VCPU_GONE_WAIT_NS 1000000ull
#define ARM_BOOT_R1	  0xffffffffu /* no machine type: the device tree says it all */
#define MPIDR_MP	  (1u << 31)  /* MPIDR in the multiprocessing format */
#define PRIO_TOP	  255	      /* the highest thread priority */
#define PSR_THUMB	  (1u << 5)

/* One VMM thread: its core's VCPU of one VM, its endpoint, its buffer. */
struct vmm_thread {
	struct vmcell *vm;
	unsigned int vcpu;
	handle_t ep; /* homed on its core */
	handle_t thread;
	struct ipc_buffer buffer __attribute__((aligned(8)));
	unsigned int stack[VMM_STACK_WORDS] __attribute__((aligned(8)));
};

static struct vmcell vms[SVC_MAX_VMS];
static unsigned int vm_count;
static struct vmm_thread vmm_threads[VMM_THREADS];
static unsigned int vmm_thread_count;
static handle_t service_ep;  /* events to the service's main thread */
static handle_t irq_control; /* claims device interrupts */

/* Exits of a VM's cores are handled one at a time: its VMM state is shared. */
static void vm_lock(struct vmcell *vm)
{
	while (__atomic_exchange_n(&vm->lock, 1, __ATOMIC_ACQUIRE))
		sys_yield();
}

static void vm_unlock(struct vmcell *vm)
{
	__atomic_store_n(&vm->lock, 0, __ATOMIC_RELEASE);
}

static int op_virq(void *ctx, unsigned int vcpu, unsigned int virq, unsigned int op)
{
	struct vmcell *vm = ctx;

	return vcpu < vm->vcpus && vm->vcpu[vcpu] ? sys_vcpu_virq(vm->vcpu[vcpu], virq, op)
						  : ERR_INVALID;
}

/* PSCI CPU_ON: a VCPU that never ran starts at @pc (SVC, interrupts masked, MMU off). */
static int op_cpu_on(void *ctx, unsigned int vcpu, uint32_t pc, uint32_t cpsr, uint32_t r0)
{
	struct vmcell *vm = ctx;

	if (vcpu >= vm->vcpus || !vm->vcpu[vcpu])
		return ERR_INVALID;
	if (cpsr & PSR_THUMB)
		pc |= 1; /* an entry's bit 0 selects Thumb, as for a branch */
	return sys_thread_start(vm->vcpu[vcpu], (void (*)(unsigned int))pc, 0, r0);
}

static void op_system_event(void *ctx, enum psci_event event)
{
	struct vmcell *vm = ctx;

	vm->event = event == PSCI_EVENT_RESET ? VM_EVENT_RESET : VM_EVENT_OFF;
}

/* The guest wrote to a channel's doorbell page: the bits written (0 counts as 1) to its peer. */
static void op_ring(void *ctx, unsigned int id, uint32_t value)
{
	struct vmcell *vm = ctx;

	sys_signal(vm->doorbells[id].send, value ? value : 1u);
}

/* The guest read it: the bits its peer signalled since the last read. */
static uint32_t op_take(void *ctx, unsigned int id)
{
	struct vmcell *vm = ctx;
	unsigned int bits = 0;

	return sys_poll(vm->doorbells[id].recv, &bits) == 0 ? bits : 0;
}

static const struct vgicd_ops gic_ops = {.virq = op_virq};
static const struct vmm_doorbell_ops bell_ops = {.ring = op_ring, .take = op_take};
static const struct psci_ops psci_ops = {.cpu_on = op_cpu_on, .system_event = op_system_event};

/* Tell the service's main thread what happened to @vm's guest. */
static void send_event(struct vmcell *vm, unsigned int event, enum vmm_fault fault,
		       unsigned int vcpu, const uint32_t *exit)
{
	struct msg m = {.info = IPC_INFO(VM_EVENT_LABEL, 4)};

	/* Cell, event, VCPU (< 16), fault (< 16) and the run it happened in (its low 8 bits). */
	m.mr[0] = vm->cell | event << 8 | (vcpu & 0xf) << 16 | ((unsigned int)fault & 0xf) << 20 |
		  (vm->run & 0xff) << 24;
	m.mr[1] = exit[1]; /* address */
	m.mr[2] = exit[2]; /* pc */
	m.mr[3] = exit[0]; /* exit kind */
	sys_send(service_ep, &m, TIMEOUT_FOREVER);
}

/* One exit: the reply to send, and what the service must hear of it. */
static void handle_exit(struct vmm_thread *vt, const struct msg *m, struct msg *reply)
{
	struct vmcell *vm = vt->vm;
	uint32_t exit[VCPU_EXIT_WORDS];
	struct vmm_result r;
	enum vmm_action action;

	for (int i = 0; i < IPC_REG_WORDS; i++)
		exit[i] = m->mr[i];
	for (int i = IPC_REG_WORDS; i < VCPU_EXIT_WORDS; i++)
		exit[i] = vt->buffer.mr[i];

	vm_lock(vm);
	vm->exits++;
	vm->event = VM_EVENT_NONE;
	r.fault = VMM_FAULT_EXIT;
	if (IPC_LABEL(m->info) != FAULT_LABEL || (m->info & IPC_TRUNCATED))
		action = VMM_FAULT;
	else
		action = vmm_exit(&vm->vmm, vt->vcpu, exit, &r);
	unsigned int event = action == VMM_FAULT ? VM_EVENT_FAULT : vm->event;

	vm_unlock(vm);
	*reply = (struct msg){.info = IPC_INFO(0, IPC_REG_WORDS)};
	if (action == VMM_RESUME)
		memcpy(reply->mr, r.reply, sizeof(reply->mr));
	else
		reply->fault_reply.action = FAULT_STOP;
	if (event != VM_EVENT_NONE) {
		sys_reply(reply); /* the VCPU stops first, then the service acts */
		send_event(vm, event, r.fault, vt->vcpu, exit);
		reply->info = 0; /* answered */
	}
}

static void vmm_main(unsigned int index)
{
	struct vmm_thread *vt = &vmm_threads[index];
	struct msg m = {0}, reply;

	sys_recv(vt->ep, &m, TIMEOUT_FOREVER);
	for (;;) {
		handle_exit(vt, &m, &reply);
		if (reply.info)
			sys_reply_recv(vt->ep, &reply, TIMEOUT_FOREVER);
		else
			sys_recv(vt->ep, &reply, TIMEOUT_FOREVER);
		m = reply;
	}
}

static int make_endpoint(void *unused)
{
	return sys_endpoint_create();
}

/*
 * The VMM thread of @vm's VCPU @i, on that VCPU's core, waiting for exits:
 * just above the cell's band (a band that ends at the top shares its top).
 */
static int start_vmm_thread(struct service *svc, struct cell *c, unsigned int i)
{
	struct vmm_thread *vt = &vmm_threads[vmm_thread_count];
	unsigned int core = c->info->cores[i];
	unsigned int prio = c->desc->prio_hi < PRIO_TOP ? c->desc->prio_hi + 1u : PRIO_TOP;
	int ep = on_core(svc->bi, core, make_endpoint, NULL);
	int t = ep < 0 ? ep : sys_thread_create(svc->bi->self_space, core, prio, prio);
	int err;

	if (t < 0)
		return cell_error(c, t, "no VMM thread on core %u", core);
	*vt = (struct vmm_thread){
		.vm = c->vm, .vcpu = i, .ep = (handle_t)ep, .thread = (handle_t)t};
	err = sys_thread_set_ipc_buffer(vt->thread, &vt->buffer);
	if (!err)
		err = sys_thread_start(vt->thread, vmm_main, &vt->stack[VMM_STACK_WORDS],
				       vmm_thread_count);
	if (err)
		return cell_error(c, err, "its VMM thread on core %u cannot start", core);
	c->vm->vmm_ep[i] = vt->ep;
	vmm_thread_count++;
	return 0;
}

/* The guest's RAM at its own addresses; the service's view of it to load images. */
static int map_guest_ram(struct cell *c, const struct celltable_region *r)
{
	int mem = ram_take((unsigned int)r->base, (unsigned int)r->size);
	int err;

	if (mem < 0)
		return cell_error(c, mem, "its memory at 0x%08x is not free RAM of this machine",
				  (unsigned int)r->base);
	c->memory = ram_view((handle_t)mem, (unsigned int)r->size);
	if (!c->memory)
		return cell_error(c, ERR_NO_MEMORY, "the service has no room to load it");
	err = cell_map(c, (handle_t)mem, (unsigned int)r->base,
		       RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC);
	if (err)
		return cell_error(c, err, "its memory cannot be mapped at 0x%08x",
				  (unsigned int)r->base);
	c->info->memory_size = (unsigned int)r->size;
	return 0;
}

/*
 * The GIC's virtual CPU interface, where the guest expects its CPU interface:
 * one memory object, taken once, mapped into every VM (each core's GICV
 * shows the VCPU loaded there).
 */
static int map_gic(struct service *svc, struct cell *c)
{
	static int gicv_mem = ERR_INVALID;
	const struct bootinfo_memory *gicv = &svc->bi->devices[BOOTINFO_MAX_DEVICES - 1];
	int err;

	if (gicv_mem < 0)
		gicv_mem = ram_take(gicv->base, gicv->size);
	err = gicv_mem < 0 ? gicv_mem
			   : cell_map(c, (handle_t)gicv_mem, svc->bi->guest_gicc,
				      RIGHT_READ | RIGHT_WRITE);
	if (err)
		return cell_error(c, err, "the GIC's virtual CPU interface cannot be mapped");
	return 0;
}

/* A pack entry named PREFIX SUFFIX. */
static const void *entry(const char *prefix, const char *suffix, size_t *size)
{
	char name[CELLPACK_NAME_LEN];
	size_t n = strlen(prefix);

	if (n + strlen(suffix) >= sizeof(name))
		return NULL;
	memcpy(name, prefix, n);
	memcpy(name + n, suffix, strlen(suffix) + 1);
	return pack_find(name, size);
}

/* Whether [@addr, +@size) lies inside @c's memory at @base. */
static bool inside(const struct cell *c, uint32_t base, uint32_t addr, uint32_t size)
{
	return addr >= base && size <= c->info->memory_size &&
	       addr - base <= c->info->memory_size - size;
}

static int find_images(struct vmcell *vm, struct cell *c, uint32_t base)
{
	size_t size;
	const struct vmboot *b = entry(c->desc->name, VMBOOT_RECORD_SUFFIX, &size);

	if (!b || size != sizeof(*b) || b->magic != VMBOOT_MAGIC)
		return cell_error(c, ERR_NOT_FOUND, "its boot record is not in the boot image");
	vm->boot = b;
	vm->kernel = entry(c->desc->image, VMBOOT_ZIMAGE_SUFFIX, &size);
	if (!vm->kernel) /* the pack holds the one cellconf found: a zImage first */
		vm->kernel = entry(c->desc->image, VMBOOT_RAW_SUFFIX, &size);
	if (!vm->kernel || size != b->kernel_size)
		return cell_error(c, ERR_NOT_FOUND, "its kernel image is not in the boot image");
	vm->dtb = entry(c->desc->name, VMBOOT_DTB_SUFFIX, &size);
	if (!vm->dtb || size != b->dtb_size)
		return cell_error(c, ERR_NOT_FOUND, "its device tree is not in the boot image");
	vm->initrd = b->initrd_size ? entry(c->desc->image, VMBOOT_INITRD_SUFFIX, &size) : NULL;
	if (b->initrd_size && (!vm->initrd || size != b->initrd_size))
		return cell_error(c, ERR_NOT_FOUND, "its initrd is not in the boot image");
	if (!inside(c, base, b->kernel_addr, b->kernel_size) ||
	    !inside(c, base, b->dtb_addr, b->dtb_size) ||
	    (b->initrd_size && !inside(c, base, b->initrd_addr, b->initrd_size)) ||
	    !inside(c, base, b->entry, 4))
		return cell_error(c, ERR_INVALID,
				  "its boot record places images outside its memory");
	return 0;
}

/* Its device interrupts, claimed on its first core (VCPU 0's), bound at each start. */
static int claim_irqs(void *arg)
{
	struct cell *c = arg;
	struct vmcell *vm = c->vm;

	for (unsigned int d = 0; d < c->desc->device_count; d++) {
		const struct celltable_device *dev = c->devices[d];

		for (unsigned int i = 0; i < dev->irq_count; i++) {
			int h;

			if (vm->irq_count == SVC_VM_IRQS)
				return ERR_NO_MEMORY;
			h = sys_irq_create(irq_control, dev->irqs[i]);
			if (h < 0)
				return h;
			vm->irqs[vm->irq_count++] = (handle_t)h;
		}
	}
	return 0;
}

static int map_devices(struct service *svc, struct cell *c)
{
	int err;

	if (c->desc->device_count > CELLINFO_DEVICES)
		return cell_error(c, ERR_INVALID, "more devices than a cell may have");
	for (unsigned int d = 0; d < c->desc->device_count; d++) {
		const struct celltable_device *dev =
			celltable_device(svc->table, c->desc->first_device + d);
		int mem = ram_take((unsigned int)dev->base, (unsigned int)dev->size);

		err = mem < 0 ? mem
			      : cell_map(c, (handle_t)mem, (unsigned int)dev->base,
					 RIGHT_READ | RIGHT_WRITE);
		if (err)
			return cell_error(c, err, "device %s: its window cannot be mapped",
					  dev->name);
		c->devices[d] = dev;
	}
	err = on_core(svc->bi, c->info->cores[0], claim_irqs, c);
	return err < 0 ? cell_error(c, err, "its devices' interrupts cannot be claimed") : 0;
}

int vm_build(struct service *svc, struct cell *c)
{
	const struct celltable_region *r = celltable_region(svc->table, c->desc->first_region);
	int err;

	if (vm_count == SVC_MAX_VMS)
		return cell_error(c, ERR_NO_MEMORY,
				  "more virtual-machine cells than the service serves");
	c->vm = &vms[vm_count++];
	c->vm->cell = c->index;
	c->vm->vcpus = c->info->thread_count;
	irq_control = svc->bi->irq_control;
	service_ep = svc->fault_ep;
	if ((err = map_guest_ram(c, r)) || (err = find_images(c->vm, c, (uint32_t)r->base)) ||
	    (err = map_gic(svc, c)) || (err = map_devices(svc, c)))
		return err;
	for (unsigned int i = 0; i < c->vm->vcpus && !err; i++)
		err = start_vmm_thread(svc, c, i);
	return err;
}

int vm_add_doorbell(struct cell *c, const struct celltable_channel *ch, handle_t recv,
		    handle_t send)
{
	struct vmcell *vm = c->vm;

	if (!ch->doorbell_page)
		return 0; /* a platform without a doorbell window: signals only */
	if (vm->doorbell_count == VMM_DOORBELLS)
		return ERR_NO_MEMORY;
	vm->doorbells[vm->doorbell_count++] = (struct vm_doorbell){
		.page = ch->doorbell_page, .virq = ch->virq, .recv = recv, .send = send};
	return 0;
}

/* The VMM's state at reset, as for a machine just switched on, with its doorbell pages. */
static int reset_vmm(struct service *svc, struct cell *c)
{
	struct vmcell *vm = c->vm;
	struct vmm_config cfg = {.vcpus = vm->vcpus,
				 .gicd_base = svc->bi->guest_gicd,
				 .pvpanic_base = c->vm->boot ? c->vm->boot->pvpanic_addr : 0,
				 .periphbase = svc->bi->guest_gicd & ~0xffffu};
	int err;

	for (unsigned int i = 0; i < vm->vcpus; i++)
		cfg.mpidr[i] = MPIDR_MP | c->info->cores[i];
	err = vmm_init(&vm->vmm, &cfg, &gic_ops, &psci_ops, vm);
	for (unsigned int i = 0; i < vm->doorbell_count && !err; i++)
		err = vmm_doorbell_add(&vm->vmm, vm->doorbells[i].page, i, &bell_ops, vm);
	return err;
}

/*
 * Its device interrupts go to VCPU 0, and each doorbell's notification
 * raises its virtual interrupt there (on the notification's core); what was
 * rung while the cell was down is dropped.
 */
static int bind_to_vcpu0(struct vmcell *vm)
{
	unsigned int stale;
	int err = 0;

	for (unsigned int i = 0; i < vm->irq_count && !err; i++)
		err = sys_irq_set_vcpu(vm->irqs[i], vm->vcpu[0]);
	for (unsigned int i = 0; i < vm->doorbell_count && !err; i++) {
		sys_poll(vm->doorbells[i].recv, &stale);
		err = sys_notify_set_vcpu(vm->doorbells[i].recv, vm->vcpu[0],
					  vm->doorbells[i].virq);
	}
	return err;
}

/* The images, fresh, where the boot record says; the rest of its memory zeroed. */
static void load_images(struct cell *c, uint32_t base)
{
	const struct vmboot *b = c->vm->boot;

	memset(c->memory, 0, c->info->memory_size);
	memcpy(c->memory + (b->kernel_addr - base), c->vm->kernel, b->kernel_size);
	memcpy(c->memory + (b->dtb_addr - base), c->vm->dtb, b->dtb_size);
	if (b->initrd_size)
		memcpy(c->memory + (b->initrd_addr - base), c->vm->initrd, b->initrd_size);
}

/* VCPU @i on its core; an index still held by a stopped VCPU is waited for. */
static int create_vcpu(struct service *svc, struct cell *c, unsigned int i)
{
	int t = ERR_EXISTS;

	for (int tries = 0; t == ERR_EXISTS && tries < VCPU_GONE_TRIES; tries++) {
		t = sys_vcpu_create(c->space, c->info->cores[i], c->desc->prio_lo, c->desc->prio_hi,
				    i);
		if (t == ERR_EXISTS)
			sys_sleep(VCPU_GONE_WAIT_NS);
	}
	if (t < 0)
		return cell_error(c, t, "its VCPU %u cannot be made on core %u", i,
				  c->info->cores[i]);
	c->threads[i] = c->vm->vcpu[i] = (handle_t)t;
	t = sys_thread_set_fault_handler((handle_t)t, c->vm->vmm_ep[i]);
	return t < 0 ? cell_error(c, t, "its VCPU %u cannot have its VMM", i) : 0;
}

/* VCPU 0 at the guest's entry, by the Linux/ARM boot protocol: r1 no machine, r2 the DTB. */
static int boot_vcpu0(struct vmcell *vm)
{
	int err = sys_vcpu_write(vm->vcpu[0], 1, ARM_BOOT_R1);

	if (!err)
		err = sys_vcpu_write(vm->vcpu[0], 2, vm->boot->dtb_addr);
	vm->entered = counter_now();
	if (!err)
		err = sys_thread_start(vm->vcpu[0], (void (*)(unsigned int))vm->boot->entry, 0, 0);
	return err;
}

int vm_start(struct service *svc, struct cell *c)
{
	struct vmcell *vm = c->vm;
	uint32_t base = (uint32_t)celltable_region(svc->table, c->desc->first_region)->base;
	int err;

	vm_lock(vm);
	err = reset_vmm(svc, c);
	vm_unlock(vm);
	if (err)
		return cell_error(c, err, "its VMM cannot be reset");
	load_images(c, base);
	for (unsigned int i = 0; i < vm->vcpus && !err; i++)
		err = create_vcpu(svc, c, i);
	if (err)
		return err;
	err = bind_to_vcpu0(vm);
	if (err)
		return cell_error(c, err, "its interrupts and doorbells cannot be bound to VCPU 0");
	vm->run = c->info->run;
	err = boot_vcpu0(vm);
	return err ? cell_error(c, err, "its VCPU 0 cannot start") : 0;
}

void vm_counters(const struct cell *c, unsigned long long *exits, unsigned long long *virqs)
{
	const struct vmcell *vm = c->vm;

	*exits = *virqs = 0;
	for (unsigned int i = 0; i < vm->vcpus; i++) {
		int e = vm->vcpu[i] ? sys_vcpu_stat(vm->vcpu[i], VCPU_STAT_EXITS) : 0;
		int v = vm->vcpu[i] ? sys_vcpu_stat(vm->vcpu[i], VCPU_STAT_VIRQS) : 0;

		*exits += e > 0 ? (unsigned int)e : 0;
		*virqs += v > 0 ? (unsigned int)v : 0;
	}
}

void vm_stop(struct cell *c)
{
	struct vmcell *vm = c->vm;

	/* The interrupts and doorbells let go of VCPU 0, so that its thread can go. */
	for (unsigned int i = 0; i < vm->irq_count; i++)
		sys_irq_set_vcpu(vm->irqs[i], 0);
	for (unsigned int i = 0; i < vm->doorbell_count; i++)
		sys_notify_set_vcpu(vm->doorbells[i].recv, 0, 0);
	for (unsigned int i = 0; i < vm->vcpus; i++)
		vm->vcpu[i] = 0;
}

static const char *const event_text[] = {
	[VM_EVENT_OFF] = "the guest switched itself off; stopping it",
	[VM_EVENT_RESET] = "the guest reset itself; restarting it",
};

void vm_event(struct service *svc, const struct msg *m)
{
	unsigned int ci = m->mr[0] & 0xff, event = m->mr[0] >> 8 & 0xff,
		     vcpu = m->mr[0] >> 16 & 0xf, fault = m->mr[0] >> 20 & 0xf,
		     run = m->mr[0] >> 24;
	struct cell *c = ci < svc->cell_count ? &svc->cells[ci] : NULL;

	if (!c || !c->vm || c->state != CELL_RUNNING || event > VM_EVENT_FAULT ||
	    run != (c->info->run & 0xff))
		return; /* stale: the cell stopped (or started again) meanwhile */
	if (event == VM_EVENT_FAULT && fault == VMM_FAULT_PANIC) {
		printf("cell %s: VCPU %u on core %u: the guest panicked\n", c->desc->name, vcpu,
		       c->info->cores[vcpu % CELLINFO_THREADS]);
		cell_failed(svc, c, "guest panic");
		return;
	}
	if (event == VM_EVENT_FAULT) {
		printf("cell %s: VCPU %u on core %u: exit %u at 0x%08x (pc 0x%08x) not allowed\n",
		       c->desc->name, vcpu, c->info->cores[vcpu % CELLINFO_THREADS], m->mr[3],
		       m->mr[1], m->mr[2]);
		cell_failed(svc, c, "guest fault");
		return;
	}
	printf("cell %s: %s\n", c->desc->name, event_text[event]);
	if (event == VM_EVENT_RESET)
		cell_restart(svc, c);
	else
		cell_stop(c);
}
