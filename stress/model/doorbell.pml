/* SPDX-License-Identifier: MIT */
/*
 * Promela model of cross-core requests (issues 5 and 15): one SPSC ring per
 * ordered pair of cores (kernel/smp/ring.c), per-core overflow lists, each
 * core's inbox word (kernel/smp/inbox.c, inbox.h: a bit per source ring,
 * BUSY and RUNG), want_space flags, doorbell SGIs, and the drain's budget
 * with deferral.
 * Checked by SPIN through tools/modelcheck.py, a stage of ./cella test.
 *
 * Memory: each core has a store buffer (TSO-like: its stores reach memory
 * later, in order, and it reads its own newest store first); a full fence
 * waits until the buffer is empty. That is the reordering the fences in
 * the protocol exist for (a store followed by a load of another variable).
 * The inbox word is changed only by sequentially consistent read-modify-
 * writes (dmb; ldrex/strex; dmb): a fence, then one atomic step on memory.
 * Ring slots are written straight to memory: a consumer reads a slot only
 * after seeing the head store that follows it, and ring.h's release/acquire
 * pairs give that order on the real machine. Store buffers hold SB
 * entries, and a store to the variable of the newest entry replaces it:
 * both under-approximate a real store buffer (a full buffer makes the store
 * wait), for fewer states.
 *
 * The budget: a drain takes at most BUDGET items from each source (1 here,
 * so that it runs out); a source with more waiting is deferred: its bit
 * stays set when the drain ends, drains started by an SGI skip it, and the
 * core serves it at a tick or when idle (one step here: it may happen
 * whenever the core has deferred sources).
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
 *   -DBUG_PLAIN_END        the drain ends by storing its deferred bits, not
 *                          by compare-and-exchange: a post meanwhile is lost
 *   -DBUG_IDLE_SLEEPS      an idle core sleeps with deferred sources
 *   -DBUG_NO_WANT_FENCE    no fence between setting want_space and the retry
 *   -DBUG_ACK_AFTER_DRAIN  the SGI handler acknowledges the SGI after draining
 *   -DBUG_RUNG_KEPT        the drain's collect leaves RUNG set: later posts
 *                          ring no SGI (caught by the invariant that RUNG is
 *                          never set while BUSY)
 *   -DPROBE_RUNG_SUPPRESSES asserts that RUNG never saves an SGI: SPIN must
 *                          find where it does, so the workload covers it
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
#define BUDGET 1         /* items from one source per drain (inbox.h: INBOX_BUDGET) */
#define BUSY   8         /* the inbox's draining bit; bits 0..NCORES-1: source rings */
#define RUNG   16        /* the inbox's doorbell-on-its-way bit */
#define OVF  4           /* overflow list capacity (ample for the workload) */
#define SB   2           /* store buffer entries per core */
#define NONE 255

#define NR        (NCORES * NCORES)
#define R(p, d)   ((p) * NCORES + (d))
/* Shared variables that go through the store buffers, by number. */
#define V_WANT(r)     (r)
#define V_HEAD(r)     (NR + (r))
#define V_TAIL(r)     (2 * NR + (r))
#define NV            (3 * NR)

byte mem[NV];
byte inbox[NCORES];    /* changed only by read-modify-writes, in memory */
byte deferred[NCORES]; /* private to each core: sources over budget */
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

/*
 * After pushing to @d: set our bit in @d's inbox; unless it was BUSY, RUNG
 * or flagged, set RUNG too and send the SGI (one compare-and-exchange).
 */
inline doorbell(p, d)
{
	atomic {
		fence(p);
		w = inbox[d];
		inbox[d] = w | (1 << p);
		if
		:: (w & (BUSY | RUNG | (1 << p))) == 0 ->
			inbox[d] = inbox[d] | RUNG;
			pend[d] = 1
		:: else ->
#ifdef PROBE_RUNG_SUPPRESSES
			assert((w & (BUSY | (1 << p))) != 0) /* fails where RUNG alone saved an SGI */
#else
			skip
#endif
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

/*
 * Pop and handle at most BUDGET items core @s sent to @d (a request is
 * answered); wake @s if it waits for room; over: more wait than the budget.
 */
inline take_from(d, s)
{
	k = 0;
	do
	:: k == BUDGET -> break
	:: else ->
		atomic {
			pop(d, R(s, d), y);
			if
			:: y == NONE -> break
			:: else
			fi;
			assert(y / 2 == taken[R(s, d)]); /* the next of its channel */
			taken[R(s, d)]++;
			k++;
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
	:: k > 0 ->
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
	fi;
	if
	:: k == BUDGET ->
		ring_empty(d, R(s, d), e);
		if
		:: !e -> over = over | (1 << s)
		:: else
		fi;
		e = 0
	:: else
	fi;
	k = 0
}

/* Take the flagged sources, leaving BUSY (an exchange: RUNG cleared). */
inline collect(d, out)
{
	atomic {
		fence(d);
		out = inbox[d] & ~(BUSY | RUNG);
#ifdef BUG_RUNG_KEPT
		inbox[d] = BUSY | (inbox[d] & RUNG)
#else
		inbox[d] = BUSY
#endif
	}
}

/*
 * The drain, skipping the sources in @skp: serve the flagged rings, push
 * our overflow lists, then end with a compare-and-exchange (one step: the C
 * loop only retries when the word changed), or serve what came meanwhile.
 */
inline drain(d, skp)
{
	collect(d, todo);
	todo = todo & ~skp;
	over = skp;
	do
	:: s = 0;
		do
		:: s < NCORES ->
			if
			:: todo & (1 << s) -> take_from(d, s)
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
		s = 0;
#ifdef BUG_PLAIN_END
		atomic { fence(d); inbox[d] = over; todo = 0 };
		break
#else
		atomic {
			fence(d);
			assert(!(inbox[d] & RUNG)); /* never set while BUSY */
			if
			:: inbox[d] & ~(BUSY | over) -> /* as inbox_finish(): collect again */
				todo = inbox[d] & ~(BUSY | RUNG | over);
				inbox[d] = BUSY
			:: else ->
				inbox[d] = over;
				todo = 0
			fi
		};
		if
		:: todo == 0 -> break
		:: else
		fi
#endif
	od;
	deferred[d] = over;
	over = 0;
	skp = 0
}

proctype core(byte c)
{
	byte li, rh, rt, k, w, x, y, s, n, how, todo, over, sk;
	bit ok, any, answer, e;

	/* Asleep in WFI here once the user thread is done and no SGI is pending. */
end_wfi:
	do
#if defined(BUG_ACK_AFTER_DRAIN)
	:: pend[c] ->
		sk = deferred[c];
		drain(c, sk);
		pend[c] = 0
#else
	:: atomic { pend[c] -> pend[c] = 0 }; /* SGI taken: acknowledged first */
		sk = deferred[c];
		drain(c, sk)
#endif
#ifndef BUG_IDLE_SLEEPS
	:: deferred[c] != 0 -> /* a tick, or idle with deferred sources */
		sk = 0;
		drain(c, sk)
#endif
	:: n < NSEND_OF(c) -> /* the user thread sends a request */
		send(c, DEST_OF(c), ANSWER_OF(c));
		n++
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
