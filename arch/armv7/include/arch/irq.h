/* SPDX-License-Identifier: MIT */
/* GICv2 interrupt ID space, as the generic irq layer sees it. */
#pragma once

#define IRQ_SGI_COUNT 16   /* IDs 0..15: software-generated */
#define IRQ_PPI_BASE  16   /* IDs 16..31: private per core */
#define IRQ_SPI_BASE  32   /* IDs 32..: shared peripherals */
#define IRQ_MAX	      1020 /* IDs at and above are special */
#define IRQ_SPURIOUS  1023
