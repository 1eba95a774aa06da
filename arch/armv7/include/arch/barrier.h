/* SPDX-License-Identifier: MIT */
/* Memory barriers and event instructions for ARMv7-A. */
#pragma once

#define dmb(opt) __asm__ volatile("dmb " #opt ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define isb()	 __asm__ volatile("isb" ::: "memory")

/* Wake cores waiting in WFE; pairs with wfe() after a dsb. */
static inline void sev(void)
{
	__asm__ volatile("sev" ::: "memory");
}

static inline void wfe(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}
