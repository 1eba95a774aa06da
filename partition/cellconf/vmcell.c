// SPDX-License-Identifier: MIT
/*
 * VM cells that boot a kernel image by the Linux/ARM boot protocol: the
 * image's files (IMAGE.zImage with an optional IMAGE.initrd, or a raw
 * IMAGE.bin), the rules their memory must follow, and the boot layout
 * (cella/vmboot.h) that the device tree and the boot record both take
 * from here.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "model.h"
#include "values.h"

#define VMCELL_4G (1ull << 32)

/* The size of regular file @path into @size: 1, or 0 if there is none. */
static int file_size(const char *path, uint64_t *size)
{
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	*size = (uint64_t)st.st_size;
	return 1;
}

const char *vmcell_suffix(enum model_kernel kernel)
{
	return kernel == MODEL_KERNEL_RAW ? VMBOOT_RAW_SUFFIX : VMBOOT_ZIMAGE_SUFFIX;
}

/* @c's image as a kernel image of kind @kernel in directory @dir: 1 if found. */
static int find_in(const char *dir, enum model_kernel kernel, struct model_cell *c)
{
	struct model_boot *b = &c->boot;
	char initrd[MODEL_PATH_LEN];

	snprintf(c->image_path, sizeof(c->image_path), "%s/%s%s", dir, c->image,
		 vmcell_suffix(kernel));
	if (!file_size(c->image_path, &b->kernel_size))
		return 0;
	snprintf(initrd, sizeof(initrd), "%s/%s" VMBOOT_INITRD_SUFFIX, dir, c->image);
	if (kernel == MODEL_KERNEL_ZIMAGE && file_size(initrd, &b->initrd_size))
		memcpy(b->initrd_path, initrd, sizeof(initrd));
	b->kernel = kernel;
	return 1;
}

int vmcell_find_kernel(const struct model_paths *paths, struct model_cell *c)
{
	memset(&c->boot, 0, sizeof(c->boot));
	for (unsigned int i = 0; i < paths->nimage_dirs; i++)
		if (find_in(paths->image_dirs[i], MODEL_KERNEL_ZIMAGE, c) ||
		    find_in(paths->image_dirs[i], MODEL_KERNEL_RAW, c))
			return 1;
	c->image_path[0] = '\0';
	return 0;
}

static int check_names(struct system *s, const struct model_cell *c, struct diag *d)
{
	int bad = 0;

	if (strlen(c->name) > VMBOOT_NAME_MAX) {
		diag_error(
			d, s->file, c->mark,
			"cell name '%s' is too long for a vm cell; valid: at most %d characters (its pack entries are NAME" VMBOOT_RECORD_SUFFIX
			" and NAME" VMBOOT_DTB_SUFFIX ")",
			c->name, VMBOOT_NAME_MAX);
		bad = 1;
	}
	if (c->boot.kernel != MODEL_KERNEL_NONE && strlen(c->image) > VMBOOT_NAME_MAX) {
		diag_error(
			d, s->file, c->image_mark,
			"image name '%s' is too long for a kernel image; valid: at most %d characters (its pack entry is NAME%s)",
			c->image, VMBOOT_NAME_MAX, vmcell_suffix(c->boot.kernel));
		bad = 1;
	}
	return bad ? -1 : 0;
}

/* The first region holds the zImage at 32M, and its base is the kernel's RAM base. */
static int check_zimage_region(struct system *s, const struct model_cell *c, struct diag *d)
{
	const struct model_region *r = &c->regions[0];
	char size[16];

	if (r->size < VMBOOT_MIN_MEMORY) {
		diag_error(
			d, s->file, r->mark,
			"memory %s of cell '%s' is too small for its kernel image %s" VMBOOT_ZIMAGE_SUFFIX
			"; valid: a first region of at least 32M (the kernel is loaded 32M into it)",
			value_size_text(r->size, size, sizeof(size)), c->name, c->image);
		return -1;
	}
	if (!r->open && r->base % VMBOOT_RAM_ALIGN) {
		diag_error(
			d, s->file, r->mark,
			"memory base 0x%llx of cell '%s' is not 128M-aligned; valid: a multiple of 128M (0x%x), as its kernel image %s" VMBOOT_ZIMAGE_SUFFIX
			" takes its own address rounded down to 128M as the start of RAM",
			(unsigned long long)r->base, c->name, VMBOOT_RAM_ALIGN, c->image);
		return -1;
	}
	return 0;
}

/* A raw boot image is loaded at the first region's base: a 1M boundary. */
static int check_raw_region(struct system *s, const struct model_cell *c, struct diag *d)
{
	const struct model_region *r = &c->regions[0];

	if (r->open || r->base % VMBOOT_RAW_ALIGN == 0)
		return 0;
	diag_error(
		d, s->file, r->mark,
		"memory base 0x%llx of cell '%s' is not 1M-aligned; valid: a multiple of 1M (0x%x), as its raw boot image %s" VMBOOT_RAW_SUFFIX
		" is loaded there",
		(unsigned long long)r->base, c->name, VMBOOT_RAW_ALIGN, c->image);
	return -1;
}

int vmcell_check(struct system *s, struct diag *d)
{
	int bad = 0;

	for (unsigned int i = 0; i < s->ncells; i++) {
		const struct model_cell *c = &s->cells[i];

		if (c->kind != CELLTABLE_KIND_VM)
			continue;
		bad |= check_names(s, c, d) < 0;
		if (c->boot.kernel == MODEL_KERNEL_ZIMAGE)
			bad |= check_zimage_region(s, c, d) < 0;
		else if (c->boot.kernel == MODEL_KERNEL_RAW)
			bad |= check_raw_region(s, c, d) < 0;
	}
	return bad ? -1 : 0;
}

static uint64_t page_up(uint64_t x)
{
	return (x + CELLTABLE_PAGE - 1) & ~(uint64_t)(CELLTABLE_PAGE - 1);
}

/*
 * The layout of a zImage in a first region of @size at @base (cella/vmboot.h)
 * into @v; 0 if kernel, device tree and initrd fit it without overlapping,
 * else -1.
 */
static int layout_zimage(const struct model_boot *b, uint64_t base, uint64_t size, struct vmboot *v)
{
	uint64_t dtb = size > VMBOOT_DTB_HIGH_ABOVE ? VMBOOT_DTB_HIGH : size / 2;
	uint64_t kernel_end = VMBOOT_KERNEL_OFFSET + b->kernel_size;
	uint64_t initrd = dtb + VMBOOT_DTB_SLOT;

	*v = (struct vmboot){
		.magic = VMBOOT_MAGIC,
		.kernel_addr = (uint32_t)(base + VMBOOT_KERNEL_OFFSET),
		.kernel_size = (uint32_t)b->kernel_size,
		.initrd_addr = b->initrd_size ? (uint32_t)(base + initrd) : 0,
		.initrd_size = (uint32_t)b->initrd_size,
		.dtb_addr = (uint32_t)(base + dtb),
		.entry = (uint32_t)(base + VMBOOT_KERNEL_OFFSET),
	};
	return kernel_end <= dtb && initrd + page_up(b->initrd_size) <= size ? 0 : -1;
}

/* The layout of a raw boot image: the image at @base, the device tree in the last slot. */
static int layout_raw(const struct model_boot *b, uint64_t base, uint64_t size, struct vmboot *v)
{
	uint64_t dtb = size < VMBOOT_DTB_SLOT
			       ? 0
			       : (size - VMBOOT_DTB_SLOT) & ~(uint64_t)(VMBOOT_DTB_SLOT - 1);

	*v = (struct vmboot){
		.magic = VMBOOT_MAGIC,
		.kernel_addr = (uint32_t)base,
		.kernel_size = (uint32_t)b->kernel_size,
		.dtb_addr = (uint32_t)(base + dtb),
		.entry = (uint32_t)base,
	};
	return size >= VMBOOT_DTB_SLOT && b->kernel_size <= dtb ? 0 : -1;
}

static int layout(const struct model_boot *b, uint64_t base, uint64_t size, struct vmboot *v)
{
	return b->kernel == MODEL_KERNEL_RAW ? layout_raw(b, base, size, v)
					     : layout_zimage(b, base, size, v);
}

/* The smallest first region that holds @b's layout, 0 if none below 4G does. */
static uint64_t least_size(const struct model_boot *b)
{
	uint64_t size = b->kernel == MODEL_KERNEL_RAW ? CELLTABLE_PAGE : VMBOOT_MIN_MEMORY;
	struct vmboot v;

	for (; size < VMCELL_4G; size += CELLTABLE_PAGE)
		if (layout(b, 0, size, &v) == 0)
			return size;
	return 0;
}

static void no_fit(struct system *s, const struct model_cell *c, const struct vmboot *v,
		   struct diag *d)
{
	const struct model_boot *b = &c->boot;
	char size[16], least[64] = "a kernel image under 96M", initrd[96] = "no initrd";
	uint64_t need = least_size(b);

	if (b->initrd_size)
		snprintf(initrd, sizeof(initrd), "initrd 0x%x-0x%llx (%s" VMBOOT_INITRD_SUFFIX ")",
			 v->initrd_addr, (unsigned long long)v->initrd_addr + b->initrd_size - 1,
			 c->image);
	if (need) {
		value_size_text(need, size, sizeof(size));
		snprintf(least, sizeof(least), "a first region of at least %s", size);
	}
	diag_error(
		d, s->file, c->regions[0].mark,
		"cell '%s' cannot hold its kernel, device tree and initrd in %s: kernel 0x%x-0x%llx (%s%s), device tree 0x%x-0x%x, %s; valid: %s",
		c->name, value_size_text(c->regions[0].size, size, sizeof(size)), v->kernel_addr,
		(unsigned long long)v->kernel_addr + b->kernel_size - 1, c->image,
		vmcell_suffix(b->kernel), v->dtb_addr, v->dtb_addr + VMBOOT_DTB_SLOT - 1, initrd,
		least);
}

int vmcell_layout(struct system *s, struct diag *d)
{
	int bad = 0;

	for (unsigned int i = 0; i < s->ncells; i++) {
		struct model_cell *c = &s->cells[i];
		const struct model_region *r = &c->regions[0];

		if (c->boot.kernel == MODEL_KERNEL_NONE)
			continue;
		if (r->base + r->size > VMCELL_4G) {
			diag_error(d, s->file, r->mark,
				   "memory of cell '%s' ends above 4G; valid: below 4G, where its "
				   "kernel image can be loaded",
				   c->name);
			bad = 1;
		} else if (layout(&c->boot, r->base, r->size, &c->boot.layout) < 0) {
			no_fit(s, c, &c->boot.layout, d);
			bad = 1;
		}
		c->boot.layout.pvpanic_addr = (uint32_t)s->platform.pvpanic;
	}
	return bad ? -1 : 0;
}
