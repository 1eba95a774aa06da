// SPDX-License-Identifier: MIT
/*
 * Loading native cell images: 32-bit little-endian ARM ELF executables
 * linked at CELL_IMAGE_ADDR, whose loadable segments must lie inside the
 * cell's memory below its thread stacks.
 */
#include <shared/string.h>

#include "service.h"

#define EI_NIDENT   16
#define ELFCLASS32  1
#define ELFDATA2LSB 1
#define ET_EXEC	    2
#define EM_ARM	    40
#define PT_LOAD	    1

struct elf_header {
	uint8_t ident[EI_NIDENT];
	uint16_t type, machine;
	unsigned int version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
	unsigned int type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

static const struct elf_phdr *phdr(const void *image, unsigned int i)
{
	const struct elf_header *h = image;

	return (const struct elf_phdr *)((const char *)image + h->phoff) + i;
}

/* Segment @p is in the file and inside [CELL_IMAGE_ADDR, CELL_IMAGE_ADDR + size). */
static int segment_ok(const struct elf_phdr *p, size_t len, unsigned int size)
{
	uint64_t start = p->vaddr, end = (uint64_t)p->vaddr + p->memsz;

	if ((uint64_t)p->offset + p->filesz > len || p->filesz > p->memsz)
		return 0;
	return start >= CELL_IMAGE_ADDR && end <= (uint64_t)CELL_IMAGE_ADDR + size;
}

int elf_check(struct cell *c, unsigned int size)
{
	const struct elf_header *h = c->image;
	size_t len = c->image_size;

	if (len < sizeof(*h) || memcmp(h->ident, "\177ELF", 4) != 0)
		return cell_error(c, ERR_INVALID, "its image is not an ELF file");
	if (h->ident[4] != ELFCLASS32 || h->ident[5] != ELFDATA2LSB || h->type != ET_EXEC ||
	    h->machine != EM_ARM)
		return cell_error(c, ERR_INVALID,
				  "its image is not a 32-bit little-endian ARM executable");
	if (h->phentsize != sizeof(struct elf_phdr) ||
	    (uint64_t)h->phoff + (uint64_t)h->phnum * sizeof(struct elf_phdr) > len)
		return cell_error(c, ERR_INVALID, "its image has a malformed program header table");
	for (unsigned int i = 0; i < h->phnum; i++)
		if (phdr(h, i)->type == PT_LOAD && !segment_ok(phdr(h, i), len, size))
			return cell_error(c, ERR_INVALID,
					  "its image has a segment outside its memory");
	if (h->entry < CELL_IMAGE_ADDR || h->entry - CELL_IMAGE_ADDR >= size)
		return cell_error(c, ERR_INVALID, "its image's entry point is outside its memory");
	return 0;
}

unsigned int elf_load(const void *image, uint8_t *memory, unsigned int size)
{
	const struct elf_header *h = image;

	memset(memory, 0, size);
	for (unsigned int i = 0; i < h->phnum; i++) {
		const struct elf_phdr *p = phdr(image, i);

		if (p->type == PT_LOAD)
			memcpy(memory + (p->vaddr - CELL_IMAGE_ADDR),
			       (const char *)image + p->offset, p->filesz);
	}
	return h->entry;
}
