// SPDX-License-Identifier: MIT
/*
 * `cellconf plan`: the cells of a description on a larger machine. Largest
 * cells first (file order among equals); each goes into the smallest cache
 * domain (a cache shared by several cores) with enough free cores; among
 * domains of that size, one holding a channel peer, then one no other cell
 * uses, then the tightest fit, then the first; its lowest-numbered free cores.
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

/* Placement so far. */
struct plan {
	const struct system *s;
	const struct topo *t;
	uint64_t used;			      /* cores given to cells */
	uint64_t placed[CELLTABLE_MAX_CELLS]; /* cores of each cell placed so far */
};

/* Cores of the cells already placed that share a channel with @cell. */
static uint64_t peer_cores(const struct plan *p, unsigned int cell)
{
	uint64_t peers = 0;

	for (unsigned int i = 0; i < p->s->nchannels; i++) {
		const struct model_channel *ch = &p->s->channels[i];

		if (ch->cell[0] == cell || ch->cell[1] == cell)
			peers |= p->placed[ch->cell[ch->cell[0] == cell]];
	}
	return peers;
}

/*
 * Is @a a better home than @b: smaller; then holding a channel peer (the
 * shared memory stays in one cache); then used by no other cell (less
 * interference); then the tighter fit.
 */
static int better(const struct topo_cache *a, const struct topo_cache *b, uint64_t used,
		  uint64_t peers)
{
	unsigned int sa = popcount(a->cores), sb = popcount(b->cores);
	int pa = (a->cores & peers) != 0, pb = (b->cores & peers) != 0;
	int ua = (a->cores & used) != 0, ub = (b->cores & used) != 0;

	if (sa != sb)
		return sa < sb;
	if (pa != pb)
		return pa > pb;
	if (ua != ub)
		return ua < ub;
	return popcount(a->cores & ~used) < popcount(b->cores & ~used);
}

static const struct topo_cache *best_domain(const struct plan *p, unsigned int n, uint64_t peers)
{
	const struct topo_cache *best = NULL;

	for (unsigned int i = 0; i < p->t->ncaches; i++) {
		const struct topo_cache *c = &p->t->caches[i];

		if (shared(c) && popcount(c->cores & ~p->used) >= n &&
		    (!best || better(c, best, p->used, peers)))
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

static const char *reason(const struct topo_cache *dom, uint64_t used, uint64_t peers)
{
	if (dom->cores & peers)
		return "it holds a channel peer, so their shared memory stays in one cache";
	if (dom->cores & used)
		return "every such domain already has another cell";
	return "no other cell uses it";
}

/* No domain has room: the lowest free cores, and what they share if anything. */
static uint64_t place_split(const struct plan *p, unsigned int n, FILE *out)
{
	uint64_t all = p->t->ncores == 64 ? ~0ull : (1ull << p->t->ncores) - 1;
	uint64_t got = lowest(all & ~p->used, n);
	const struct topo_cache *dom = topo_domain(p->t, got);
	char cores[200], where[300];

	fprintf(out, "core%s %s: no cache domain has %u free core%s; %s%s\n", n == 1 ? "" : "s",
		topo_cores_text(got, cores, sizeof(cores)), n, n == 1 ? "" : "s",
		dom ? "the smallest cache they share is " : "they share no cache",
		dom ? topo_describe(dom, where, sizeof(where)) : "");
	return got;
}

static int plan_cell(struct plan *p, unsigned int cell, FILE *out)
{
	const struct model_cell *c = &p->s->cells[cell];
	unsigned int n = popcount(c->cores), free_cores = p->t->ncores - popcount(p->used);
	uint64_t peers = peer_cores(p, cell), got;
	const struct topo_cache *dom = best_domain(p, n, peers);
	char cores[200], where[300];

	fprintf(out, "  %-16s %u core%s -> ", c->name, n, n == 1 ? "" : "s");
	if (n > free_cores) {
		fprintf(out, "not placed: only %u core%s left free\n", free_cores,
			free_cores == 1 ? "" : "s");
		return -1;
	}
	if (dom) {
		got = lowest(dom->cores & ~p->used, n);
		fprintf(out, "core%s %s in %s: the smallest cache domain with %u free core%s; %s\n",
			n == 1 ? "" : "s", topo_cores_text(got, cores, sizeof(cores)),
			topo_describe(dom, where, sizeof(where)), n, n == 1 ? "" : "s",
			reason(dom, p->used, peers));
	} else {
		got = place_split(p, n, out);
	}
	p->placed[cell] = got;
	p->used |= got;
	return 0;
}

int plan_system(const struct system *s, const struct topo *t, const char *topo_name, FILE *out)
{
	static struct plan p;
	unsigned int order[CELLTABLE_MAX_CELLS], domains = 0;
	int rc = 0;

	p = (struct plan){s, t, 0, {0}};
	for (unsigned int i = 0; i < t->ncaches; i++)
		domains += shared(&t->caches[i]);
	fprintf(out,
		"plan for %s on %s: %u cores, %u cache domains (caches shared by several cores)\n",
		s->file, topo_name, t->ncores, domains);
	fprintf(out,
		"rule: largest cells first, file order among equals; each in the smallest cache domain with enough free cores, preferring one that holds a channel peer, then one no other cell uses, then the tightest fit; its lowest-numbered free cores\n");
	plan_order(s, order);
	for (unsigned int i = 0; i < s->ncells; i++)
		rc |= plan_cell(&p, order[i], out);
	fprintf(out, "%u of %u cores used, %u free\n", popcount(p.used), t->ncores,
		t->ncores - popcount(p.used));
	return rc;
}
