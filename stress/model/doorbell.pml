/* SPDX-License-Identifier: MIT */
/*
 * Promela model of cross-core requests (issue 5): one SPSC ring per ordered
 * pair of cores (kernel/smp/ring.c), per-core overflow lists, the draining
 * flags, want_space flags and doorbell SGIs. Checked by SPIN through
 * tools/modelcheck.py, a stage of ./cella test.
 *
 * Memory: each core has a store buffer (TSO-like: its stores reach memory
 * later, in order, and it reads its own newest store first); a full fence
 * waits until the buffer is empty. That is the reordering the fences in
 * the protocol exist for (a store followed by a load of another variable).
 * Ring slots are written straight to memory: a consumer reads a slot only
 * after seeing the head store that follows it, and ring.h's release/acquire
 * pairs give that order on the real machine. ARMv7 is weaker than this
 * (a load may also pass an earlier load, e.g. of GICC_IAR): the protocol
 * starts every drain with a fence, and -DBUG_EARLY_LOADS shows what happens
 * to loads made before it. Store buffers hold SB entries, and a store to
 * the variable of the newest entry replaces it: both under-approximate a
 * real store buffer (a full buffer makes the store wait), for fewer states.
 *
 * Properties, asserted in the state where nothing can move any more (every
 * producer done, every core asleep in WFI, every store buffer empty):
 * every ring and overflow list is empty and each channel's consumer took
 * exactly what its producer sent. While running, each item taken must be
 * the next one of its channel (no loss, duplicate or reordering). With
 * -DNP and pan -l SPIN finds no cycle at all, so every run reaches that
 * state: every message is handled and no core sleeps on work (checked on a
 * smaller workload, to keep ./cella test short).
 *
 * Faulty variants for the negative checks (SPIN must find a violation):
 *   -DBUG_CHECK_BEFORE_CLEAR  look at the rings, then clear draining (no recheck after)
 *   -DBUG_NO_DRAIN_FENCE      no fence between clearing draining and the recheck
 *   -DBUG_NO_PUSH_FENCE       no fence between a push and reading draining
 *   -DBUG_NO_WANT_FENCE       no fence between setting want_space and the retry
 *   -DBUG_ACK_AFTER_DRAIN     the SGI handler acknowledges the SGI after draining
 *   -DEARLY_EXIT -DBUG_EARLY_LOADS
 *                             the early check's loads done before the SGI is acknowledged
 */

#ifndef NCORES
#define NCORES 3
#endif
#ifndef SLOTS
#define SLOTS 1 /* ring capacity: small, so that rings fill */
#endif
/*
 * Workload: the user thread of core c sends NSEND_OF(c) messages to core
 * DEST_OF(c), then stops; the receiver answers each one when ANSWER_OF(c).
 * The default: core 0 sends two one-way messages to core 1 (its ring fills:
 * only want_space brings core 0 back to it) and core 2 sends one request to
 * core 1, so core 1 drains two rings and answers from inside its drain.
 * -DNSEND0=3 -DANSWER0=1 -DNSEND2=0 makes core 1's answers overflow too.
 */
#ifndef NSEND0
#define NSEND0 2
#endif
#ifndef NSEND1
#define NSEND1 0
#endif
#ifndef NSEND2
#define NSEND2 1
#endif
#ifndef DEST0
#define DEST0 1
#endif
#ifndef DEST1
#define DEST1 2
#endif
#ifndef DEST2
#define DEST2 1
#endif
#ifndef ANSWER0
#define ANSWER0 0
#endif
#ifndef ANSWER1
#define ANSWER1 1
#endif
#ifndef ANSWER2
#define ANSWER2 1
#endif
#define NSEND_OF(c)  ((c) == 0 -> NSEND0 : ((c) == 1 -> NSEND1 : NSEND2))
#define DEST_OF(c)   ((c) == 0 -> DEST0 : ((c) == 1 -> DEST1 : DEST2))
#define ANSWER_OF(c) ((c) == 0 -> ANSWER0 : ((c) == 1 -> ANSWER1 : ANSWER2))
#define NMSGS        (NSEND0 * (1 + ANSWER0) + NSEND1 * (1 + ANSWER1) + NSEND2 * (1 + ANSWER2))
#define IDX  (2 * SLOTS) /* ring indices count modulo IDX */
#define OVF  4           /* overflow list capacity (ample for the workload) */
#define SB   2           /* store buffer entries per core */
#define NONE 255

#define NR        (NCORES * NCORES)
#define R(p, d)   ((p) * NCORES + (d))
/* Shared variables that go through the store buffers, by number. */
#define V_DRAINING(c) (c)
#define V_WANT(r)     (NCORES + (r))
#define V_HEAD(r)     (NCORES + NR + (r))
#define V_TAIL(r)     (NCORES + 2 * NR + (r))
#define NV            (NCORES + 3 * NR)

byte mem[NV];
byte slot[NR * SLOTS];
bit pend[NCORES]; /* SGI pending at the core's GIC interface */

typedef sbuf {
	byte var[SB];
	byte val[SB];
	byte n
};
sbuf sb[NCORES];

/* Private to the producer core of each ring: its overflow list. */
byte ovf[NR * OVF];
byte ovfn[NR];

/* Ghost counters per channel: sent (ring or list) by the producer, taken by the consumer. */
byte sent[NR];
byte taken[NR];

/* A core stores into its buffer; a newer store to the newest entry's variable replaces it. */
inline store(c, v, x)
{
	atomic {
		if
		:: sb[c].n > 0 && sb[c].var[sb[c].n - 1] == v ->
			sb[c].val[sb[c].n - 1] = x
		:: else ->
			sb[c].n < SB;
			sb[c].var[sb[c].n] = v;
			sb[c].val[sb[c].n] = x;
			sb[c].n++
		fi
	}
}

/* A core loads: its own newest buffered store of @v, else memory. */
inline load(c, v, out)
{
	out = mem[v];
	li = 0;
	do
	:: li < sb[c].n ->
		if
		:: sb[c].var[li] == v -> out = sb[c].val[li]
		:: else
		fi;
		li++
	:: else -> break
	od;
	li = 0
}

/* Full fence (dmb ish): wait until every earlier store is in memory. */
inline fence(c)
{
	sb[c].n == 0
}

/* ring_push() by producer @p on ring @r: false when full. */
inline push(p, r, x, ok)
{
	atomic {
		load(p, V_HEAD(r), rh);
		load(p, V_TAIL(r), rt);
		if
		:: (rh + IDX - rt) % IDX == SLOTS -> ok = 0
		:: else ->
			slot[r * SLOTS + rh % SLOTS] = x;
			store(p, V_HEAD(r), (rh + 1) % IDX);
			ok = 1
		fi;
		rh = 0;
		rt = 0
	}
}

/* ring_pop() by consumer @d on ring @r: NONE when empty. */
inline pop(d, r, x)
{
	atomic {
		load(d, V_TAIL(r), rt);
		load(d, V_HEAD(r), rh);
		if
		:: rh == rt -> x = NONE
		:: else ->
			x = slot[r * SLOTS + rt % SLOTS];
			store(d, V_TAIL(r), (rt + 1) % IDX)
		fi;
		rh = 0;
		rt = 0
	}
}

/* ring_empty() by consumer @d on ring @r. */
inline ring_empty(d, r, e)
{
	atomic {
		load(d, V_TAIL(r), rt);
		load(d, V_HEAD(r), rh);
		e = (rh == rt);
		rh = 0;
		rt = 0
	}
}

/* After pushing to @d: fence, then the doorbell unless @d is draining. */
inline doorbell(p, d)
{
	atomic {
#ifndef BUG_NO_PUSH_FENCE
		fence(p);
#endif
		load(p, V_DRAINING(d), w);
		if
		:: w == 0 -> pend[d] = 1
		:: else
		fi;
		w = 0
	}
}

inline list_append(r, x)
{
	assert(ovfn[r] < OVF);
	ovf[r * OVF + ovfn[r]] = x;
	ovfn[r]++
}

inline list_drop_first(r)
{
	k = 1;
	do
	:: k < ovfn[r] ->
		ovf[r * OVF + k - 1] = ovf[r * OVF + k];
		k++
	:: else -> break
	od;
	ovfn[r]--;
	ovf[r * OVF + ovfn[r]] = 0;
	k = 0
}

/* Push what fits of @p's overflow list for @d; clear want_space once it is empty. */
inline flush(p, d)
{
	any = 0;
	do
	:: atomic {
		ovfn[R(p, d)] > 0;
		push(p, R(p, d), ovf[R(p, d) * OVF], ok);
		if
		:: ok ->
			list_drop_first(R(p, d));
			any = 1;
			ok = 0
		:: else -> break
		fi
	}
	:: atomic {
		else -> break
	}
	od;
	atomic {
		if
		:: ovfn[R(p, d)] == 0 -> store(p, V_WANT(R(p, d)), 0)
		:: else
		fi
	};
	if
	:: any ->
		any = 0;
		doorbell(p, d)
	:: else
	fi
}

#define SENT_LISTED 0 /* outcomes of the first step of send() */
#define SENT_PUSHED 1
#define SENT_FULL   2

/* Core @p sends a message to core @d, to be answered if @req. */
inline send(p, d, req)
{
	atomic {
		x = sent[R(p, d)] * 2 + req;
		sent[R(p, d)]++;
		if
		:: ovfn[R(p, d)] > 0 -> /* behind the others, in order */
			list_append(R(p, d), x);
			how = SENT_LISTED
		:: else ->
			push(p, R(p, d), x, ok);
			if
			:: ok -> how = SENT_PUSHED
			:: else ->
				list_append(R(p, d), x);
				store(p, V_WANT(R(p, d)), 1);
				how = SENT_FULL
			fi;
			ok = 0
		fi;
		x = 0
	};
	if
	:: how == SENT_PUSHED ->
		how = 0;
		doorbell(p, d)
	:: how == SENT_FULL ->
		how = 0;
#ifndef BUG_NO_WANT_FENCE
		fence(p);
#endif
		flush(p, d) /* the consumer may have made room meanwhile */
	:: how == SENT_LISTED
	fi
}

/* Pop and handle everything core @s sent to @d (a request is answered); wake @s if it waits for room. */
inline take_from(d, s)
{
	do
	:: atomic {
		pop(d, R(s, d), y);
		if
		:: y == NONE -> break
		:: else
		fi;
		assert(y / 2 == taken[R(s, d)]); /* the next of its channel */
		taken[R(s, d)]++;
		popped = 1;
		answer = y % 2;
		y = 0
	};
		if
		:: answer ->
			answer = 0;
			send(d, s, 0)
		:: else
		fi
	od;
	y = 0;
	if
	:: popped ->
		popped = 0;
		atomic {
			fence(d);
			load(d, V_WANT(R(s, d)), w);
			if
			:: w -> pend[s] = 1
			:: else
			fi;
			w = 0
		}
	:: else
	fi
}

inline any_incoming(d, busy)
{
	busy = 0;
	s = 0;
	do
	:: s < NCORES ->
		if
		:: s != d ->
			ring_empty(d, R(s, d), e);
			busy = busy || !e;
			e = 0
		:: else
		fi;
		s++
	:: else -> break
	od;
	s = 0
}

inline drain_once(d)
{
	s = 0;
	do
	:: s < NCORES ->
		if
		:: s != d -> take_from(d, s)
		:: else
		fi;
		s++
	:: else -> break
	od;
	s = 0;
	do
	:: s < NCORES ->
		if
		:: s != d && ovfn[R(d, s)] > 0 -> flush(d, s)
		:: else
		fi;
		s++
	:: else -> break
	od;
	s = 0
}

/* The drain a core runs in its SGI handler and before each return to user mode. */
inline drain(d)
{
	do
	:: store(d, V_DRAINING(d), 1);
		fence(d);
		drain_once(d);
#ifdef BUG_CHECK_BEFORE_CLEAR
		any_incoming(d, busy);
		store(d, V_DRAINING(d), 0);
		fence(d);
#else
		store(d, V_DRAINING(d), 0);
#ifndef BUG_NO_DRAIN_FENCE
		fence(d);
#endif
		any_incoming(d, busy);
#endif
		if
		:: busy -> busy = 0
		:: else -> break
		fi
	od
}

/*
 * -DEARLY_EXIT: the SGI handler drains only if a ring has something for it
 * or it waits for space itself (kernel/smp/xcall.c, xcall_drain()), a check
 * made before draining = 1 and its fence.
 */
inline early_check(d, busy)
{
	any_incoming(d, busy);
	s = 0;
	do
	:: s < NCORES ->
		atomic {
			load(d, V_WANT(R(d, s)), w);
			busy = busy || w;
			w = 0
		};
		s++
	:: else -> break
	od;
	s = 0
}

proctype core(byte c)
{
	byte li, rh, rt, k, w, x, y, s, n, how;
	bit ok, any, popped, answer, e, busy;

	/* Asleep in WFI here once the user thread is done and no SGI is pending. */
end_wfi:
	do
#if defined(EARLY_EXIT) && defined(BUG_EARLY_LOADS)
	:: pend[c] || n == NSEND_OF(c) -> /* an SGI, or idle and one may come */
		early_check(c, busy); /* the loads of the check, done early ... */
end_early:
		atomic { pend[c] -> pend[c] = 0 }; /* ... before the ack: no barrier after it */
		if
		:: busy ->
			busy = 0;
			drain(c)
		:: else
		fi
#elif defined(EARLY_EXIT)
	:: atomic { pend[c] -> pend[c] = 0 };
		early_check(c, busy);
		if
		:: busy ->
			busy = 0;
			drain(c)
		:: else
		fi
#elif defined(BUG_ACK_AFTER_DRAIN)
	:: pend[c] ->
		drain(c);
		pend[c] = 0
#else
	:: atomic { pend[c] -> pend[c] = 0 }; /* SGI taken: acknowledged first */
		drain(c)
#endif
	:: n < NSEND_OF(c) -> /* the user thread sends a request */
		send(c, DEST_OF(c), ANSWER_OF(c));
		n++;
		if
		:: drain(c) /* and the kernel returns to user mode */
		:: skip /* or the sender blocks and the core idles: no drain on that path */
		fi
	od
}

/* Core @c's writes leave its store buffer in order, whenever they like. */
proctype flusher(byte c)
{
	byte j;

end_flush:
	do
	:: atomic {
		sb[c].n > 0 ->
			mem[sb[c].var[0]] = sb[c].val[0];
			j = 1;
			do
			:: j < sb[c].n ->
				sb[c].var[j - 1] = sb[c].var[j];
				sb[c].val[j - 1] = sb[c].val[j];
				j++
			:: else -> break
			od;
			sb[c].n--;
			sb[c].var[sb[c].n] = 0;
			sb[c].val[sb[c].n] = 0;
			j = 0
		}
	od
}

/*
 * Runs only once nothing else can: every core asleep in WFI with no SGI
 * pending, every store buffer empty. Nothing may be left anywhere then.
 */
proctype quiescent()
{
	byte i, total;

	timeout;
	do
	:: i < NR ->
		assert(ovfn[i] == 0);
		assert(mem[V_HEAD(i)] == mem[V_TAIL(i)]);
		assert(taken[i] == sent[i]);
		total = total + taken[i];
		i++
	:: else -> break
	od;
	assert(total == NMSGS)
}

init
{
	byte i;

	atomic {
		run quiescent();
		do
		:: i < NCORES ->
			run core(i);
			run flusher(i);
			i++
		:: else -> break
		od
	}
}
