// SPDX-License-Identifier: MIT
/*
 * `cellconf plan`: the cells of a description on a larger machine. Largest
 * cells first (file order among equals); each goes into the smallest cache
 * domain (a cache shared by several cores) with enough free cores, fewest
 * free cores first among equals, lowest-numbered cores inside it.
 */
#include <stdlib.h>

#include "show.h"

static unsigned int popcount(uint64_t v)
{
	return (unsigned int)__builtin_popcountll(v);
}

/* The @n lowest-numbered cores of @mask. */
static uint64_t lowest(uint64_t mask, unsigned int n)
{
	uint64_t out = 0;

	for (unsigned int core = 0; core < 64 && n; core++)
		if (mask & (1ull << core)) {
			out |= 1ull << core;
			n--;
		}
	return out;
}

static int shared(const struct topo_cache *c)
{
	return popcount(c->cores) > 1;
}

/* Is @a a better home than @b for a cell: smaller domain, then tighter fit, then first. */
static int better(const struct topo_cache *a, const struct topo_cache *b, uint64_t used)
{
	unsigned int sa = popcount(a->cores), sb = popcount(b->cores);

	if (sa != sb)
		return sa < sb;
	return popcount(a->cores & ~used) < popcount(b->cores & ~used);
}

static const struct topo_cache *best_domain(const struct topo *t, uint64_t used, unsigned int n)
{
	const struct topo_cache *best = NULL;

	for (unsigned int i = 0; i < t->ncaches; i++) {
		const struct topo_cache *c = &t->caches[i];

		if (shared(c) && popcount(c->cores & ~used) >= n &&
		    (!best || better(c, best, used)))
			best = c;
	}
	return best;
}

/* Cell indexes, largest first, file order among equals. */
static void plan_order(const struct system *s, unsigned int *order)
{
	for (unsigned int i = 0; i < s->ncells; i++)
		order[i] = i;
	for (unsigned int i = 1; i < s->ncells; i++)
		for (unsigned int j = i; j > 0; j--) {
			unsigned int a = order[j - 1], b = order[j];

			if (popcount(s->cells[a].cores) >= popcount(s->cells[b].cores))
				break;
			order[j - 1] = b;
			order[j] = a;
		}
}

static int plan_cell(const struct model_cell *c, const struct topo *t, uint64_t *used, FILE *out)
{
	unsigned int n = popcount(c->cores), free_cores = t->ncores - popcount(*used);
	const struct topo_cache *dom = best_domain(t, *used, n);
	uint64_t all = t->ncores == 64 ? ~0ull : (1ull << t->ncores) - 1, got;
	char cores[200], where[300];

	fprintf(out, "  %-16s %u core%s -> ", c->name, n, n == 1 ? "" : "s");
	if (n > free_cores) {
		fprintf(out, "not placed: only %u core%s left free\n", free_cores,
			free_cores == 1 ? "" : "s");
		return -1;
	}
	if (dom) {
		got = lowest(dom->cores & ~*used, n);
		fprintf(out,
			"cores %s in %s: the smallest cache domain with %u free core%s (%u of its %u were free)\n",
			topo_cores_text(got, cores, sizeof(cores)),
			topo_describe(dom, where, sizeof(where)), n, n == 1 ? "" : "s",
			popcount(dom->cores & ~*used), popcount(dom->cores));
	} else {
		got = lowest(all & ~*used, n);
		dom = topo_domain(t, got);
		fprintf(out, "cores %s, split: no cache domain has %u free cores; %s%s\n",
			topo_cores_text(got, cores, sizeof(cores)), n,
			dom ? "the smallest cache holding them is " : "they share no cache",
			dom ? topo_describe(dom, where, sizeof(where)) : "");
	}
	*used |= got;
	return 0;
}

int plan_system(const struct system *s, const struct topo *t, const char *topo_name, FILE *out)
{
	unsigned int order[CELLTABLE_MAX_CELLS], domains = 0;
	uint64_t used = 0;
	int rc = 0;

	for (unsigned int i = 0; i < t->ncaches; i++)
		domains += shared(&t->caches[i]);
	fprintf(out,
		"plan for %s on %s: %u cores, %u cache domains (caches shared by several cores)\n",
		s->file, topo_name, t->ncores, domains);
	fprintf(out,
		"rule: largest cells first, file order among equals; each in the smallest cache domain with enough free cores, the tightest fit among equals, its lowest-numbered free cores\n");
	plan_order(s, order);
	for (unsigned int i = 0; i < s->ncells; i++)
		rc |= plan_cell(&s->cells[order[i]], t, &used, out);
	fprintf(out, "%u of %u cores used, %u free\n", popcount(used), t->ncores,
		t->ncores - popcount(used));
	return rc;
}
