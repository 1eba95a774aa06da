/* SPDX-License-Identifier: MIT */
/*
 * The system-call fuzzer's parts: the random calls and the run (fuzz.c),
 * the structure operations (fuzz_graph.c) and the helper threads they
 * start (fuzz_threads.S). A fuzzer's state lives on its own page, which
 * the root task reads.
 */
#pragma once

/* How a chain link ends once it has received (fuzz_link's argument, bits 24-31). */
#define LINK_HOW_SHIFT 24
#define LINK_UNDEF     0 /* an undefined instruction: a fault to its handler */
#define LINK_DATA      1 /* a load from an unmapped page */
#define LINK_SYSCALL   2 /* an unknown system call */
#define LINK_EXIT      3 /* exit, leaving what it received unanswered */
#define LINK_STOP      4 /* answer the fault it received with FAULT_STOP, then fault */
#define LINK_HOWS      5

/* Helpers wait at most this long at a time (microseconds), then wait again. */
#define HELPER_WAIT_US 10000

#ifndef __ASSEMBLY__
#include <cella/sys.h>

#define FUZZ_ARGS    7
#define FUZZ_CALLERS 3	/* threads calling a moving server */
#define FUZZ_RETIRED 4	/* memory of closed spaces, tried again */
#define FUZZ_KEPT    24 /* handles the random calls made that stay open */
/* Helpers run below the fuzzer and the canaries: a spinning one starves neither. */
#define HELPER_PRIO  30

/* What the structure operations did, per core: the test asserts each happened. */
struct fuzz_counts {
	unsigned int chains, cycles, links, chain_ends, chains_torn;
	unsigned int moves, move_calls;
	unsigned int spaces, space_threads, spaces_closed;
	unsigned int spaces_destroyed; /* SYS_SPACE_DESTROY before the handles closed */
	unsigned int space_reused,
		space_refused;	/* memory of a closed space made a space again, or not */
	unsigned int space_dry; /* SYS_SPACE_CREATE refused: quota or VMIDs used up */
	unsigned int fills, table_full, kmem_dry, refills;
	unsigned int kmem_lost;	   /* operations after which the fuzzer's pool did not come back */
	unsigned int close_failed; /* a handle the fuzzer held that would not close */
};

/* A thread calling a server (fuzz_caller): written by it, read by the fuzzer. */
struct fuzz_caller {
	handle_t ep;
	unsigned int calls; /* answered */
};

/* A fuzzer's page: written by the fuzzer, read by the root task. */
struct fuzz_state {
	unsigned int seed, calls;
	unsigned int returned; /* calls that came back */
	unsigned int errors;   /* of those, how many returned an error */
	unsigned int done;
	unsigned int core, cores;
	unsigned int op;			    /* the operation in progress (enum fuzz_op) */
	unsigned int last_nr, last_args[FUZZ_ARGS]; /* the random call in progress, for a report */
	/* Its own handles, out of the random calls' reach (fuzz.c, handle_arg). */
	handle_t space, image, spacemem;
	unsigned int spacemem_size;
	handle_t retired[FUZZ_RETIRED]; /* memory of closed spaces, oldest replaced first */
	unsigned int retired_next;
	handle_t kept[FUZZ_KEPT]; /* the random calls' newest handles (fuzz.c, keep) */
	handle_t made_space;	  /* the newest space a random call made, 0 if none */
	unsigned int kept_next;
	struct fuzz_caller callers[FUZZ_CALLERS];
	struct fuzz_counts n;
};

enum fuzz_op { OP_RANDOM, OP_CHAIN, OP_MOVE, OP_SPACE, OP_FILL, OP_COUNT };

/** fuzz_count() - count one system call the fuzzer made and that returned @result. */
static inline int fuzz_count(struct fuzz_state *st, int result)
{
	st->returned++;
	if (result < 0)
		st->errors++;
	return result;
}

/* The structure operations (fuzz_graph.c): each builds, then tears down all it built. */
void fuzz_chain(struct fuzz_state *st, unsigned int *x);
void fuzz_move(struct fuzz_state *st, unsigned int *x);
void fuzz_space(struct fuzz_state *st, unsigned int *x);
void fuzz_fill(struct fuzz_state *st, unsigned int *x);

/* Helper threads (fuzz_threads.S): no stack, registers only, never return. */
void fuzz_link(unsigned int in_how);   /* receive on handle in, then end as how says */
void fuzz_server(unsigned int ep);     /* reply and receive on @ep, forever */
void fuzz_caller(unsigned int caller); /* call a struct fuzz_caller's ep, counting answers */
void fuzz_maker(unsigned int notify);  /* make objects until refused, then wait on @notify */
#endif
