/* SPDX-License-Identifier: MIT */
/* Link map of the root task: one flat image at ROOT_IMAGE_ADDR, BSS included. */
#include <cella/bootinfo.h>

OUTPUT_ARCH(arm)
ENTRY(_start)

SECTIONS
{
	. = ROOT_IMAGE_ADDR;
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
	__root_end = .; /* the cell pack follows at the next page (rootimg.S) */
	/DISCARD/ : {
		*(.ARM.exidx*)
		*(.ARM.extab*)
		*(.comment)
	}
}
