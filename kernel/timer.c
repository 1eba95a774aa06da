// SPDX-License-Identifier: MIT
/* The per-core tick and conversions of the free-running counter. */
#include <console.h>
#include <cpu.h>
#include <irq.h>
#include <panic.h>
#include <sched.h>
#include <timer.h>
#include <xcall.h>

#include <shared/bootargs.h>
#include <shared/string.h>

/* Set by the boot core in timer_init(); read-only afterwards. */
static uint32_t freq;
static ticks_t period;
static bool tick_always; /* boot argument nohz=off: every core ticks, idle or not */

static void set_deadline(struct cpu *cpu, ticks_t when)
{
	cpu->deadline = when;
	timer_arch_set_deadline(when);
}

/*
 * Whether this core needs its tick. The tick serves round robin (the
 * current thread's slice, while another of its priority is ready), output
 * the console left behind and cross-core requests deferred by the drain's
 * budget; a sleeper's time interrupts the core by itself. So an idle core
 * takes no tick, nor one whose thread is a VCPU with its priority to
 * itself: there a tick would cost the guest an exit and its latency (a
 * real-time guest above all, docs/rtos.md). A native thread keeps it: the
 * fast path switches between native threads without asking.
 *
 * A switch to a VCPU stops the tick at once; an idle core stops it at its
 * next tick (going idle and waking is the cross-core round trip's path,
 * where a timer set and cancelled each time would cost more than one
 * interrupt later). What needs the tick again starts it: a switch to a
 * native thread, a thread readied at a VCPU's priority, bytes the console
 * left, requests the drain deferred.
 */
static bool tick_wanted(struct cpu *cpu)
{
	return tick_always || sched_wants_tick(&cpu->sched) || console_wants_tick() ||
	       cpu->xlocal.deferred;
}

/* The deadline timer set to the earlier of the next tick and @wake, a sleeper's time. */
static void set_next(struct cpu *cpu, ticks_t wake)
{
	set_deadline(cpu, cpu->sched.tick_off || wake < cpu->next_tick ? wake : cpu->next_tick);
}

/*
 * The first tick after @now, at most a period on, on this core's grid:
 * core i ticks i/CONFIG_MAX_CPUS of a period after core 0, whenever its
 * tick starts again, so that two busy cores' ticks never fall together.
 * Under QEMU 7.2's icount round robin a core whose tick falls just before
 * another busy core's gets almost no time (docs/benchmarks.md, The core
 * after a busy one); a tick started at the end of a slice, which is where
 * another core's tick fell, started there.
 */
static ticks_t first_tick(const struct cpu *cpu, ticks_t now)
{
	ticks_t t = now / period * period + period * cpu->id / CONFIG_MAX_CPUS;

	return t > now ? t : t + period;
}

/* The tick, or before it a sleeper's time (only its wake-up then). */
static void tick(unsigned int irq, cpuid_t src)
{
	struct cpu *cpu = this_cpu();
	ticks_t now = timer_now();

	if (!cpu->sched.tick_off && now >= cpu->next_tick) {
		cpu->stats.ticks++;
		sched_tick();
		console_tick();
		xcall_serve_deferred();
		cpu->next_tick += period;
		if (cpu->next_tick <= now) /* we fell behind: skip, do not storm */
			cpu->next_tick = now + period;
		cpu->sched.tick_off = !tick_wanted(cpu);
	}
	set_next(cpu, sched_wake_due());
}

/* The tick runs again, from its next place on this core's grid. */
static void tick_start(struct cpu *cpu)
{
	cpu->sched.tick_off = false;
	cpu->next_tick = first_tick(cpu, timer_now());
}

void timer_vcpu_switch(void)
{
	struct cpu *cpu = this_cpu();
	bool wanted = tick_wanted(cpu);

	if (wanted && cpu->sched.tick_off)
		tick_start(cpu);
	cpu->sched.tick_off = !wanted;
	set_next(cpu, sched_next_wake());
}

void timer_tick_update(void)
{
	struct cpu *cpu = this_cpu();
	bool wanted = tick_wanted(cpu);

	if (wanted != cpu->sched.tick_off)
		return;
	if (wanted) {
		tick_start(cpu);
		timer_wake_at(cpu->next_tick);
	} else {
		cpu->sched.tick_off = true;
		if (cpu->deadline == cpu->next_tick) /* what it was set to goes away */
			set_next(cpu, sched_next_wake());
	}
}

void timer_wake_at(ticks_t when)
{
	struct cpu *cpu = this_cpu();

	if (when < cpu->deadline)
		set_deadline(cpu, when);
}

/*
 * The tick's rate: CONFIG_HZ, or the boot argument tick_hz=N within
 * [CONFIG_HZ, TICK_HZ_MAX]. A faster tick costs every core a tick's work
 * more often; docs/benchmarks.md says where a benchmark uses one.
 */
static uint32_t tick_hz(void)
{
	uint32_t hz = bootarg_u32("tick_hz", CONFIG_HZ);

	if (hz >= CONFIG_HZ && hz <= TICK_HZ_MAX)
		return hz;
	kprintf("cella: tick_hz=%u is not from %u to %u: %u it is\n", hz, CONFIG_HZ, TICK_HZ_MAX,
		CONFIG_HZ);
	return CONFIG_HZ;
}

/* The boot argument nohz=off keeps every core's tick (QEMU's icount slices, docs/rtos.md). */
static bool nohz_off(void)
{
	const char *arg = bootarg("nohz");
	bool off = arg && strcmp(arg, "off") == 0;

	if (arg && !off)
		kprintf("cella: nohz=%s is not \"off\": ignored\n", arg);
	return off;
}

void timer_init(void)
{
	freq = timer_arch_freq();
	if (freq == 0)
		panic("the counter frequency (CNTFRQ) is 0: firmware did not set it");
	period = freq / tick_hz();
	tick_always = nohz_off();
	irq_register(timer_arch_irq(), tick);
}

bool timer_tickless(void)
{
	return !tick_always;
}

ticks_t timer_period(void)
{
	return period;
}

void timer_init_cpu(void)
{
	struct cpu *cpu = this_cpu();

	timer_arch_init_cpu();
	cpu->next_tick = first_tick(cpu, timer_now());
	set_deadline(cpu, cpu->next_tick);
	irq_arch_enable(timer_arch_irq());
}

ticks_t timer_now(void)
{
	return timer_arch_now();
}

uint32_t timer_freq(void)
{
	return freq;
}

ticks_t timer_ms(uint32_t ms)
{
	return (ticks_t)ms * freq / 1000;
}

ticks_t timer_from_ns(uint64_t ns)
{
	uint64_t secs = ns / 1000000000ull;

	if (secs > UINT64_MAX / freq)
		return UINT64_MAX;
	return secs * freq + ns % 1000000000ull * freq / 1000000000ull;
}

uint64_t timer_ns(ticks_t t)
{
	return t / freq * 1000000000ull + t % freq * 1000000000ull / freq;
}
