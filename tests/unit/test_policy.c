/* cordon unit tests: Access Control Module (sHype) policy validation and decisions (acm/policy.c), its hooks (acm/hooks.c). */
/* sources: acm/policy.c acm/hooks.c lib/sha256.c lib/str.c */
#include <tests/unit/unit.h>
#include <acm/acm.h>
#include <acm/hooks.h>
#include <lib/sha256.h>

/* The test policy: 3 STE types, 5 CW types, 12 labels, 2 conflict sets (offsets below follow). */
enum { NA, NB, NC };
enum { RED, BLUE, GOLD, SILVER, GREEN };
enum { L_A, L_B, L_AB, L_C, L_RED, L_BLUE, L_GOLD, L_SILVER, L_BLUEGOLD, L_CWONLY, L_GREEN, L_REDBLUE };
#define T(x) (1ULL << (x))
static const char *const ste_names[] = { "net-a", "net-b", "net-c" };
static const char *const cw_names[] = { "red", "blue", "gold", "silver", "green" };
static const struct { const char *name; u64 ste, cw; } model_labels[] = {
	{ "a", T(NA), 0 },		  { "b", T(NB), 0 },		  { "ab", T(NA) | T(NB), 0 },
	{ "c", T(NC), 0 },		  { "red", T(NA), T(RED) },	  { "blue", T(NB), T(BLUE) },
	{ "gold", T(NA), T(GOLD) },	  { "silver", T(NA), T(SILVER) }, { "bluegold", T(NC), T(BLUE) | T(GOLD) },
	{ "cwonly", 0, T(SILVER) },	  { "green", T(NC), T(GREEN) },	  { "redblue", 0, T(RED) | T(BLUE) },
};
static const struct { const char *name; u64 cw; } model_conflicts[] = {
	{ "colours", T(RED) | T(BLUE) | T(GREEN) },
	{ "metals", T(GOLD) | T(SILVER) },
};
#define HDR 112
#define STE(i) (HDR + 32 * (i))
#define CW(i) (STE(3) + 32 * (i))
#define LAB(i) (CW(5) + 48 * (i))
#define CON(i) (LAB(12) + 40 * (i))
#define TOTAL CON(2)

/* What the in-test builder serialises (the host tool is the real compiler). */
static struct {
	u32 nste, ncw, nlabels, nconflicts, flags;
	char ste[POLICY_MAX_TYPES][32], cw[POLICY_MAX_TYPES][32];
	struct policy_label labels[POLICY_MAX_LABELS];
	struct policy_conflict conflicts[POLICY_MAX_CONFLICTS];
} sp;
static u64 store[4096]; /* 32 KiB, 8-byte aligned like the loader's pages */
static u8 *const buf = (u8 *)store;
static u64 len;
static struct policy pol;

static struct policy_hdr *hdr(void)
{
	return (struct policy_hdr *)buf;
}

static void seal(void)
{
	memset(hdr()->digest, 0, 32);
	sha256(buf, len, hdr()->digest);
}

static void emit(void)
{
	u8 *q = buf + HDR;
	memset(store, 0, sizeof(store));
	len = policy_size(sp.nste, sp.ncw, sp.nlabels, sp.nconflicts);
	*hdr() = (struct policy_hdr){ .magic = POLICY_MAGIC, .version = POLICY_VERSION, .size = (u32)len,
				      .name = "test", .nste = sp.nste, .ncw = sp.ncw, .nlabels = sp.nlabels,
				      .nconflicts = sp.nconflicts, .flags = sp.flags };
	memcpy(q, sp.ste, 32 * sp.nste), q += 32 * sp.nste;
	memcpy(q, sp.cw, 32 * sp.ncw), q += 32 * sp.ncw;
	memcpy(q, sp.labels, sizeof(sp.labels[0]) * sp.nlabels), q += sizeof(sp.labels[0]) * sp.nlabels;
	memcpy(q, sp.conflicts, sizeof(sp.conflicts[0]) * sp.nconflicts);
	seal();
}

static void model(u32 flags)
{
	memset(&sp, 0, sizeof(sp));
	sp = (typeof(sp)){ .nste = 3, .ncw = 5, .nlabels = 12, .nconflicts = 2, .flags = flags };
	for (u32 i = 0; i < 3; i++)
		strcpy(sp.ste[i], ste_names[i]);
	for (u32 i = 0; i < 5; i++)
		strcpy(sp.cw[i], cw_names[i]);
	for (u32 i = 0; i < 12; i++) {
		strcpy(sp.labels[i].name, model_labels[i].name);
		sp.labels[i].ste = model_labels[i].ste, sp.labels[i].cw = model_labels[i].cw;
	}
	for (u32 i = 0; i < 2; i++)
		strcpy(sp.conflicts[i].name, model_conflicts[i].name), sp.conflicts[i].cw = model_conflicts[i].cw;
	emit();
}

static const char *load(void)
{
	return policy_load(buf, len, &pol);
}

static void test_model_loads(void **state)
{
	(void)state;
	model(0);
	assert_int_equal(len, TOTAL);
	assert_null(load());
	assert_ptr_equal(pol.hdr, buf);
	assert_string_equal(pol.ste[2], "net-c");
	assert_string_equal(pol.cw[4], "green");
	assert_string_equal(pol.labels[L_REDBLUE].name, "redblue");
	assert_true(pol.conflicts[1].cw == (T(GOLD) | T(SILVER)));
}

/* Every count at its limit, 31-character names, and bit 63 of both masks in use. */
static void test_limits_load(void **state)
{
	(void)state;
	memset(&sp, 0, sizeof(sp));
	sp.nste = sp.ncw = POLICY_MAX_TYPES, sp.nlabels = POLICY_MAX_LABELS, sp.nconflicts = POLICY_MAX_CONFLICTS;
	for (u32 i = 0; i < 64; i++) {
		snprintf(sp.ste[i], 32, "ste-%02u-xxxxxxxxxxxxxxxxxxxxxxxx", i);
		snprintf(sp.cw[i], 32, "cw-%02u", i);
		snprintf(sp.conflicts[i].name, 32, "k%u", i);
		sp.conflicts[i].cw = T(i) | T((i + 1) % 64);
	}
	for (u32 i = 0; i < 256; i++) {
		snprintf(sp.labels[i].name, 32, "l%u", i);
		sp.labels[i].ste = T(i % 64), sp.labels[i].cw = T(63 - i % 64);
	}
	emit();
	assert_int_equal(strlen(sp.ste[5]), 31);
	assert_null(load());
	assert_int_equal(policy_label(&pol, "l255"), 255);
	assert_int_equal(acm_share(&pol, 63, 127), ACM_PERMIT); /* both hold STE type 63 */
	assert_int_equal(acm_start(&pol, 0, (int[]){ 1 }, 1, NULL), ACM_DENY); /* cw-63 vs cw-62: set k62 */
}

/* One corruption of the model; sealed rows get a fresh digest so the check under test is reached. */
struct corrupt {
	const char *name;
	u64 off;
	u32 width; /* bytes of val to write, little-endian; 0: write str as a name field */
	u64 val;
	const char *str;
	bool stale; /* keep the old digest */
	int dlen;   /* change the length passed to policy_load */
	const char *want;
};

static const struct corrupt corrupts[] = {
	{ "magic", 0, 1, 'X', 0, 0, 0, "magic" },
	{ "version 0", 8, 4, 0, 0, 0, 0, "version" },
	{ "version 2", 8, 4, 2, 0, 0, 0, "version" },
	{ "size field too small", 12, 4, TOTAL - 1, 0, 0, 0, "size field" },
	{ "size field too large", 12, 4, TOTAL + 8, 0, 0, 0, "size field" },
	{ "file longer than size field", 0, 0, 0, 0, 0, 8, "size field" },
	{ "file shorter than size field", 0, 0, 0, 0, 0, -8, "size field" },
	{ "trailing bytes counted in size", 12, 4, TOTAL + 8, 0, 0, 8, "counts" },
	{ "nste one more than present", 80, 4, 4, 0, 0, 0, "counts" },
	{ "nlabels one fewer than present", 88, 4, 11, 0, 0, 0, "counts" },
	{ "nste over limit", 80, 4, 65, 0, 0, 0, "too many STE" },
	{ "ncw over limit", 84, 4, 65, 0, 0, 0, "too many CW" },
	{ "nlabels over limit", 88, 4, 257, 0, 0, 0, "too many labels" },
	{ "nconflicts over limit", 92, 4, 65, 0, 0, 0, "too many conflict" },
	{ "nste 0xffffffff", 80, 4, 0xffffffff, 0, 0, 0, "too many STE" },
	{ "unknown flag bit 1", 96, 4, 2, 0, 0, 0, "flag" },
	{ "unknown flag bit 31", 96, 4, 0x80000001u, 0, 0, 0, "flag" },
	{ "reserved[0] set", 100, 4, 1, 0, 0, 0, "reserved" },
	{ "reserved[2] set", 108, 1, 0x80, 0, 0, 0, "reserved" },
	{ "digest field altered", 16, 8, 0, 0, 1, 0, "digest" },
	{ "label name altered, digest stale", LAB(0), 1, 'z', 0, 1, 0, "digest" },
	{ "last byte altered, digest stale", TOTAL - 1, 1, 1, 0, 1, 0, "digest" },
	{ "policy name not terminated", 48, 0, 0, "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn", 0, 0, "NUL-terminated" },
	{ "STE name not terminated", STE(1), 0, 0, "ssssssssssssssssssssssssssssssss", 0, 0, "NUL-terminated" },
	{ "CW name not terminated", CW(4), 0, 0, "cccccccccccccccccccccccccccccccc", 0, 0, "NUL-terminated" },
	{ "label name not terminated", LAB(11), 0, 0, "llllllllllllllllllllllllllllllll", 0, 0, "NUL-terminated" },
	{ "conflict name not terminated", CON(1), 0, 0, "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", 0, 0, "NUL-terminated" },
	{ "policy name empty", 48, 0, 0, "", 0, 0, "empty" },
	{ "STE name empty", STE(0), 0, 0, "", 0, 0, "empty" },
	{ "CW name empty", CW(2), 0, 0, "", 0, 0, "empty" },
	{ "label name empty", LAB(5), 0, 0, "", 0, 0, "empty" },
	{ "conflict name empty", CON(0), 0, 0, "", 0, 0, "empty" },
	{ "STE name upper case", STE(1), 0, 0, "Net-b", 0, 0, "character" },
	{ "CW name with a space", CW(0), 0, 0, "re d", 0, 0, "character" },
	{ "label name starting with -", LAB(0), 0, 0, "-a", 0, 0, "character" },
	{ "label name starting with _", LAB(1), 0, 0, "_b", 0, 0, "character" },
	{ "label name with a tab", LAB(2), 0, 0, "a\tb", 0, 0, "character" },
	{ "conflict name with a dot", CON(0), 0, 0, "col.ours", 0, 0, "character" },
	{ "policy name with byte 0x80", 48, 0, 0, "t\x80", 0, 0, "character" },
	{ "STE name padding not zero", STE(0) + 31, 1, 'x', 0, 0, 0, "zero-padded" },
	{ "label name with bytes after its NUL", LAB(3) + 2, 1, 'd', 0, 0, 0, "zero-padded" },
	{ "duplicate STE type", STE(2), 0, 0, "net-a", 0, 0, "duplicate STE" },
	{ "duplicate CW type", CW(4), 0, 0, "red", 0, 0, "duplicate CW" },
	{ "duplicate label", LAB(11), 0, 0, "a", 0, 0, "duplicate label" },
	{ "duplicate conflict set", CON(1), 0, 0, "colours", 0, 0, "duplicate conflict" },
	{ "type both STE and CW", STE(2), 0, 0, "green", 0, 0, "both STE and CW" },
	{ "label STE mask bit 3 of 3 types", LAB(0) + 32, 8, T(NA) | T(3), 0, 0, 0, "undeclared STE" },
	{ "label STE mask bit 63", LAB(1) + 32, 8, T(63), 0, 0, 0, "undeclared STE" },
	{ "label CW mask bit 5 of 5 types", LAB(4) + 40, 8, T(RED) | T(5), 0, 0, 0, "undeclared CW" },
	{ "label without types", LAB(0) + 32, 8, 0, 0, 0, 0, "no types" },
	{ "conflict mask bit 5 of 5 types", CON(0) + 32, 8, T(RED) | T(5), 0, 0, 0, "conflict set uses an undeclared" },
	{ "conflict with 1 member", CON(1) + 32, 8, T(GOLD), 0, 0, 0, "fewer than 2" },
	{ "conflict with 0 members", CON(1) + 32, 8, 0, 0, 0, 0, "fewer than 2" },
};

static void test_corrupt(void **state)
{
	const struct corrupt *c = *state;
	const char *why;
	model(0);
	if (c->str)
		memset(buf + c->off, 0, 32), memcpy(buf + c->off, c->str, strnlen(c->str, 32));
	for (u32 i = 0; i < c->width; i++)
		buf[c->off + i] = (u8)(c->val >> (8 * i));
	len += (u64)(s64)c->dlen;
	if (!c->stale)
		seal();
	memset(&pol, 0xa5, sizeof(pol));
	why = load();
	assert_contains(why, c->want);
	assert_null(pol.hdr); /* a failed load leaves nothing usable behind */
}

/* Every prefix fails, with the original size field and with the size field and digest made to agree. */
static void test_truncated_everywhere(void **state)
{
	(void)state;
	for (u64 n = 0; n < TOTAL; n++) {
		model(0);
		if (policy_load(buf, n, &pol) == NULL)
			fail_msg("accepted a %llu-byte prefix", n);
		if (n < HDR)
			continue;
		hdr()->size = (u32)n, len = n, seal();
		if (load() == NULL)
			fail_msg("accepted a resealed %llu-byte prefix", n);
	}
	assert_contains(policy_load(NULL, 0, &pol), "shorter");
}

/* With no STE type declared, STE bit 0 is as undeclared as bit 1: a CW-only policy whose label claims
 * STE type 0 must be refused (the model declares type 0, so its rows cannot tell bit 0 apart). */
static void test_ste_bit0_undeclared(void **state)
{
	(void)state;
	memset(&sp, 0, sizeof(sp));
	sp.ncw = 1, sp.nlabels = 1;
	strcpy(sp.cw[0], "red");
	strcpy(sp.labels[0].name, "l");
	sp.labels[0].cw = T(0);
	emit();
	assert_null(load()); /* the same policy without the STE bit is valid */
	sp.labels[0].ste = T(0);
	emit();
	assert_contains(load(), "undeclared STE");
	assert_null(pol.hdr);
}

static void test_misaligned(void **state)
{
	(void)state;
	for (int off = 1; off < 8; off++) {
		model(0);
		memmove(buf + off, buf, len);
		assert_contains(policy_load(buf + off, len, &pol), "aligned");
	}
}

static void test_label_lookup(void **state)
{
	(void)state;
	model(0);
	assert_null(load());
	assert_int_equal(policy_label(&pol, "a"), L_A);
	assert_int_equal(policy_label(&pol, "red"), L_RED);
	assert_int_equal(policy_label(&pol, "redblue"), L_REDBLUE);
	assert_int_equal(policy_label(&pol, "re"), -1);
	assert_int_equal(policy_label(&pol, "reds"), -1);
	assert_int_equal(policy_label(&pol, ""), -1);
	assert_int_equal(policy_label(&pol, "redredredredredredredredredredredred"), -1);
	assert_int_equal(policy_label(NULL, "red"), -1);
}

/* STE: sharing needs a common type; symmetric, so each row is checked both ways. */
static const struct share { const char *name; int a, b; enum acm_decision want; } shares[] = {
	{ "share: a with a", L_A, L_A, ACM_PERMIT },
	{ "share: a with b (no common type)", L_A, L_B, ACM_DENY },
	{ "share: multi-type ab with a", L_AB, L_A, ACM_PERMIT },
	{ "share: multi-type ab with b", L_AB, L_B, ACM_PERMIT },
	{ "share: multi-type ab with c", L_AB, L_C, ACM_DENY },
	{ "share: CW types do not count (red with blue)", L_RED, L_BLUE, ACM_DENY },
	{ "share: red with gold (both net-a)", L_RED, L_GOLD, ACM_PERMIT },
	{ "share: bluegold with green (net-c)", L_BLUEGOLD, L_GREEN, ACM_PERMIT },
	{ "share: label without STE types, not even with itself", L_CWONLY, L_CWONLY, ACM_DENY },
	{ "share: label without STE types with a", L_CWONLY, L_A, ACM_DENY },
};

static void test_share(void **state)
{
	const struct share *s = *state;
	model(0);
	assert_null(load());
	assert_int_equal(acm_share(&pol, s->a, s->b), s->want);
	assert_int_equal(acm_share(&pol, s->b, s->a), s->want);
}

/* Chinese Wall: conflict sets colours {red, blue, green} and metals {gold, silver}. */
static const struct start {
	const char *name;
	int l, running[6];
	u32 n;
	enum acm_decision want;
	u32 culprit;
} starts[] = {
	{ "start: red, nothing running", L_RED, { 0 }, 0, ACM_PERMIT, 0 },
	{ "start: red beside labels without CW types", L_RED, { L_A, L_B, L_CWONLY }, 3, ACM_PERMIT, 0 },
	{ "start: red beside red, red (same type twice is fine)", L_RED, { L_RED, L_RED }, 2, ACM_PERMIT, 0 },
	{ "start: red beside a, blue", L_RED, { L_A, L_BLUE }, 2, ACM_DENY, 1 },
	{ "start: blue beside red", L_BLUE, { L_RED }, 1, ACM_DENY, 0 },
	{ "start: green beside a, b, red, blue (first culprit)", L_GREEN, { L_A, L_B, L_RED, L_BLUE }, 4, ACM_DENY, 2 },
	{ "start: gold beside blue (other set)", L_GOLD, { L_BLUE }, 1, ACM_PERMIT, 0 },
	{ "start: gold beside red, silver", L_GOLD, { L_RED, L_SILVER }, 2, ACM_DENY, 1 },
	{ "start: two sets, bluegold beside silver", L_BLUEGOLD, { L_SILVER }, 1, ACM_DENY, 0 },
	{ "start: two sets, bluegold beside gold, red", L_BLUEGOLD, { L_GOLD, L_RED }, 2, ACM_DENY, 1 },
	{ "start: two sets, bluegold beside blue, gold", L_BLUEGOLD, { L_BLUE, L_GOLD, L_A }, 3, ACM_PERMIT, 0 },
	{ "start: two sets, bluegold beside a, bluegold, green", L_BLUEGOLD, { L_A, L_BLUEGOLD, L_GREEN }, 3, ACM_DENY, 2 },
	{ "start: silver beside a, bluegold", L_SILVER, { L_A, L_BLUEGOLD }, 2, ACM_DENY, 1 },
	{ "start: cw-only silver beside gold", L_CWONLY, { L_GOLD }, 1, ACM_DENY, 0 },
	{ "start: a label without CW types beside red, blue", L_A, { L_RED, L_BLUE }, 2, ACM_PERMIT, 0 },
	{ "start: redblue alone", L_REDBLUE, { L_A, L_GOLD }, 2, ACM_PERMIT, 0 },
	{ "start: redblue beside red (holds blue too)", L_REDBLUE, { L_GOLD, L_RED }, 2, ACM_DENY, 1 },
	{ "start: red beside redblue", L_RED, { L_REDBLUE }, 1, ACM_DENY, 0 },
};

static void check_start(const struct start *s, enum acm_decision permit)
{
	u32 culprit = 99;
	enum acm_decision d = acm_start(&pol, s->l, s->running, s->n, &culprit);
	if (d != (s->want == ACM_DENY ? ACM_DENY : permit))
		fail_msg("%s: got %s", s->name, acm_decision_name(d));
	assert_int_equal(culprit, s->want == ACM_DENY ? s->culprit : 99); /* untouched on permit */
}

static void test_start(void **state)
{
	model(0);
	assert_null(load());
	check_start(*state, ACM_PERMIT);
}

/* With the audit-permits flag every permit of both tables becomes permit+audit; denials stay. */
static void test_audit_permits(void **state)
{
	(void)state;
	model(POLICY_F_AUDIT_PERMITS);
	assert_null(load());
	for (size_t i = 0; i < ARRAY_SIZE(shares); i++)
		assert_int_equal(acm_share(&pol, shares[i].a, shares[i].b),
				 shares[i].want == ACM_DENY ? ACM_DENY : ACM_PERMIT_AUDIT);
	for (size_t i = 0; i < ARRAY_SIZE(starts); i++)
		check_start(&starts[i], ACM_PERMIT_AUDIT);
}

static void test_null_policy_permits(void **state)
{
	u32 culprit = 7;
	(void)state;
	assert_int_equal(acm_share(NULL, 0, 1), ACM_PERMIT);
	assert_int_equal(acm_start(NULL, 0, (int[]){ 1, 2 }, 2, &culprit), ACM_PERMIT);
	assert_int_equal(culprit, 7);
	model(0);
	assert_null(load());
	assert_int_equal(acm_start(&pol, L_BLUE, (int[]){ L_RED }, 1, NULL), ACM_DENY); /* culprit optional */
}

/* A label index outside the policy is denied inside the decisions too, not only by their callers
 * (make prove relies on it: docs/PROOF.md). L_A and L_AB share an STE type, so only the bad index denies. */
static void test_decisions_refuse_bad_labels(void **state)
{
	u32 culprit = 7;
	(void)state;
	model(0);
	assert_null(load());
	assert_int_equal(acm_share(&pol, L_A, L_AB), ACM_PERMIT);
	assert_int_equal(acm_share(&pol, L_A, -1), ACM_DENY);
	assert_int_equal(acm_share(&pol, 12, L_A), ACM_DENY); /* one past the 12th label */
	assert_int_equal(acm_share(&pol, L_A, 1 << 30), ACM_DENY);
	assert_int_equal(acm_start(&pol, L_A, (int[]){ L_B }, 1, &culprit), ACM_PERMIT);
	assert_int_equal(acm_start(&pol, 12, (int[]){ L_B }, 1, &culprit), ACM_DENY);
	assert_int_equal(culprit, 7); /* the candidate itself was bad: no running VM to blame */
	assert_int_equal(acm_start(&pol, L_A, (int[]){ L_B, -3 }, 2, &culprit), ACM_DENY);
	assert_int_equal(culprit, 1);
	assert_int_equal(acm_start(&pol, L_A, (int[]){ L_B, L_A, 1 << 28 }, 3, &culprit), ACM_DENY);
	assert_int_equal(culprit, 2);
}

static void test_decision_names(void **state)
{
	(void)state;
	assert_string_equal(acm_decision_name(ACM_PERMIT), "permit");
	assert_string_equal(acm_decision_name(ACM_PERMIT_AUDIT), "permit+audit");
	assert_string_equal(acm_decision_name(ACM_DENY), "deny");
	assert_string_equal(acm_decision_name((enum acm_decision)7), "?");
}

/* ---------------------------------------------------------------- the hooks and the ACM's running set */

static struct acm_status st;

/* The model policy in force, nothing running. */
static void init_model(u32 flags)
{
	model(flags);
	acm_init(buf, len, &st);
	assert_int_equal(st.state, ACM_POLICY_LOADED);
}

static void expect_pre(u32 id, int label, enum acm_decision want, u32 want_culprit)
{
	u32 culprit = 12345;
	enum acm_decision d = acm_pre_vm_start(id, label, &culprit);
	if (d != want || culprit != want_culprit)
		fail_msg("pre(vm %u, label %d): %s culprit %u, want %s culprit %u", id, label, acm_decision_name(d),
			 culprit, acm_decision_name(want), want_culprit);
}

static void test_init_reports(void **state)
{
	(void)state;
	acm_init(NULL, 0, &st);
	assert_int_equal(st.state, ACM_NO_POLICY);
	assert_int_equal(acm_label("red"), -1);
	init_model(0);
	assert_string_equal(st.name, "test");
	assert_int_equal(st.nlabels, 12);
	assert_int_equal(st.nste, 3);
	assert_int_equal(st.ncw, 5);
	assert_int_equal(st.nconflicts, 2);
	assert_null(st.reason);
	assert_int_equal(acm_label("redblue"), L_REDBLUE);
	assert_int_equal(acm_label("nobody"), -1);
	buf[HDR] ^= 1; /* the digest no longer matches */
	acm_init(buf, len, &st);
	assert_int_equal(st.state, ACM_POLICY_REJECTED);
	assert_non_null(st.reason);
	assert_int_equal(acm_label("red"), -1);
}

/* PRE decides and changes nothing: red's permitted PRE does not keep blue out. */
static void test_pre_changes_nothing(void **state)
{
	(void)state;
	init_model(0);
	expect_pre(0, L_RED, ACM_PERMIT, ACM_NO_CULPRIT);
	expect_pre(0, L_RED, ACM_PERMIT, ACM_NO_CULPRIT);
	expect_pre(1, L_BLUE, ACM_PERMIT, ACM_NO_CULPRIT);
}

/* POST commits: a conflicting start is then denied, naming the running VM's id (the lowest one of several). */
static void test_post_commits(void **state)
{
	(void)state;
	init_model(0);
	acm_post_vm_start(5, L_RED);
	expect_pre(1, L_BLUE, ACM_DENY, 5);
	expect_pre(2, L_GOLD, ACM_PERMIT, ACM_NO_CULPRIT); /* another conflict set */
	acm_post_vm_start(3, L_GREEN);
	expect_pre(1, L_BLUE, ACM_DENY, 3);
	expect_pre(1, L_BLUEGOLD, ACM_DENY, 3);
	acm_post_vm_start(0, L_SILVER);
	expect_pre(1, L_BLUEGOLD, ACM_DENY, 0);
	expect_pre(5, L_RED, ACM_DENY, 3); /* a VM is never its own culprit */
	acm_post_vm_start(ACM_MAX_VMS, L_BLUE); /* no such VM: ignored */
	expect_pre(2, L_RED, ACM_DENY, 3);
	expect_pre(2, L_A, ACM_PERMIT, ACM_NO_CULPRIT);
}

/* FAIL rolls back a commit: the conflicting start is permitted again. */
static void test_fail_rolls_back(void **state)
{
	(void)state;
	init_model(0);
	acm_post_vm_start(2, L_RED);
	acm_post_vm_start(4, L_GOLD);
	acm_fail_vm_start(2);
	expect_pre(1, L_BLUE, ACM_PERMIT, ACM_NO_CULPRIT);
	expect_pre(1, L_SILVER, ACM_DENY, 4); /* the other commit stays */
}

/* A stop removes the VM; its id may come back with another label. */
static void test_stop_and_reuse(void **state)
{
	(void)state;
	init_model(0);
	acm_post_vm_start(3, L_RED);
	acm_vm_stop(3);
	expect_pre(1, L_BLUE, ACM_PERMIT, ACM_NO_CULPRIT);
	acm_post_vm_start(3, L_GOLD);
	expect_pre(1, L_BLUE, ACM_PERMIT, ACM_NO_CULPRIT);
	expect_pre(4, L_SILVER, ACM_DENY, 3);
	acm_vm_stop(3);
	acm_vm_stop(3); /* twice: still nothing */
	acm_vm_stop(ACM_MAX_VMS);
	expect_pre(4, L_SILVER, ACM_PERMIT, ACM_NO_CULPRIT);
	acm_post_vm_start(6, L_REDBLUE); /* its two colours conflict with each other: but a VM never with itself */
	expect_pre(6, L_REDBLUE, ACM_PERMIT, ACM_NO_CULPRIT);
	expect_pre(1, L_REDBLUE, ACM_DENY, 6);
	acm_post_vm_start(7, L_RED);
	acm_init(buf, len, &st); /* a new policy starts with nothing running */
	expect_pre(1, L_BLUE, ACM_PERMIT, ACM_NO_CULPRIT);
}

/* An unknown label with a policy, or a rejected policy: deny with no culprit. The NULL policy permits all. */
static void test_pre_without_a_usable_label(void **state)
{
	(void)state;
	init_model(0);
	expect_pre(0, -1, ACM_DENY, ACM_NO_CULPRIT);
	expect_pre(0, (int)st.nlabels, ACM_DENY, ACM_NO_CULPRIT); /* one past the last label */
	expect_pre(ACM_MAX_VMS, L_A, ACM_DENY, ACM_NO_CULPRIT); /* an id the running set cannot hold */
	assert_int_equal(acm_pre_share(L_A, (int)st.nlabels), ACM_DENY);
	assert_int_equal(acm_pre_share((int)st.nlabels, L_A), ACM_DENY);
	assert_int_equal(acm_pre_share(L_A, -1), ACM_DENY);
	init_model(POLICY_F_AUDIT_PERMITS);
	expect_pre(0, L_RED, ACM_PERMIT_AUDIT, ACM_NO_CULPRIT);
	buf[HDR] ^= 1;
	acm_init(buf, len, &st);
	expect_pre(0, -1, ACM_DENY, ACM_NO_CULPRIT);
	assert_int_equal(acm_pre_share(-1, -1), ACM_DENY);
	assert_int_equal(acm_pre_attach(-1, "a"), ACM_DENY);
	acm_init(NULL, 0, &st);
	acm_post_vm_start(0, -1);
	expect_pre(1, -1, ACM_PERMIT, ACM_NO_CULPRIT);
	assert_int_equal(acm_pre_share(-1, -1), ACM_PERMIT);
	assert_int_equal(acm_pre_attach(-1, "anything"), ACM_PERMIT);
}

/* Sharing: STE between labels; a segment is looked up by name, and one the policy does not label is denied. */
static void test_share_and_attach(void **state)
{
	(void)state;
	init_model(0);
	assert_int_equal(acm_pre_share(L_A, L_AB), ACM_PERMIT);
	assert_int_equal(acm_pre_share(L_A, L_B), ACM_DENY);
	assert_int_equal(acm_pre_attach(L_AB, "b"), ACM_PERMIT);
	assert_int_equal(acm_pre_attach(L_A, "b"), ACM_DENY);
	assert_int_equal(acm_pre_attach(L_A, "nowhere"), ACM_DENY);
	/*
	 * The deny comes from the lookup, not from an STE check against labels[-1]: here the bytes before
	 * the label table (the last CW name's tail) would read as an STE mask holding every type.
	 */
	model(0);
	memset(sp.cw[4] + 5, 'g', 26);
	emit();
	acm_init(buf, len, &st);
	assert_int_equal(st.state, ACM_POLICY_LOADED);
	assert_int_equal(acm_pre_attach(L_A, "nowhere"), ACM_DENY);
	init_model(POLICY_F_AUDIT_PERMITS);
	assert_int_equal(acm_pre_attach(L_RED, "a"), ACM_PERMIT_AUDIT);
}

int main(void)
{
	static struct unit_group g;
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_model_loads),	     cmocka_unit_test(test_limits_load),
		cmocka_unit_test(test_truncated_everywhere), cmocka_unit_test(test_misaligned),
		cmocka_unit_test(test_ste_bit0_undeclared),
		cmocka_unit_test(test_label_lookup),	     cmocka_unit_test(test_audit_permits),
		cmocka_unit_test(test_null_policy_permits),  cmocka_unit_test(test_decision_names),
		cmocka_unit_test(test_decisions_refuse_bad_labels),
		cmocka_unit_test(test_init_reports),	     cmocka_unit_test(test_pre_changes_nothing),
		cmocka_unit_test(test_post_commits),	     cmocka_unit_test(test_fail_rolls_back),
		cmocka_unit_test(test_stop_and_reuse),	     cmocka_unit_test(test_pre_without_a_usable_label),
		cmocka_unit_test(test_share_and_attach),
	};
	UNIT_ADD_ALL(&g, fixed);
	for (size_t i = 0; i < ARRAY_SIZE(corrupts); i++)
		unit_add(&g, corrupts[i].name, test_corrupt, (void *)&corrupts[i]);
	for (size_t i = 0; i < ARRAY_SIZE(shares); i++)
		unit_add(&g, shares[i].name, test_share, (void *)&shares[i]);
	for (size_t i = 0; i < ARRAY_SIZE(starts); i++)
		unit_add(&g, starts[i].name, test_start, (void *)&starts[i]);
	return unit_run("policy", &g);
}
