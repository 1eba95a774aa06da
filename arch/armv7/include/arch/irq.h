/* SPDX-License-Identifier: MIT */
/*
 * GICv2 interrupt ID space, and what of it the generic irq layer sees:
 * inter-core interrupts are the GIC's software-generated IDs (SGIs),
 * device interrupts its shared peripheral IDs (SPIs).
 */
#pragma once

#include <types.h>

#define IRQ_SGI_COUNT 16   /* IDs 0..15: software-generated */
#define IRQ_PPI_BASE  16   /* IDs 16..31: private per core */
#define IRQ_SPI_BASE  32   /* IDs 32..: shared peripherals */
#define IRQ_MAX	      1020 /* IDs at and above are special */
#define IRQ_SPURIOUS  1023

/* The kernel's inter-core interrupts: SGIs from 1 up (SGI 0 is kept free). */
#define IRQ_IPI_FIRST 1
#define IRQ_IPI_LIMIT IRQ_SGI_COUNT

/* The first ID a device may own: below are the banked, per-core IDs. */
#define IRQ_DEVICE_FIRST IRQ_SPI_BASE
