/* SPDX-License-Identifier: MIT */
/* Link map of the native-boot firmware: on-chip SRAM, below the boot record. */
#include "firmware.h"

OUTPUT_ARCH(arm)
ENTRY(_start)

SECTIONS
{
	. = FW_SRAM_BASE;
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
	ASSERT(. <= FW_BOOT_RECORD, "the firmware overlaps its boot record")
	fw_boot_record = FW_BOOT_RECORD; /* the host finds it by this name */
	/DISCARD/ : {
		*(.ARM.exidx*)
		*(.ARM.extab*)
		*(.comment)
	}
}
