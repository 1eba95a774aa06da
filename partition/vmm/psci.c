// SPDX-License-Identifier: MIT
/* PSCI 1.0 (psci.h): one handler per supported function, found by table. */
#include <stddef.h>

#include <cella/errors.h>

#include "psci.h"

struct psci_fn {
	uint32_t id;
	struct psci_result (*call)(struct psci *p, unsigned int caller, const uint32_t a[4]);
};

static struct psci_result ret(int32_t r0)
{
	return (struct psci_result){.r0 = (uint32_t)r0};
}

static const struct psci_result no_return = {.stop = true};

int psci_init(struct psci *p, unsigned int vcpus, const uint32_t *mpidr, unsigned int boot,
	      const struct psci_ops *ops, void *ctx)
{
	if (vcpus == 0 || vcpus > VCPU_MAX || boot >= vcpus)
		return ERR_INVALID;
	*p = (struct psci){.vcpus = vcpus, .ops = ops, .ctx = ctx};
	for (unsigned int i = 0; i < vcpus; i++) {
		p->mpidr[i] = mpidr[i] & PSCI_AFFINITY_MASK;
		p->state[i] = i == boot ? PSCI_ON : PSCI_OFF;
		for (unsigned int j = 0; j < i; j++)
			if (p->mpidr[j] == p->mpidr[i])
				return ERR_INVALID;
	}
	return ERR_NONE;
}

/* The VCPU with affinity @target, or -1 if none (or bits above the affinity are set). */
static int find_vcpu(const struct psci *p, uint32_t target)
{
	if (target & ~PSCI_AFFINITY_MASK)
		return -1;
	for (unsigned int i = 0; i < p->vcpus; i++)
		if (p->mpidr[i] == target)
			return (int)i;
	return -1;
}

static struct psci_result fn_version(struct psci *p, unsigned int caller, const uint32_t a[4])
{
	return ret((int32_t)PSCI_VERSION_1_0);
}

static struct psci_result fn_cpu_off(struct psci *p, unsigned int caller, const uint32_t a[4])
{
	p->state[caller] = PSCI_OFF;
	return no_return;
}

/* CPU_ON(target, entry, context id): the target starts in SVC mode at entry, r0 the context. */
static struct psci_result fn_cpu_on(struct psci *p, unsigned int caller, const uint32_t a[4])
{
	int vcpu = find_vcpu(p, a[1]);
	uint32_t cpsr = PSCI_ENTRY_CPSR | (a[2] & 1 ? PSCI_ENTRY_CPSR_THUMB : 0);

	if (vcpu < 0)
		return ret(PSCI_RET_INVALID_PARAMETERS);
	if (p->state[vcpu] == PSCI_ON)
		return ret(PSCI_RET_ALREADY_ON);
	if (p->state[vcpu] == PSCI_ON_PENDING)
		return ret(PSCI_RET_ON_PENDING);
	if (p->ops->cpu_on(p->ctx, (unsigned int)vcpu, a[2] & ~1u, cpsr, a[3]) < 0)
		return ret(PSCI_RET_INTERNAL_FAILURE);
	p->state[vcpu] = PSCI_ON_PENDING;
	return ret(PSCI_RET_SUCCESS);
}

/* AFFINITY_INFO(target, lowest level): PSCI 1.0 supports level 0 only. */
static struct psci_result fn_affinity_info(struct psci *p, unsigned int caller, const uint32_t a[4])
{
	int vcpu = find_vcpu(p, a[1]);

	if (vcpu < 0 || a[2] != 0)
		return ret(PSCI_RET_INVALID_PARAMETERS);
	return ret(p->state[vcpu]);
}

static struct psci_result fn_migrate_info_type(struct psci *p, unsigned int caller,
					       const uint32_t a[4])
{
	return ret(PSCI_MIGRATE_NOT_NEEDED);
}

static struct psci_result fn_system_off(struct psci *p, unsigned int caller, const uint32_t a[4])
{
	p->ops->system_event(p->ctx, PSCI_EVENT_OFF);
	return no_return;
}

static struct psci_result fn_system_reset(struct psci *p, unsigned int caller, const uint32_t a[4])
{
	p->ops->system_event(p->ctx, PSCI_EVENT_RESET);
	return no_return;
}

static struct psci_result fn_features(struct psci *p, unsigned int caller, const uint32_t a[4]);

static const struct psci_fn fns[] = {
	{PSCI_FN_VERSION, fn_version},
	{PSCI_FN_CPU_OFF, fn_cpu_off},
	{PSCI_FN_CPU_ON, fn_cpu_on},
	{PSCI_FN_AFFINITY_INFO, fn_affinity_info},
	{PSCI_FN_MIGRATE_INFO_TYPE, fn_migrate_info_type},
	{PSCI_FN_SYSTEM_OFF, fn_system_off},
	{PSCI_FN_SYSTEM_RESET, fn_system_reset},
	{PSCI_FN_FEATURES, fn_features},
};

static const struct psci_fn *find_fn(uint32_t id)
{
	for (unsigned int i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (fns[i].id == id)
			return &fns[i];
	return NULL;
}

/* PSCI_FEATURES(function): 0 (no feature flags) for what is implemented. */
static struct psci_result fn_features(struct psci *p, unsigned int caller, const uint32_t a[4])
{
	return ret(find_fn(a[1]) ? PSCI_RET_SUCCESS : PSCI_RET_NOT_SUPPORTED);
}

struct psci_result psci_call(struct psci *p, unsigned int caller, const uint32_t a[4])
{
	const struct psci_fn *fn = find_fn(a[0]);

	if (!fn || caller >= p->vcpus)
		return ret(PSCI_RET_NOT_SUPPORTED);
	return fn->call(p, caller, a);
}

void psci_vcpu_running(struct psci *p, unsigned int vcpu)
{
	if (vcpu < p->vcpus && p->state[vcpu] == PSCI_ON_PENDING)
		p->state[vcpu] = PSCI_ON;
}
