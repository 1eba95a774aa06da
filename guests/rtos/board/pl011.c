// SPDX-License-Identifier: MIT
/* The PL011 UART driver. */
#include <arch/cpu.h>
#include <board/gic.h>
#include <board/pl011.h>

#define UART_DR	     0x00
#define UART_FR	     0x18
#define UART_LCR_H   0x2c
#define UART_CR	     0x30
#define UART_IMSC    0x38
#define UART_ICR     0x44
#define FR_RXFE	     (1 << 4)
#define FR_TXFF	     (1 << 5)
#define LCR_H_FEN    (1 << 4)
#define LCR_H_8BIT   (3 << 5)
#define CR_UARTEN    (1 << 0)
#define CR_TXE	     (1 << 8)
#define CR_RXE	     (1 << 9)
#define INT_RX	     (1 << 4)
#define INT_RT	     (1 << 6)
#define INT_ALL	     0x7ff
#define UART_RX_PRIO 0xa0

static uintptr_t uart;
static void (*rx_fn)(char c);

void pl011_init(uintptr_t base)
{
	uart = base;
	mmio_write32(uart + UART_CR, 0);
	mmio_write32(uart + UART_IMSC, 0);
	mmio_write32(uart + UART_ICR, INT_ALL);
	mmio_write32(uart + UART_LCR_H, LCR_H_8BIT | LCR_H_FEN);
	mmio_write32(uart + UART_CR, CR_UARTEN | CR_TXE | CR_RXE);
}

static void put_raw(char c)
{
	while (mmio_read32(uart + UART_FR) & FR_TXFF)
		;
	mmio_write32(uart + UART_DR, (uint8_t)c);
}

void pl011_putc(char c)
{
	if (c == '\n')
		put_raw('\r');
	put_raw(c);
}

static void rx_irq(void *arg)
{
	while (!(mmio_read32(uart + UART_FR) & FR_RXFE))
		rx_fn((char)mmio_read32(uart + UART_DR));
	mmio_write32(uart + UART_ICR, INT_RX | INT_RT);
}

void pl011_rx_attach(unsigned irq, void (*fn)(char c))
{
	rx_fn = fn;
	gic_attach(irq, UART_RX_PRIO, rx_irq, 0);
	mmio_write32(uart + UART_IMSC, INT_RX | INT_RT);
}
