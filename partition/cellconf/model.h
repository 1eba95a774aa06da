/* SPDX-License-Identifier: MIT */
/*
 * cellconf's model of a platform and of a system description, as read from
 * their YAML files and checked; what the emitters, `show` and `plan` use.
 */
#pragma once

#include <stdint.h>

#include <cella/celltable.h>
#include <cella/vmboot.h>

#include "diag.h"
#include "topo.h"
#include "ytree.h"

#define MODEL_MAX_RESERVED   8
#define MODEL_MAX_PDEVICES   32
#define MODEL_MAX_COMPATIBLE 4
#define MODEL_CELL_REGIONS   8
#define MODEL_CELL_DEVICES   16
#define MODEL_MAX_IMAGE_DIRS 8
#define MODEL_BOOTARGS_LEN   1024 /* Linux's COMMAND_LINE_SIZE on ARM */
#define MODEL_PATH_LEN	     4096

/* A named range of physical memory. */
struct model_range {
	char name[CELLTABLE_NAME_LEN];
	uint64_t base;
	uint64_t size;
};

/* A device of the platform that a cell may be given. */
struct model_pdevice {
	char name[CELLTABLE_NAME_LEN];
	char compatible[MODEL_MAX_COMPATIBLE][64];
	unsigned int ncompatible;
	uint64_t base;
	uint64_t size;
	uint16_t irqs[CELLTABLE_DEVICE_IRQS];
	unsigned int nirqs;
	uint32_t clock_hz;			    /* 0: no clock */
	char clock_names[MODEL_MAX_COMPATIBLE][32]; /* each a reference to the clock */
	unsigned int nclock_names;
	int dma; /* a bus master: it reaches all of memory (no IOMMU on the board) */
};

/*
 * The interrupt controller a VM cell is given (the platform's
 * interrupt-controller): the binding its device tree names, its
 * distributor, and the per-core interface a VM finds its virtual one at.
 */
struct model_irqc {
	char compatible[64];
	uint64_t distributor;
	uint64_t cpu;
};

/* A board: its RAM, what it keeps for itself, its devices and topology. */
struct platform {
	char name[CELLTABLE_NAME_LEN];
	char file[4096]; /* the platform file, for messages */
	uint64_t ram_base;
	uint64_t ram_size;
	struct model_range reserved[MODEL_MAX_RESERVED];
	unsigned int nreserved;
	uint64_t kmem_pool; /* bytes for all cells' kernel-memory quotas */
	int virtualization; /* the CPU has virtualization extensions: VM cells may run */
	unsigned int irq_first, irq_last; /* the interrupt IDs devices may have */
	struct model_irqc irqc; /* the GIC and timer interrupts of VM cells, if virtualization */
	uint16_t timer_ppis[4]; /* secure, non-secure, virtual, hyp: interrupt IDs */
	uint64_t doorbells;	/* guest-physical window of the channels' doorbell pages; 0: none */
	uint64_t pvpanic;	/* guest-physical page of a VM cell's pvpanic device; 0: none */
	struct model_pdevice devices[MODEL_MAX_PDEVICES];
	unsigned int ndevices;
	struct topo topo;
};

/* A range of RAM a cell or channel owns; base 0 until placed if open. */
struct model_region {
	uint64_t base;
	uint64_t size;
	int open; /* base left to cellconf */
	struct diag_mark mark;
};

/* What kind of kernel image a VM cell boots (cella/vmboot.h). */
enum model_kernel {
	MODEL_KERNEL_NONE,   /* not a kernel image (a native cell, or a VM cell's ELF) */
	MODEL_KERNEL_ZIMAGE, /* IMAGE.zImage, optional IMAGE.initrd: a Linux kernel */
	MODEL_KERNEL_RAW,    /* IMAGE.bin: a raw boot image, no initrd */
};

/*
 * A VM cell that boots a kernel image by the Linux/ARM boot protocol, and
 * its layout (cella/vmboot.h).
 */
struct model_boot {
	enum model_kernel kernel;	  /* nothing else is set if MODEL_KERNEL_NONE */
	char initrd_path[MODEL_PATH_LEN]; /* "" if the image has no initrd */
	uint64_t kernel_size;
	uint64_t initrd_size;
	struct vmboot layout; /* dtb_size 0 until the device tree is emitted */
};

struct model_cell {
	char name[CELLTABLE_NAME_LEN];
	struct diag_mark mark;
	enum celltable_kind kind;
	char image[CELLTABLE_NAME_LEN];
	char image_path[MODEL_PATH_LEN]; /* where the image (a boot image's kernel) was found */
	struct diag_mark image_mark;
	uint64_t cores;
	struct diag_mark core_marks[TOPO_MAX_CORES];
	struct model_region regions[MODEL_CELL_REGIONS];
	unsigned int nregions;
	unsigned int prio_lo;
	unsigned int prio_hi;
	uint64_t kmem;
	struct diag_mark kmem_mark;
	enum celltable_on_fault on_fault;
	unsigned int devices[MODEL_CELL_DEVICES]; /* indexes into platform devices */
	struct diag_mark device_marks[MODEL_CELL_DEVICES];
	unsigned int ndevices;
	char bootargs[MODEL_BOOTARGS_LEN]; /* a VM cell's kernel command line */
	int trusted;			   /* trusted: all-memory (may be given DMA devices) */
	struct model_boot boot;		   /* a VM cell's kernel image (vmcell.c) */
};

struct model_channel {
	char name[CELLTABLE_NAME_LEN];
	struct diag_mark mark;
	unsigned int cell[2]; /* indexes into the cells */
	uint8_t rights[2];    /* CELLTABLE_RIGHT_* */
	int doorbell;
	uint32_t doorbell_page; /* in each VM side (celltable.h), 0 if none */
	uint16_t virq;		/* raised in each VM side by its peer's signal, 0 if none */
	struct model_region mem;
};

/* A whole description, read against its platform. */
struct system {
	const char *file;
	struct platform platform;
	struct model_cell cells[CELLTABLE_MAX_CELLS];
	unsigned int ncells;
	struct model_channel channels[CELLTABLE_MAX_CHANNELS];
	unsigned int nchannels;
};

/* Where to find platforms and images. */
struct model_paths {
	const char *platform_dir;
	const char *image_dirs[MODEL_MAX_IMAGE_DIRS + 1]; /* NULL-terminated */
	unsigned int nimage_dirs;
};

/** Kernel command line of a VM cell that gives none: the console on its first PL011. */
#define MODEL_DEFAULT_BOOTARGS "console=ttyAMA0"

/** Kernel-memory quota of a cell that gives none. */
#define MODEL_DEFAULT_KMEM (64u << 10)

/**
 * platform_load() - read the platform called @name from @dir/@name.yaml and
 * its topology. Returns 0, or -1 with the problems in @d (@at: where the
 * description named the platform, for "unknown platform").
 */
int platform_load(struct platform *p, const char *dir, const char *name, struct diag *d,
		  const char *file, struct diag_mark at);

/**
 * desc_load() - read, check and place the description @file into @s.
 * Returns 0 if it is valid; -1 with every problem found recorded in @d.
 */
int desc_load(struct system *s, const char *file, const struct model_paths *paths, struct diag *d);

/**
 * desc_parse() - as desc_load() from an already parsed @root (the fuzzer's
 * entry point); @file names it in messages.
 */
int desc_parse(struct system *s, const char *file, const struct ynode *root,
	       const struct model_paths *paths, struct diag *d);

/** check_system() - cross-cell checks: cores, devices, memory, quotas, images. */
int check_system(struct system *s, const struct model_paths *paths, struct diag *d);

/**
 * vmcell_find_kernel() - look for @c's image as a kernel image in the image
 * directories, in order: IMAGE.zImage (with IMAGE.initrd beside it, if
 * there is one), else IMAGE.bin. Returns 1 if found (@c->image_path and
 * @c->boot filled in), else 0.
 */
int vmcell_find_kernel(const struct model_paths *paths, struct model_cell *c);

/** vmcell_suffix() - the file suffix of kernel image @kernel (".zImage", ".bin"). */
const char *vmcell_suffix(enum model_kernel kernel);

/**
 * vmcell_check() - the rules for VM cells that boot a kernel image: names
 * short enough for their pack entries; for a zImage a first region of at
 * least VMBOOT_MIN_MEMORY and a fixed first region aligned to
 * VMBOOT_RAM_ALIGN, for a raw boot image one aligned to VMBOOT_RAW_ALIGN.
 * Returns 0, or -1 after an error for each problem.
 */
int vmcell_check(struct system *s, struct diag *d);

/**
 * vmcell_layout() - after placement, the boot layout of every VM cell that
 * boots a kernel image (cella/vmboot.h). Returns 0, or -1 after an error
 * naming each cell whose kernel, device tree and initrd do not fit.
 */
int vmcell_layout(struct system *s, struct diag *d);

/**
 * place_memory() - give every open region (cells in file order, then channels)
 * a base: the lowest free address of RAM aligned to the region's size (a power
 * of two up to 2M), or to VMBOOT_RAM_ALIGN for the first region of a cell
 * that boots a zImage (at least VMBOOT_RAW_ALIGN for a raw boot image's). Returns 0, or -1 after an error for each
 * region that fits nowhere.
 */
int place_memory(struct system *s, struct diag *d);
