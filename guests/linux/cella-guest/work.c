// SPDX-License-Identifier: MIT
/*
 * The compute suite of `cella-guest bench`, in the spirit of MiBench: a
 * hash, a sort, a CRC, integer and floating-point arithmetic. Each
 * work_*() is one operation over fixed inputs; work_init() makes the
 * inputs and checks each kernel against known answers first.
 * `cella-guest work ROUNDS` runs the whole suite ROUNDS times as a load
 * whose own time says how much of a core it got.
 */
#include <stdio.h>
#include <string.h>

#include "guest.h"

#define BUF_BYTES  4096
#define SORT_WORDS 1024
#define INT_PAIRS  1024
#define MAT_N	   16

static uint8_t buf[BUF_BYTES];
static uint32_t sort_input[SORT_WORDS], sort_work[SORT_WORDS];
static uint32_t ints[INT_PAIRS + 1];
static double mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N], mat_c[MAT_N][MAT_N];
static uint32_t crc_table[256];

/* xorshift32: the same inputs on every run. */
static uint32_t rng_state = 2463534242u;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* FNV-1a, 32 bits. */
static uint32_t fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--) {
		h ^= *p++;
		h *= 16777619u;
	}
	return h;
}

uint32_t work_hash(void)
{
	return fnv1a(buf, BUF_BYTES);
}

static void crc_make_table(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

/* CRC-32 (IEEE 802.3, reflected), one table lookup per byte. */
static uint32_t crc32(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	while (n--)
		c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

uint32_t work_crc(void)
{
	return crc32(buf, BUF_BYTES);
}

static void sift_down(uint32_t *a, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		uint32_t t;

		if (child >= n)
			return;
		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[root] >= a[child])
			return;
		t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

static void heapsort_u32(uint32_t *a, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (size_t end = n; end-- > 1;) {
		uint32_t t = a[0];

		a[0] = a[end];
		a[end] = t;
		sift_down(a, 0, end);
	}
}

uint32_t work_sort(void)
{
	memcpy(sort_work, sort_input, sizeof(sort_work));
	heapsort_u32(sort_work, SORT_WORDS);
	return sort_work[0] ^ sort_work[SORT_WORDS / 2];
}

static uint32_t gcd(uint32_t a, uint32_t b)
{
	while (b) {
		uint32_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* Integer square root by Newton's method. */
static uint32_t isqrt(uint32_t x)
{
	uint32_t r = x, y;

	if (x < 2)
		return x;
	y = (r + 1) / 2;
	while (y < r) {
		r = y;
		y = (r + x / r) / 2;
	}
	return r;
}

uint32_t work_intmath(void)
{
	uint32_t sum = 0;

	for (int i = 0; i < INT_PAIRS; i++)
		sum += gcd(ints[i], ints[i + 1]) + isqrt(ints[i]);
	return sum;
}

static void mat_mul(double c[MAT_N][MAT_N], double a[MAT_N][MAT_N], double b[MAT_N][MAT_N])
{
	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			double s = 0;

			for (int k = 0; k < MAT_N; k++)
				s += a[i][k] * b[k][j];
			c[i][j] = s;
		}
}

uint32_t work_fpmath(void)
{
	mat_mul(mat_c, mat_a, mat_b);
	return (uint32_t)(mat_c[MAT_N - 1][MAT_N - 1] * 1000.0);
}

static void make_inputs(void)
{
	for (int i = 0; i < BUF_BYTES; i++)
		buf[i] = (uint8_t)rng();
	for (int i = 0; i < SORT_WORDS; i++)
		sort_input[i] = rng();
	for (int i = 0; i <= INT_PAIRS; i++)
		ints[i] = rng() >> 8;
	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			mat_a[i][j] = (double)(rng() % 1000) / 100.0;
			mat_b[i][j] = i == j;
		}
	crc_make_table();
}

static int sorted(const uint32_t *a, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (a[i - 1] > a[i])
			return 0;
	return 1;
}

int work_init(void)
{
	int bad = 0;

	make_inputs();
	bad |= crc32((const uint8_t *)"123456789", 9) != 0xcbf43926u;
	bad |= fnv1a((const uint8_t *)"a", 1) != 0xe40c292cu;
	bad |= gcd(48, 18) != 6 || isqrt(1000000) != 1000 || isqrt(999999) != 999;
	work_sort();
	bad |= !sorted(sort_work, SORT_WORDS);
	/* b is the identity: the product must be a again, exactly. */
	mat_mul(mat_c, mat_a, mat_b);
	bad |= memcmp(mat_c, mat_a, sizeof(mat_c)) != 0;
	return bad ? -1 : 0;
}

int work_main(unsigned int rounds)
{
	uint32_t keep = 0;
	uint64_t t0, t1;

	if (!rounds || work_init()) {
		fprintf(stderr, rounds ? "cella-guest work: the self-check failed\n"
				       : "usage: cella-guest work ROUNDS (at least 1)\n");
		return rounds ? 1 : 2;
	}
	t0 = now_ns();
	for (unsigned int i = 0; i < rounds; i++)
		keep += work_hash() + work_sort() + work_crc() + work_intmath() + work_fpmath();
	t1 = now_ns();
	printf("work: %u rounds in %llu ns, %llu ns a round (0x%08x)\n", rounds,
	       (unsigned long long)(t1 - t0), (unsigned long long)((t1 - t0) / rounds),
	       (unsigned int)keep);
	return 0;
}
