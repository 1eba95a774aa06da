/* SPDX-License-Identifier: MIT */
/*
 * The partition service's parts: memory, cells, channels, images, console.
 *
 * Errors: each step of building or starting a cell returns 0 or a negative
 * ERR_* code (uapi/cella/errors.h). The step that sees a failure says why,
 * once, with cell_error(), and its callers pass the code up; what lies below
 * the cells (ram_*(), on_core(), cell_map(), cell_give(), the VMM core)
 * returns codes only.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <cella/cellinfo.h>
#include <cella/celltable.h>
#include <cella/sys.h>
#include <cella/bootinfo.h>

#include "../vmm/vmm.h"

#define SVC_POLL_US   20000 /* console polled between fault waits, without its interrupt */
#define SVC_MAX_CELLS CELLTABLE_MAX_CELLS
#define SVC_QUICK_MS  500 /* a fault this soon after a start is quick */
#define SVC_QUICK_MAX 3	  /* quick faults in a row after which restart gives up */

#define SVC_WHY_LEN	    128	   /* a cell's reason, "channel NAME: ... (ERR_...)" */
#define SVC_GRANTS	    64	   /* memory and handles one cell's space is given */
#define SVC_MAX_VMS	    4	   /* virtual-machine cells */
#define SVC_VM_IRQS	    8	   /* device interrupts of one */
#define VM_EVENT_LABEL	    0xfffe /* a VMM thread's message to the service (vm.c) */
#define CONSOLE_INPUT_LABEL 0xfffd /* something was typed (input.c) */

/* What a VMM thread tells the service. */
enum vm_event {
	VM_EVENT_NONE,
	VM_EVENT_OFF,	/* the guest switched itself off: stop the cell */
	VM_EVENT_RESET, /* the guest reset itself: start it afresh */
	VM_EVENT_FAULT, /* the guest did what its cell may not: its on_fault */
};

/* A channel's doorbell in a VM cell: the service's handles on both notifications. */
struct vm_doorbell {
	uint32_t page; /* guest-physical: a write rings the peer */
	unsigned int virq;
	handle_t recv; /* the cell's own, bound to its VCPU 0 while it runs */
	handle_t send; /* its peer's */
};

/* A virtual-machine cell: its VMM's state, shared by its VMM threads. */
struct vmcell {
	struct vmm vmm;
	uint32_t lock; /* guards vmm and event: one exit at a time */
	unsigned int cell, vcpus;
	enum vm_event event;	    /* what the exit being handled asks for */
	unsigned int exits;	    /* messages its VMM threads answered */
	unsigned long long entered; /* counter_now() as VCPU 0 was started: the guest's time 0 */
	unsigned int run;	    /* the cell's run its VCPUs belong to: older events are stale */
	handle_t vcpu[CELLINFO_THREADS];
	handle_t vmm_ep[CELLINFO_THREADS];
	handle_t irqs[SVC_VM_IRQS];
	unsigned int irq_count;
	struct vm_doorbell doorbells[VMM_DOORBELLS];
	unsigned int doorbell_count;
	const struct vmboot *boot;
	const void *kernel, *initrd, *dtb;
};

/* What the service gave a cell's space: given again to each new space. */
enum grant_kind { GRANT_MAP, GRANT_HANDLE };

struct cell_grant {
	enum grant_kind kind;
	handle_t h;	     /* the service's memory object, or the handle copied */
	unsigned int addr;   /* GRANT_MAP: where */
	unsigned int rights; /* mapped with, or the copy's */
	unsigned int *where; /* GRANT_HANDLE: the info page's field that names the copy */
};

enum cell_state {
	CELL_BROKEN,  /* could not be built: see why */
	CELL_STOPPED, /* built, no thread */
	CELL_RUNNING,
};

struct cell {
	const struct celltable_cell *desc;
	unsigned int index;
	enum cell_state state;
	char why[SVC_WHY_LEN]; /* why it is broken, or its last start failed (cell_error()) */
	handle_t space;	       /* 0 while stopped: each start makes it anew */
	handle_t kmem;	       /* the memory object each of its spaces is made of */
	struct cell_grant grants[SVC_GRANTS];
	unsigned int grant_count;
	handle_t threads[CELLINFO_THREADS];
	struct cellinfo *info; /* the service's view of the cell's info page */
	uint8_t *memory;       /* the service's view of the cell's regions, contiguous */
	const void *image;     /* its ELF in the pack */
	size_t image_size;
	unsigned int faults, restarts;
	unsigned long long started; /* counter_now() at the last start */
	unsigned int quick_faults;  /* in a row, each within SVC_QUICK_MS of its start */
	struct vmcell *vm;	    /* for a virtual-machine cell */
	unsigned long long seen_exits, seen_at; /* VCPU exits and time at `cells`' last look */
	const struct celltable_device *devices[CELLINFO_DEVICES];
};

/* The service's state: the table, the cells, its handles. */
struct service {
	const struct bootinfo *bi;
	const void *table;
	unsigned int cell_count;
	struct cell cells[SVC_MAX_CELLS];
	handle_t fault_ep;
	const uint8_t *channel_view[CELLTABLE_MAX_CHANNELS]; /* each channel's memory, to count */
};

/** service_run() - build and run the cells of the packed table; returns only without one. */
void service_run(const struct bootinfo *bi);

/**
 * on_core() - run @fn(@arg) on @core, in a helper thread of the service's
 * space (on core 0, directly); its result, or an error if the helper could
 * not run or did not finish within a second. Objects it creates are homed there.
 */
int on_core(const struct bootinfo *bi, unsigned int core, int (*fn)(void *arg), void *arg);

/** pack_find() - the pack entry @name: its bytes, and their count in *@size; NULL if absent. */
const void *pack_find(const char *name, size_t *size);

/** ram_init() - take the free RAM and device windows of @bi as pieces to carve. */
void ram_init(const struct bootinfo *bi);

/** ram_take() - a memory object for exactly [@base, @base + @size), or a negative error. */
int ram_take(unsigned int base, unsigned int size);

/** ram_alloc() - a memory object of @size bytes from the lowest free RAM, or an error. */
int ram_alloc(unsigned int size);

/** ram_view() - map @mem (of @size bytes) into the service read-write; its address or NULL. */
void *ram_view(handle_t mem, unsigned int size);

/** elf_check() - 0 if @c's image is an ELF the service can load into @size bytes, else an error. */
int elf_check(struct cell *c, unsigned int size);

/** elf_load() - copy @image's segments into @memory (at CELL_IMAGE_ADDR); its entry point. */
unsigned int elf_load(const void *image, uint8_t *memory, unsigned int size);

/**
 * cell_error() - @c cannot be built or started: keep the reason in c->why,
 * @fmt formatted by the shared formatter and followed by the name of @err
 * ("core 3 is not online (ERR_INVALID)"), for the console line that
 * reports it. Returns @err, a negative ERR_* code, for the caller to pass up.
 */
int cell_error(struct cell *c, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/** cell_build() - the space, memory, devices and info page of @c; 0 or an error (cell_error()). */
int cell_build(struct service *svc, struct cell *c);

/**
 * cell_start() - load @c's image and start a thread on each of its cores;
 * 0 or an error, reported on the console ("cell NAME: cannot start: why").
 */
int cell_start(struct service *svc, struct cell *c);

/**
 * cell_stop() - stop and destroy @c's threads, and its space with all it
 * made; its memory, devices and channels stay the service's for the next start.
 */
void cell_stop(struct cell *c);

/** cell_restart() - stop @c (if it runs), start it afresh, count the restart; 0 or the start's error. */
int cell_restart(struct service *svc, struct cell *c);

/**
 * cell_map() - map @mem at @addr of @c's space, now and in every new one;
 * 0, the kernel's error, or ERR_NO_MEMORY if @c has SVC_GRANTS already.
 */
int cell_map(struct cell *c, handle_t mem, unsigned int addr, unsigned int rights);

/**
 * cell_give() - copy @h into @c's space with @rights, now and in every new
 * one, writing the copy's number to *@where (in its info page); 0 or an
 * error, as cell_map().
 */
int cell_give(struct cell *c, handle_t h, unsigned int rights, unsigned int *where);

/** cell_space_new() - a fresh space for @c from its memory, given all it had; 0 or an error (cell_error()). */
int cell_space_new(struct cell *c);

/** cell_space_end() - destroy @c's space: its kernel memory and VMID come back. */
void cell_space_end(struct cell *c);

/** cell_fault() - report the fault message @m and stop or restart its cell. */
void cell_fault(struct service *svc, const struct msg *m);

/** cell_find() - the cell named @name, or NULL. */
struct cell *cell_find(struct service *svc, const char *name);

/**
 * channel_bytes() - the payload bytes published (stream protocol, this
 * epoch of each lane) into @c's channels by its peers (*@in) and by @c (*@out).
 */
void channel_bytes(const struct service *svc, const struct cell *c, unsigned long long *in,
		   unsigned long long *out);

/** channels_build() - map every channel, make its doorbells; a cell whose channel fails breaks. */
void channels_build(struct service *svc);

/** devices_build() - map @c's devices and wire their interrupts; 0 or an error (cell_error()). */
int devices_build(struct service *svc, struct cell *c);

/** vm_build() - a virtual-machine cell's memory, GIC, devices and VMM threads; 0 or an error (cell_error()). */
int vm_build(struct service *svc, struct cell *c);

/**
 * vm_add_doorbell() - @c's side of channel @ch rings through its doorbell
 * page: @recv is @c's notification (raises the channel's virq), @send its
 * peer's. 0, or ERR_NO_MEMORY if @c has VMM_DOORBELLS already.
 */
int vm_add_doorbell(struct cell *c, const struct celltable_channel *ch, handle_t recv,
		    handle_t send);

/** vm_counters() - @c's VCPU exits and injected interrupts since it started (SYS_VCPU_STAT). */
void vm_counters(const struct cell *c, unsigned long long *exits, unsigned long long *virqs);

/** vm_start() - load @c's guest afresh, make its VCPUs and start the boot VCPU; 0 or an error (cell_error()). */
int vm_start(struct service *svc, struct cell *c);

/** vm_stop() - let go of @c's VCPUs (cell_stop() then destroys them). */
void vm_stop(struct cell *c);

/** vm_event() - a VMM thread's message @m: stop, restart or report its cell. */
void vm_event(struct service *svc, const struct msg *m);

/** cell_failed() - @c did what it may not (reported): stop or restart it by its on_fault. */
void cell_failed(struct service *svc, struct cell *c, const char *what);

/**
 * soak_run() - restart every cell that can run @rounds times, letting each
 * run go for a while; print the kernel's memory and VMIDs before and after.
 */
void soak_run(struct service *svc, unsigned int rounds);

/**
 * console_input_start() - wait for console input by its interrupt: a
 * CONSOLE_INPUT_LABEL message on @svc's endpoint each time something is
 * typed (input.c). False, said on the console, if the interrupt could not
 * be had: the caller polls.
 */
bool console_input_start(struct service *svc);

/** console_input_done() - what was typed has been read: the next input may interrupt. */
void console_input_done(void);

/** console_poll() - read what was typed and run each complete command line. */
void console_poll(struct service *svc);

/** cell_state_name() - "running", "stopped" or "broken". */
const char *cell_state_name(enum cell_state s);
