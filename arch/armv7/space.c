// SPDX-License-Identifier: MIT
/*
 * Stage-2 translation for address spaces: tables from the space's own
 * kernel-memory pool, a VMID from the home core's own range (so no core
 * shares an allocator), activation through VTTBR.
 */
#include <config.h>
#include <cpu.h>
#include <err.h>
#include <kmem.h>
#include <root.h>
#include <space.h>

#include <shared/string.h>

#include <arch/barrier.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>

/* Stage-2 descriptor attributes. */
#define S2_NORMAL_WB	(0xfull << 2) /* MemAttr: Normal, inner and outer write-back */
#define S2_MEMATTR_MASK (0xfull << 2)
#define S2AP_READ	(1ull << 6)
#define S2AP_WRITE	(1ull << 7)
#define S2_BASE		(S2_NORMAL_WB | LPAE_SH_INNER | LPAE_AF)
#define S2_DEVICE	(0x1ull << 2) /* MemAttr: Device (nGnRE) */
#define S2_DEVICE_BASE	(S2_DEVICE | LPAE_AF)

#define VMIDS_PER_CPU 64
STATIC_ASSERT(CONFIG_MAX_CPUS *VMIDS_PER_CPU <= 256, "VMIDs are 8 bits");

/*
 * A new stage-2 table, zeroed (kmem_alloc), the zeroes visible to every
 * core and to the table walker before a descriptor links it in.
 */
static struct lpae_table *pool_table(struct lpae_alloc *a)
{
	struct space *s = (struct space *)((char *)a - offsetof(struct space, arch.alloc));
	struct lpae_table *t = kmem_alloc(&s->pool, sizeof(struct lpae_table));

	dsb(ishst);
	return t;
}

static int vmid_alloc(uint8_t *vmid)
{
	struct arch_cpu *c = &this_cpu()->arch;

	for (unsigned int i = 0; i < VMIDS_PER_CPU; i++) {
		if (!(c->vmids_used & (1ull << i))) {
			c->vmids_used |= 1ull << i;
			*vmid = (uint8_t)(this_cpu()->id * VMIDS_PER_CPU + i);
			return ERR_NONE;
		}
	}
	return ERR_NO_MEMORY;
}

int space_arch_init(struct space *s)
{
	struct arch_space *a = &s->arch;

	a->alloc = (struct lpae_alloc){pool_table, mmu_identity_pa, mmu_identity_table};
	a->root = pool_table(&a->alloc);
	if (!a->root || vmid_alloc(&a->vmid))
		return ERR_NO_MEMORY;
	a->vttbr = mmu_identity_pa(NULL, a->root) | (uint64_t)a->vmid << 48;
	return ERR_NONE;
}

/* The VMID is taken last in space_arch_init(): a failed one holds none. */
void space_arch_undo(struct space *s)
{
	if (s->arch.root)
		memset(s->arch.root, 0, sizeof(*s->arch.root));
}

static uint64_t s2_attrs(unsigned int rights)
{
	uint64_t attrs = rights & SPACE_MAP_DEVICE ? S2_DEVICE_BASE : S2_BASE;

	if (rights & SPACE_MAP_DEVICE)
		rights &= ~RIGHT_EXEC;

	if (rights & RIGHT_READ)
		attrs |= S2AP_READ;
	if (rights & RIGHT_WRITE)
		attrs |= S2AP_WRITE;
	if (!(rights & RIGHT_EXEC))
		attrs |= LPAE_XN;
	return attrs;
}

/*
 * New descriptors only (mappings are never changed or removed), so no TLB
 * maintenance; the barrier makes them visible to every core's walker and
 * lock-free translation before the caller learns the mapping exists.
 */
int space_arch_map(struct space *s, uint32_t addr, paddr_t pa, uint32_t size, unsigned int rights)
{
	int err = lpae_map(&s->arch.alloc, s->arch.root, addr, pa, size, s2_attrs(rights));

	dsb(ish);
	return err;
}

bool space_arch_translate(const struct space *s, uint32_t addr, unsigned int rights, paddr_t *pa)
{
	uint64_t attrs, block, need = s2_attrs(rights) & (S2AP_READ | S2AP_WRITE);

	if (!lpae_lookup(&s->arch.alloc, s->arch.root, addr, pa, &attrs, &block))
		return false;
	/* Device memory is never the kernel's to touch on a thread's behalf. */
	if ((attrs & S2_MEMATTR_MASK) != S2_NORMAL_WB)
		return false;
	return (attrs & need) == need && (!(rights & RIGHT_EXEC) || !(attrs & LPAE_XN));
}

void space_arch_activate(const struct space *s)
{
	sysreg_write(vttbr, s->arch.vttbr);
	isb();
}

/*
 * A core that last ran a thread of @s keeps its VTTBR while it idles, and
 * the architecture lets a walker use the tables it names speculatively:
 * point it at the root space's, which never go.
 */
void space_arch_forget(const struct space *s)
{
	if (sysreg_read(vttbr) == s->arch.vttbr)
		space_arch_activate(root_space());
}

/* Every core's TLB forgets the VMID (it names the space in VTTBR meanwhile); then it is free. */
void space_arch_release(struct space *s)
{
	uint64_t was = sysreg_read(vttbr);

	/* Tables emptied first: a walk made meanwhile through VTTBR caches nothing. */
	memset(s->arch.root, 0, sizeof(*s->arch.root));
	dsb(ish);
	sysreg_write(vttbr, s->arch.vttbr);
	isb();
	sysreg_write(tlbiallis, 0);
	dsb(ish);
	sysreg_write(vttbr, was);
	isb();
	this_cpu()->arch.vmids_used &= ~(1ull << (s->arch.vmid % VMIDS_PER_CPU));
}

uint32_t space_arch_vmids(cpuid_t c)
{
	return (uint32_t)__builtin_popcountll(READ_ONCE(cpus[c].arch.vmids_used));
}
