/* SPDX-License-Identifier: MIT */
/* Link map of a native cell: an ELF at CELL_IMAGE_ADDR of the cell's own space. */
#include <cella/cellinfo.h>

OUTPUT_ARCH(arm)
ENTRY(_start)

SECTIONS
{
	. = CELL_IMAGE_ADDR;
	.text : {
		*(.text.start)
		*(.text .text.*)
	}
	.rodata : { *(.rodata .rodata.*) }
	.data : { *(.data .data.*) }
	.bss : {
		*(.bss .bss.*)
		*(COMMON)
	}
	/DISCARD/ : {
		*(.ARM.exidx*)
		*(.ARM.extab*)
		*(.comment)
	}
}
