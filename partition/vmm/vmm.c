// SPDX-License-Identifier: MIT
/*
 * The exit dispatcher (vmm.h): a table indexed by exit kind sends each exit
 * to the distributor, a channel's doorbell, PSCI or the coprocessor
 * registers and builds the reply.
 */
#include <stddef.h>

#include <cella/errors.h>

#include "vmm.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct exit_kind {
	enum vmm_stat stat;
	/* The handler, or NULL: the exit is fault @fault. */
	enum vmm_action (*handle)(struct vmm *vm, unsigned int vcpu, const uint32_t *msg,
				  struct vmm_result *r);
	enum vmm_fault fault;
};

int vmm_init(struct vmm *vm, const struct vmm_config *cfg, const struct vgicd_ops *gic_ops,
	     const struct psci_ops *psci_ops, void *ctx)
{
	int err;

	if (cfg->pvpanic_base % VMM_PVPANIC_SIZE)
		return ERR_INVALID;
	*vm = (struct vmm){.gicd_base = cfg->gicd_base,
			   .pvpanic_base = cfg->pvpanic_base,
			   .coproc = {.vcpus = cfg->vcpus, .periphbase = cfg->periphbase}};
	err = vgicd_init(&vm->gicd, cfg->vcpus, gic_ops, ctx);
	if (err < 0)
		return err;
	return psci_init(&vm->psci, cfg->vcpus, cfg->mpidr, cfg->boot_vcpu, psci_ops, ctx);
}

/* The doorbell whose page holds guest address @addr, or NULL. */
static const struct vmm_doorbell *doorbell_at(const struct vmm *vm, uint32_t addr)
{
	for (unsigned int i = 0; i < vm->ndoorbells; i++)
		if (addr - vm->doorbells[i].base < VMM_DOORBELL_SIZE)
			return &vm->doorbells[i];
	return NULL;
}

int vmm_doorbell_add(struct vmm *vm, uint32_t base, unsigned int id,
		     const struct vmm_doorbell_ops *ops, void *ctx)
{
	if (base % VMM_DOORBELL_SIZE || doorbell_at(vm, base) || base == vm->pvpanic_base ||
	    (base <= vm->gicd_base + VGICD_SIZE - 1 &&
	     vm->gicd_base <= base + VMM_DOORBELL_SIZE - 1))
		return ERR_INVALID;
	if (vm->ndoorbells == VMM_DOORBELLS)
		return ERR_NO_MEMORY;
	vm->doorbells[vm->ndoorbells++] =
		(struct vmm_doorbell){.base = base, .id = id, .ops = ops, .ctx = ctx};
	return 0;
}

/* Resume after the trapped instruction, setting guest register @reg to @value if @flags say. */
static enum vmm_action resume(struct vmm_result *r, unsigned int flags, unsigned int reg,
			      uint32_t value)
{
	*r = (struct vmm_result){
		.reply = {FAULT_RESUME, 0, VCPU_REPLY(VCPU_REPLY_ADVANCE | flags, reg), value},
		.action = VMM_RESUME};
	return r->action;
}

static enum vmm_action stop(struct vmm_result *r, enum vmm_action action, enum vmm_fault fault)
{
	*r = (struct vmm_result){.reply = {FAULT_STOP}, .action = action, .fault = fault};
	return action;
}

static enum vmm_action fault(struct vmm_result *r, enum vmm_fault kind)
{
	return stop(r, VMM_FAULT, kind);
}

/* The value a load of @size bytes gives the guest register. */
static uint32_t load_value(uint32_t value, unsigned int size, uint32_t flags)
{
	if (!(flags & VCPU_MMIO_SIGNED))
		return value;
	if (size == 1)
		return (uint32_t)(int32_t)(int8_t)value;
	if (size == 2)
		return (uint32_t)(int32_t)(int16_t)value;
	return value;
}

static uint32_t size_mask(unsigned int size)
{
	return size >= 4 ? ~0u : (1u << size * 8) - 1;
}

/* A doorbell page: a write of any size rings, a read takes what the peer rang. */
static enum vmm_action doorbell_access(const struct vmm_doorbell *db, const uint32_t *msg,
				       struct vmm_result *r)
{
	uint32_t size = msg[5], reg = msg[6], flags = msg[7];

	if (flags & VCPU_MMIO_WRITE) {
		db->ops->ring(db->ctx, db->id, msg[4] & size_mask(size));
		return resume(r, 0, 0, 0);
	}
	if (reg > VCPU_REG_LR)
		return fault(r, VMM_FAULT_MMIO);
	return resume(r, VCPU_REPLY_SET, reg,
		      load_value(db->ops->take(db->ctx, db->id) & size_mask(size), size, flags));
}

/* The pvpanic page: it supports "panicked", and a write of it is the guest's fault. */
static enum vmm_action pvpanic_access(const uint32_t *msg, struct vmm_result *r)
{
	uint32_t size = msg[5], reg = msg[6], flags = msg[7];

	if (flags & VCPU_MMIO_WRITE)
		return msg[4] & VMM_PVPANIC_PANICKED ? fault(r, VMM_FAULT_PANIC)
						     : resume(r, 0, 0, 0);
	if (reg > VCPU_REG_LR)
		return fault(r, VMM_FAULT_MMIO);
	return resume(r, VCPU_REPLY_SET, reg, load_value(VMM_PVPANIC_PANICKED, size, flags));
}

/* Words 4-7: value written, size, register, VCPU_MMIO_* flags. */
static enum vmm_action exit_mmio(struct vmm *vm, unsigned int vcpu, const uint32_t *msg,
				 struct vmm_result *r)
{
	uint32_t offset = msg[1] - vm->gicd_base, size = msg[5], reg = msg[6], flags = msg[7];
	const struct vmm_doorbell *db = doorbell_at(vm, msg[1]);

	if (db)
		return doorbell_access(db, msg, r);
	if (vm->pvpanic_base && msg[1] - vm->pvpanic_base < VMM_PVPANIC_SIZE)
		return pvpanic_access(msg, r);
	if (offset >= VGICD_SIZE)
		return fault(r, VMM_FAULT_MMIO);
	if (flags & VCPU_MMIO_WRITE) {
		vgicd_write(&vm->gicd, vcpu, offset, size, msg[4] & size_mask(size));
		return resume(r, 0, 0, 0);
	}
	if (reg > VCPU_REG_LR)
		return fault(r, VMM_FAULT_MMIO);
	return resume(r, VCPU_REPLY_SET, reg,
		      load_value(vgicd_read(&vm->gicd, vcpu, offset, size), size, flags));
}

/* HVC #0 or SMC #0 (SMCCC): function ID and arguments in words 4-7, the result into r0. */
static enum vmm_action exit_smccc(struct vmm *vm, unsigned int vcpu, const uint32_t *msg,
				  struct vmm_result *r)
{
	const uint32_t args[4] = {msg[4], msg[5], msg[6], msg[7]};
	struct psci_result res;

	if (msg[1] != 0)
		return fault(r, VMM_FAULT_HVC);
	res = psci_call(&vm->psci, vcpu, args);
	if (res.stop)
		return stop(r, VMM_STOP, VMM_FAULT_NONE);
	return resume(r, VCPU_REPLY_SET, 0, res.r0);
}

/* Word 3: the HSR, whose ISS names the register. */
static enum vmm_action exit_sysreg(struct vmm *vm, unsigned int vcpu, const uint32_t *msg,
				   struct vmm_result *r)
{
	struct coproc_access a;
	uint32_t value;

	if (coproc_decode(msg[3], &a) < 0 || coproc_emulate(&vm->coproc, &a, &value) < 0)
		return fault(r, VMM_FAULT_SYSREG);
	if (a.read)
		return resume(r, VCPU_REPLY_SET, a.rt, value);
	return resume(r, 0, 0, 0);
}

static const struct exit_kind kinds[] = {
	[FAULT_DATA] = {VMM_STAT_ABORT, NULL, VMM_FAULT_ABORT},
	[FAULT_PREFETCH] = {VMM_STAT_ABORT, NULL, VMM_FAULT_ABORT},
	[FAULT_UNDEFINED] = {VMM_STAT_UNDEFINED, NULL, VMM_FAULT_UNDEFINED},
	[FAULT_VCPU_MMIO] = {VMM_STAT_MMIO, exit_mmio, VMM_FAULT_NONE},
	[FAULT_VCPU_HVC] = {VMM_STAT_HVC, exit_smccc, VMM_FAULT_NONE},
	[FAULT_VCPU_SMC] = {VMM_STAT_SMC, exit_smccc, VMM_FAULT_NONE},
	[FAULT_VCPU_SYSREG] = {VMM_STAT_SYSREG, exit_sysreg, VMM_FAULT_NONE},
};

static const struct exit_kind other_kind = {VMM_STAT_OTHER, NULL, VMM_FAULT_EXIT};

static const struct exit_kind *kind_of(uint32_t kind)
{
	if (kind >= ARRAY_LEN(kinds) || (!kinds[kind].handle && !kinds[kind].fault))
		return &other_kind;
	return &kinds[kind];
}

enum vmm_action vmm_exit(struct vmm *vm, unsigned int vcpu, const uint32_t msg[VCPU_EXIT_WORDS],
			 struct vmm_result *result)
{
	const struct exit_kind *k = kind_of(msg[0]);
	enum vmm_action action;

	vm->stats[k->stat]++;
	if (vcpu >= vm->psci.vcpus) {
		action = fault(result, VMM_FAULT_EXIT);
	} else {
		psci_vcpu_running(&vm->psci, vcpu);
		action = k->handle ? k->handle(vm, vcpu, msg, result) : fault(result, k->fault);
	}
	if (action == VMM_FAULT)
		vm->stats[VMM_STAT_FAULT]++;
	return action;
}

static const char *const stat_names[VMM_STAT_COUNT] = {
	[VMM_STAT_MMIO] = "mmio",   [VMM_STAT_HVC] = "hvc",
	[VMM_STAT_SMC] = "smc",	    [VMM_STAT_SYSREG] = "sysreg",
	[VMM_STAT_ABORT] = "abort", [VMM_STAT_UNDEFINED] = "undefined",
	[VMM_STAT_OTHER] = "other", [VMM_STAT_FAULT] = "faults",
};

static const char *const fault_names[VMM_FAULT_COUNT] = {
	[VMM_FAULT_NONE] = "none",
	[VMM_FAULT_MMIO] = "MMIO outside the emulated devices",
	[VMM_FAULT_ABORT] = "stage-2 abort",
	[VMM_FAULT_UNDEFINED] = "undefined instruction",
	[VMM_FAULT_SYSREG] = "coprocessor register not emulated",
	[VMM_FAULT_HVC] = "HVC/SMC with a non-zero immediate",
	[VMM_FAULT_EXIT] = "unknown exit",
	[VMM_FAULT_PANIC] = "the guest panicked",
};

const char *vmm_stat_name(enum vmm_stat stat)
{
	return (unsigned int)stat < VMM_STAT_COUNT ? stat_names[stat] : "?";
}

const char *vmm_fault_name(enum vmm_fault fault)
{
	return (unsigned int)fault < VMM_FAULT_COUNT ? fault_names[fault] : "?";
}
