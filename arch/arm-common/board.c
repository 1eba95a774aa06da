// SPDX-License-Identifier: MIT
/* The board facts the generic kernel asks for, from the board file. */
#include <board.h>
#include <boot.h>
#include <ram.h>

const char *arch_board_name(void)
{
	return BOARD_NAME;
}

const char *arch_bootargs(void)
{
	return (const char *)BOARD_BOOTARGS_BASE;
}

size_t arch_bootargs_size(void)
{
	return BOARD_BOOTARGS_SIZE;
}

paddr_t ram_arch_base(void)
{
	return BOARD_RAM_BASE;
}

uint64_t ram_arch_max(void)
{
	return BOARD_RAM_MAX;
}

uint64_t ram_arch_default(void)
{
	return BOARD_RAM_DEFAULT;
}
