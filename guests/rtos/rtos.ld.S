/* SPDX-License-Identifier: MIT */
/*
 * The RTOS image: linked at RTOS_LINK_BASE (arch/layout.h), run from any
 * MiB-aligned physical address; start.S maps the one onto the other. The
 * raw binary (rtos.bin) is __image_start..__image_end; .bss, the stacks and
 * the first-level page table follow it in memory, not in the file. The ELF's
 * physical addresses and entry are at RTOS_ELF_LOAD, for a bare -kernel boot.
 */
#include <arch/layout.h>

ENTRY(__entry_pa)

SECTIONS
{
	. = RTOS_LINK_BASE;
	__image_start = .;
	.text : AT(RTOS_ELF_LOAD) { KEEP(*(.text.start)) *(.text .text.*) }
	.rodata : { *(.rodata .rodata.*) }
	.data : { *(.data .data.*) }
	. = ALIGN(16);
	__image_end = .;
	.bss (NOLOAD) : { __bss_start = .; *(.bss .bss.* COMMON) . = ALIGN(16); __bss_end = .; }
	.pgtable (NOLOAD) : ALIGN(16384) { __pgtable = .; . += 16384; }
	__footprint_end = .;
	/DISCARD/ : { *(.ARM.exidx* .ARM.extab* .comment .note*) }
}

__image_size = __image_end - __image_start;
__entry_pa = _start - RTOS_LINK_BASE + RTOS_ELF_LOAD;
__pgtable_offset = __pgtable - __image_start;
ASSERT(__footprint_end - __image_start <= BOOT_MAP_MB * SECTION_SIZE, "the image outgrew what start.S maps")
