/* cordon unit tests: TCG crypto-agile event log parser (lib/tcg/tcglog.c): writer round trip and hostile logs. */
/* sources: lib/tcg/tcglog.c lib/sha256.c lib/str.c lib/fmt.c */
#include <tests/unit/unit.h>
#include <lib/tcg/tcglog.h>
#include <lib/sha256.h>

#define SHA1 0x0004
#define SHA256 0x000B

/* A hand-made log: little-endian fields appended one by one (PFP 1.05, 10.2). */
struct lb {
	u8 b[4096];
	u32 n;
};

static void p32(struct lb *l, u32 v)
{
	for (int i = 0; i < 4; i++)
		l->b[l->n++] = (u8)(v >> 8 * i);
}

static void p16(struct lb *l, u16 v)
{
	l->b[l->n++] = (u8)v;
	l->b[l->n++] = (u8)(v >> 8);
}

static void pfill(struct lb *l, u8 v, u32 n)
{
	memset(l->b + l->n, v, n);
	l->n += n;
}

/* SHA-1 format header event carrying a Spec ID event with these banks. */
static void header(struct lb *l, u32 nalgs, const struct tcg_alg *algs)
{
	p32(l, 0);
	p32(l, TCG_EV_NO_ACTION);
	pfill(l, 0, 20);
	p32(l, 28 + 4 * nalgs + 1);
	memcpy(l->b + l->n, "Spec ID Event03", 16);
	l->n += 16;
	p32(l, 0);	   /* platformClass */
	p32(l, 0x02020200); /* minor 0, major 2, errata 2, uintnSize 2 */
	p32(l, nalgs);
	for (u32 i = 0; i < nalgs; i++) {
		p16(l, algs[i].id);
		p16(l, algs[i].size);
	}
	pfill(l, 0, 1); /* vendorInfoSize */
}

/* TCG_PCR_EVENT2 with one digest per alg, each filled with (alg id & 0xff). */
static void event(struct lb *l, u32 pcr, u32 type, u32 nalgs, const struct tcg_alg *algs, const char *data)
{
	p32(l, pcr);
	p32(l, type);
	p32(l, nalgs);
	for (u32 i = 0; i < nalgs; i++) {
		p16(l, algs[i].id);
		pfill(l, (u8)algs[i].id, algs[i].size);
	}
	p32(l, (u32)strlen(data));
	memcpy(l->b + l->n, data, strlen(data));
	l->n += (u32)strlen(data);
}

static const struct tcg_alg only256[] = { { SHA256, 32 } };
static const struct tcg_alg three[] = { { SHA1, 20 }, { 0x1234, 7 }, { SHA256, 32 } };

/* Parses from an exact-size heap copy, so AddressSanitizer sees any read past the end. */
static int parse(const u8 *log, u32 len, struct tcg_event *evs, u32 max, const char **err)
{
	static char why[sizeof(((struct tcg_iter *)0)->errbuf)]; /* the iterator's message outlives it */
	u8 *copy = malloc(len + 1);
	struct tcg_iter it;
	int r = 0;
	u32 n = 0;
	memcpy(copy, log, len);
	*err = tcglog_open(&it, copy, len);
	while (!*err && n < max && (r = tcglog_next(&it, &evs[n])) == 1)
		n++;
	free(copy);
	if (!it.err)
		return (int)n;
	snprintf(why, sizeof(why), "%s", it.err);
	*err = why;
	return -1;
}

static u32 written(u8 *buf, u32 cap)
{
	u8 d[32];
	u32 n = tcglog_put_header(buf, cap);
	const char *data[] = { "first", "", "cordon vm-start name=a label=b image=00" };
	for (u32 i = 0; i < 3; i++) {
		sha256(data[i], strlen(data[i]), d);
		n += tcglog_put_event(buf + n, cap - n, 8 + i, TCG_EV_IPL, d, data[i], (u32)strlen(data[i]));
	}
	return n;
}

static void test_round_trip(void **state)
{
	u8 buf[1024], d[32];
	struct tcg_iter it;
	struct tcg_event ev;
	u32 len = written(buf, sizeof(buf));
	(void)state;
	assert_int_equal(len, TCGLOG_HEADER_SIZE + TCGLOG_EVENT_SIZE(5) + TCGLOG_EVENT_SIZE(0) + TCGLOG_EVENT_SIZE(39));
	assert_null(tcglog_open(&it, buf, len));
	assert_int_equal(it.spec.nalgs, 1);
	assert_int_equal(it.spec.algs[0].id, SHA256);
	assert_int_equal(tcglog_next(&it, &ev), 1);
	assert_int_equal(ev.pcr, 8);
	assert_int_equal(ev.type, TCG_EV_IPL);
	assert_int_equal(ev.offset, TCGLOG_HEADER_SIZE);
	assert_int_equal(ev.data_len, 5);
	assert_memory_equal(ev.data, "first", 5);
	sha256("first", 5, d);
	assert_memory_equal(ev.sha256, d, 32);
	assert_int_equal(tcglog_next(&it, &ev), 1);
	assert_int_equal(ev.data_len, 0);
	assert_int_equal(tcglog_next(&it, &ev), 1);
	assert_int_equal(ev.pcr, 10);
	assert_int_equal(tcglog_next(&it, &ev), 0);
	assert_int_equal(tcglog_next(&it, &ev), 0);
}

/* Every prefix of a valid log ends cleanly at an event boundary and fails anywhere else. */
static void test_truncated_everywhere(void **state)
{
	u8 buf[1024];
	struct tcg_event evs[4];
	const char *err;
	u32 len = written(buf, sizeof(buf));
	u32 ends[] = { TCGLOG_HEADER_SIZE, TCGLOG_HEADER_SIZE + TCGLOG_EVENT_SIZE(5),
		       TCGLOG_HEADER_SIZE + TCGLOG_EVENT_SIZE(5) + TCGLOG_EVENT_SIZE(0), len };
	(void)state;
	for (u32 n = 0; n <= len; n++) {
		int r = parse(buf, n, evs, 4, &err), boundary = -1;
		for (int k = 0; k < 4; k++)
			if (ends[k] == n)
				boundary = k;
		if (boundary >= 0)
			assert_int_equal(r, boundary);
		else
			assert_int_equal(r, -1);
	}
}

/* Several banks, one of them unknown to us: SHA-256 is found, the others are skipped by their declared size. */
static void test_multi_bank(void **state)
{
	struct lb l = { .n = 0 };
	struct tcg_event evs[2];
	const char *err;
	u8 want[32];
	(void)state;
	header(&l, 3, three);
	event(&l, 4, 0x80000003, 3, three, "app");
	event(&l, 7, TCG_EV_SEPARATOR, 3, three, "");
	assert_int_equal(parse(l.b, l.n, evs, 2, &err), 2);
	memset(want, SHA256, 32);
	assert_memory_equal(evs[0].sha256, want, 32);
	assert_int_equal(evs[0].pcr, 4);
	assert_memory_equal(evs[0].data, "app", 3);
	assert_int_equal(evs[1].pcr, 7);
}

/* A log without a SHA-256 bank parses; its events have no SHA-256 digest and do not replay. */
static void test_no_sha256_bank(void **state)
{
	static const struct tcg_alg sha1[] = { { SHA1, 20 } };
	struct lb l = { .n = 0 };
	struct tcg_event ev;
	struct tcg_replay r;
	const char *err;
	(void)state;
	header(&l, 1, sha1);
	event(&l, 0, TCG_EV_POST_CODE, 1, sha1, "x");
	assert_int_equal(parse(l.b, l.n, &ev, 1, &err), 1);
	assert_null(ev.sha256);
	tcglog_replay_init(&r);
	assert_non_null(tcglog_replay_event(&r, &ev));
}

struct bad_event {
	const char *name;
	u32 nalgs_hdr, nalgs_ev;
	const struct tcg_alg *hdr, *ev;
	u32 pcr;
	const char *want;
};

static const struct tcg_alg sha1_256[] = { { SHA1, 20 }, { SHA256, 32 } };
static const struct tcg_alg twice256[] = { { SHA256, 32 }, { SHA256, 32 } };
static const struct tcg_alg sha384[] = { { 0x000C, 48 } };
static const struct bad_event bad_events[] = {
	{ "undeclared algorithm", 1, 1, only256, sha384, 0, "algorithm 0xc is not declared" },
	{ "fewer digests than banks", 2, 1, sha1_256, only256, 0, "1 digests, the log declares 2 banks" },
	{ "more digests than banks", 1, 2, only256, sha1_256, 0, "2 digests, the log declares 1 banks" },
	{ "one bank twice", 2, 2, sha1_256, twice256, 0, "two digests of algorithm 0xb" },
	{ "PCR out of range", 1, 1, only256, only256, 24, "PCR index 24 out of range" },
};

static void test_bad_event(void **state)
{
	const struct bad_event *c = *state;
	struct lb l = { .n = 0 };
	struct tcg_event ev;
	const char *err;
	char where[32];
	header(&l, c->nalgs_hdr, c->hdr);
	snprintf(where, sizeof(where), "offset %u:", l.n); /* the error names the event's offset */
	event(&l, c->pcr, TCG_EV_IPL, c->nalgs_ev, c->ev, "data");
	assert_int_equal(parse(l.b, l.n, &ev, 1, &err), -1);
	assert_contains(err, c->want);
	assert_contains(err, where);
}

/* One byte of a valid writer header changed (offsets: PFP 1.05, 10.2.1 and 10.4.5.1). */
struct bad_header {
	const char *name;
	u32 off, len; /* len 0: the whole header */
	u8 val;
	const char *want;
};

static const struct bad_header bad_headers[] = {
	{ "shorter than the header event", 0, 31, 0, "shorter than its header event" },
	{ "header in PCR 1", 0, 0, 1, "is not the Spec ID event" },
	{ "header not EV_NO_ACTION", 4, 0, 4, "is not the Spec ID event" },
	{ "Spec ID event past the end", 28, 0, 34, "runs past the end of the log" },
	{ "Spec ID event too short", 28, 0, 32, "too short" },
	{ "wrong signature", 32 + 14, 0, '4', "no \"Spec ID Event03\" signature" },
	{ "spec version 1", 32 + 21, 0, 1, "spec version 1.0" },
	{ "no banks", 32 + 24, 0, 0, "declares 0 banks" },
	{ "too many banks", 32 + 24, 0, 9, "declares 9 banks" },
	{ "bank list past the event", 32 + 24, 0, 2, "ends inside its bank list" },
	{ "SHA-256 of 20 bytes", 32 + 30, 0, 20, "digest size 20, not 32" },
	{ "vendor info past the event", 64, 0, 1, "its contents 34" },
};

static void test_bad_header(void **state)
{
	const struct bad_header *c = *state;
	u8 buf[TCGLOG_HEADER_SIZE];
	struct tcg_event ev;
	const char *err;
	tcglog_put_header(buf, sizeof(buf));
	buf[c->off] = c->val;
	assert_int_equal(parse(buf, c->len ? c->len : sizeof(buf), &ev, 1, &err), -1);
	assert_contains(err, c->want);
}

/* Bank lists the Spec ID event itself gets wrong. */
static void test_bad_bank_lists(void **state)
{
	static const struct tcg_alg zero[] = { { 0x1234, 0 } }, huge[] = { { 0x1234, 65 } };
	struct lb l = { .n = 0 };
	struct tcg_event ev;
	const char *err;
	(void)state;
	header(&l, 2, twice256);
	assert_int_equal(parse(l.b, l.n, &ev, 1, &err), -1);
	assert_contains(err, "declares algorithm 0xb twice");
	l.n = 0;
	header(&l, 1, zero);
	assert_int_equal(parse(l.b, l.n, &ev, 1, &err), -1);
	assert_contains(err, "digest size 0");
	l.n = 0;
	header(&l, 1, huge);
	assert_int_equal(parse(l.b, l.n, &ev, 1, &err), -1);
	assert_contains(err, "digest size 65");
}

/* Event data sizes beyond the buffer or beyond TCG_MAX_EVENT_DATA; errors stay. */
static void test_oversized(void **state)
{
	u32 big = TCG_MAX_EVENT_DATA + 1, len = TCGLOG_HEADER_SIZE + TCGLOG_EVENT_SIZE(big);
	u8 *buf = calloc(1, len), d[32] = { 0 };
	struct tcg_iter it;
	struct tcg_event ev;
	(void)state;
	u32 n = tcglog_put_header(buf, len);
	n += tcglog_put_event(buf + n, len - n, 8, TCG_EV_IPL, d, "abc", 3);
	buf[n - 3 - 4 + 3] = 0xff; /* data size 0xff000003: past the end */
	assert_null(tcglog_open(&it, buf, n));
	assert_int_equal(tcglog_next(&it, &ev), -1);
	assert_contains(it.err, "runs past the end");
	assert_int_equal(tcglog_next(&it, &ev), -1); /* sticky */
	memset(buf + TCGLOG_HEADER_SIZE, 0, len - TCGLOG_HEADER_SIZE);
	buf[TCGLOG_HEADER_SIZE + 8] = 1;			    /* count */
	buf[TCGLOG_HEADER_SIZE + 12] = SHA256;			    /* algorithm */
	memcpy(buf + TCGLOG_HEADER_SIZE + 46, &big, 4);		    /* data size, little-endian host */
	assert_null(tcglog_open(&it, buf, len));		    /* all big bytes are there, */
	assert_int_equal(tcglog_next(&it, &ev), -1);		    /* yet refused */
	assert_contains(it.err, "event data of 1048577 bytes");
	free(buf);
}

int main(void)
{
	static struct unit_group g;
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_round_trip),	cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_multi_bank),	cmocka_unit_test(test_no_sha256_bank),
		cmocka_unit_test(test_bad_bank_lists), cmocka_unit_test(test_oversized),
	};
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < ARRAY_SIZE(bad_events); i++)
		unit_add(&g, bad_events[i].name, test_bad_event, (void *)&bad_events[i]);
	for (size_t i = 0; i < ARRAY_SIZE(bad_headers); i++)
		unit_add(&g, bad_headers[i].name, test_bad_header, (void *)&bad_headers[i]);
	return unit_run("tcglog", &g);
}
