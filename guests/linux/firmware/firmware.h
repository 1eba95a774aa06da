/* SPDX-License-Identifier: MIT */
/*
 * The native-boot firmware (guests/linux/firmware/): where it lives, what
 * the host tells it, and its few entry points. It takes every core from
 * reset (Secure SVC) to the Non-secure world, starts Linux on core 0 and
 * answers PSCI over SMC. Usable from C and assembly.
 */
#pragma once

#include <board.h>

/*
 * The firmware runs from the motherboard's on-chip SRAM, which is not in
 * Linux's memory: nothing needs reserving. Each core has a stack for its
 * start in Secure SVC and one for Monitor mode (SMC).
 */
#define FW_SRAM_BASE   0x2e000000
#define FW_SRAM_SIZE   0x10000
#define FW_MAX_CPUS    4 /* a CoreTile Express A15x4; MPIDR Aff0 is the core */
#define FW_STACK_SHIFT 10
#define FW_STACK_SIZE  (1 << FW_STACK_SHIFT)

/*
 * The boot record, {zImage entry, device tree address}: QEMU's generic
 * loader writes it at every reset (guests/linux/qemu.py). It lies above
 * the firmware's ELF image, whose reset copy would overwrite it otherwise.
 */
#define FW_BOOT_RECORD_SIZE 16
#define FW_BOOT_RECORD	    (FW_SRAM_BASE + FW_SRAM_SIZE - FW_BOOT_RECORD_SIZE)

/*
 * Motherboard system registers: a write of SYS_CFGCTRL with START and
 * WRITE set runs a configuration-bus function; QEMU powers the machine
 * off for SHUTDOWN and resets it for REBOOT (site 0, device 0).
 */
#define FW_SYSREG_BASE	      0x1c010000
#define FW_SYS_CFGCTRL	      0xa4
#define FW_CFGCTRL_START      (1u << 31)
#define FW_CFGCTRL_WRITE      (1u << 30)
#define FW_CFGCTRL_FUNC_SHIFT 20
#define FW_CFG_SHUTDOWN	      8
#define FW_CFG_REBOOT	      9

#define FW_MPIDR_AFF0 0xff
/* The SGI that wakes a core for CPU_ON: 8-15 are the Secure world's by convention. */
#define FW_WAKE_SGI   15

#ifndef __ASSEMBLY__
#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

struct fw_boot_record {
	uint32_t kernel; /* zImage's first instruction (ARM state) */
	uint32_t dtb;	 /* the device tree, 8-byte aligned, in RAM */
};

/* At FW_BOOT_RECORD (the linker script), for the host to find by name. */
extern const volatile struct fw_boot_record fw_boot_record;

/** fw_main() - every core's C entry, in Secure SVC on its own stack (start.S). */
noreturn void fw_main(unsigned int cpu);

/**
 * fw_enter_nonsecure() - leave the firmware for Non-secure PL1 at @pc with
 * CPSR @cpsr, r0 = @r0, r1 = ~0, r2 = @r2, the MMU and caches off. Resets
 * this core's Monitor stack. From Secure SVC or Monitor mode.
 */
noreturn void fw_enter_nonsecure(uint32_t pc, uint32_t cpsr, uint32_t r0, uint32_t r2);

/** fw_smc() - an SMC from Linux (start.S saves the rest): PSCI; r0 to return. */
uint32_t fw_smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);

/** fw_power_init() - the boot core, before Linux: PSCI with @cpus cores, core 0 on. */
void fw_power_init(unsigned int cpus);

/** fw_wait_for_cpu_on() - a core that is off: wait (WFI) for CPU_ON and go there. */
noreturn void fw_wait_for_cpu_on(unsigned int cpu);

/** fw_gic_init() - this core's interrupts to the Non-secure world but FW_WAKE_SGI (gic.c). */
void fw_gic_init(unsigned int cpu);

/** fw_gic_wake() - send FW_WAKE_SGI to core @cpu, after what it must see (dsb). */
void fw_gic_wake(unsigned int cpu);

/** fw_gic_woken() - acknowledge this core's pending interrupt: was it FW_WAKE_SGI? */
bool fw_gic_woken(void);

static inline unsigned int fw_this_cpu(void)
{
	uint32_t mpidr;

	__asm__ volatile("mrc p15, 0, %0, c0, c0, 5" : "=r"(mpidr));
	return mpidr & FW_MPIDR_AFF0;
}
#endif
