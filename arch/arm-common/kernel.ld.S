/* SPDX-License-Identifier: MIT */
/* Link map of the kernel image, every ARM arch's: identity-mapped, loaded where it runs. */
#include <board.h>

OUTPUT_ARCH(arm)
ENTRY(_start)

/* Where the loader may put the boot arguments (tools/cellaqemu.py reads this). */
__bootargs_base = BOARD_BOOTARGS_BASE;

SECTIONS
{
	. = BOARD_KERNEL_BASE;
	__image_start = .;

	/*
	 * Code an arch maps a second time, each a page aligned by its source:
	 * a vector page (ARMv5: at 0xffff0000 too), a page user level may run.
	 */
	.text : {
		*(.text.entry)
		*(.text.vectors)
		*(.text.user_helpers)
		*(.text .text.*)
	}
	. = ALIGN(4096);
	__text_end = .;

	.rodata : {
		*(.rodata .rodata.*)
		. = ALIGN(4);
		/* the test image's self-tests (ktest.h); none in the product image */
		PROVIDE_HIDDEN(__ktest_start = .);
		KEEP(*(.ktest))
		PROVIDE_HIDDEN(__ktest_end = .);
		PROVIDE_HIDDEN(__ktest_setup_start = .);
		KEEP(*(.ktest_setup))
		PROVIDE_HIDDEN(__ktest_setup_end = .);
	}
	. = ALIGN(4096);
	__rodata_end = .;

	.data : {
		*(.data .data.*)
	}

	.bss (NOLOAD) : {
		. = ALIGN(8);
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(8);
		__bss_end = .;
	}
	. = ALIGN(4096);
	__image_end = .;

	/DISCARD/ : {
		*(.ARM.exidx*)
		*(.ARM.extab*)
		*(.comment)
	}
}
