// SPDX-License-Identifier: MIT
/*
 * ARM PL011 UART: the console on every board that has one (BOARD_UART0_BASE).
 * Polled transmit and receive. The receive interrupts are raised at the
 * UART (the line stays off at the interrupt controller unless the root
 * task claims it, bootinfo's console_irq): pending while bytes wait, so
 * SYS_CONSOLE_READ emptying the FIFO ends it.
 */
#include <board.h>
#include <console.h>

#include <drivers/pl011.h>

#include <arch/mmio.h>

#define UART_DR	   0x00
#define UART_FR	   0x18
#define UART_LCRH  0x2c
#define UART_CR	   0x30
#define UART_IMSC  0x38
#define FR_TXFF	   (1 << 5) /* transmit FIFO full */
#define FR_RXFE	   (1 << 4) /* receive FIFO empty */
#define LCRH_FEN   (1 << 4) /* FIFOs on */
#define LCRH_WLEN8 (3 << 5) /* 8 data bits */
#define CR_UARTEN  (1 << 0)
#define CR_TXE	   (1 << 8)
#define CR_RXE	   (1 << 9)
#define IMSC_RX	   (1 << 4) /* receive FIFO at its trigger level */
#define IMSC_RT	   (1 << 6) /* receive timeout: bytes waited there */

void pl011_putc(uintptr_t base, char c)
{
	while (mmio_read32(base + UART_FR) & FR_TXFF)
		;
	mmio_write32(base + UART_DR, (uint8_t)c);
}

/* The firmware-free boot leaves the UART at its reset settings: 8N1, FIFO on. */
void console_arch_init(void)
{
	uintptr_t base = BOARD_UART0_BASE;

	mmio_write32(base + UART_CR, 0);
	mmio_write32(base + UART_IMSC, 0);
	mmio_write32(base + UART_LCRH, LCRH_WLEN8 | LCRH_FEN);
	mmio_write32(base + UART_CR, CR_UARTEN | CR_TXE | CR_RXE);
	mmio_write32(base + UART_IMSC, IMSC_RX | IMSC_RT);
}

void console_arch_putc(char c)
{
	pl011_putc(BOARD_UART0_BASE, c);
}

bool console_arch_getc(char *c)
{
	if (mmio_read32(BOARD_UART0_BASE + UART_FR) & FR_RXFE)
		return false;
	*c = (char)mmio_read32(BOARD_UART0_BASE + UART_DR);
	return true;
}
