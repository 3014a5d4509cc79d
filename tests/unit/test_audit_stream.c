/* cordon unit tests: cordon-audit on crafted streams: full logs, streams across ring wrap-around, gaps, edits, cordon-ctl gap lines. */
/* runs: cordon-audit */
/* sources: kernel/trust/audit_chain.c lib/sha256.c lib/fmt.c lib/str.c */
#include <sys/wait.h>
#include <unistd.h>
#include <tests/unit/unit.h>
#include <kernel/trust/audit.h>

#define NREC 600 /* more than twice AUDIT_RING: a stream read after the ring wrapped */
static struct audit_rec recs[NREC];
static char path[64], out[1 << 16], hexes[NREC][65];

/* The chain cordon would make: seq 0..NREC-1, each hash over its predecessor's. */
static void make_chain(void)
{
	static const u8 zero[32];
	char key[AUDIT_TEXT];
	for (u32 i = 0; i < NREC; i++) {
		snprintf(key, sizeof(key), "op=grant-map subj=vm%u/green obj=grant:x#%u/blue decision=%s", i % 7, i,
			 i % 3 ? "deny" : "permit");
		audit_make(&recs[i], i ? recs[i - 1].hash : zero, i, 1000 + i, key, i % 50 == 49 ? 64 : 0);
		for (int k = 0; k < 32; k++)
			sprintf(hexes[i] + 2 * k, "%02x", recs[i].hash[k]);
	}
}

static void put_rec(FILE *f, u32 i, const char *prefix)
{
	char line[AUDIT_TEXT + 80];
	audit_format(&recs[i], line, sizeof(line));
	fprintf(f, "%scordon: audit %s\n", prefix, line);
}

/* Runs cordon-audit [--from-hash H] on the file; returns its exit status, its output in out. */
static int audit(const char *from_hash)
{
	char cmd[512];
	FILE *p;
	size_t n;
	int st;
	const char *b = getenv("B") ? getenv("B") : "build";
	if (from_hash)
		snprintf(cmd, sizeof(cmd), "%s/tools/cordon-audit --from-hash %s %s", b, from_hash, path);
	else
		snprintf(cmd, sizeof(cmd), "%s/tools/cordon-audit %s", b, path);
	assert_non_null(p = popen(cmd, "r"));
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	st = pclose(p);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static FILE *stream(void)
{
	FILE *f;
	snprintf(path, sizeof(path), "/tmp/audit-stream-%d.txt", (int)getpid());
	assert_non_null(f = fopen(path, "w"));
	return f;
}

/* A console log: records among other lines, from seq 0 (the existing behaviour). */
static void test_console_log(void **state)
{
	FILE *f = stream();
	(void)state;
	fputs("BdsDxe: booting\ncordon: vm 'a' started\n", f);
	for (u32 i = 0; i < 10; i++)
		put_rec(f, i, i % 2 ? "" : "\x1b[0m");
	fclose(f);
	assert_int_equal(audit(NULL), 0);
	assert_contains(out, "audit chain OK: 10 record(s), 10 decision(s), seq 0..9\n");
	assert_null(strstr(out, "trusted"));
}

/* cordon-ctl audit --from 300 after the ring wrapped twice: verifies, the first record trusted. */
static void test_wrap_stream_verifies(void **state)
{
	FILE *f = stream();
	(void)state;
	for (u32 i = 300; i < NREC; i++)
		put_rec(f, i, "");
	fclose(f);
	assert_int_equal(audit(NULL), 0);
	assert_contains(out, "note: stream starts at seq 300");
	assert_contains(out, "audit chain OK: 300 record(s), ");
	assert_contains(out, "seq 300..599 (the first record trusted)");
	/* with the predecessor's hash, the first record is checked too */
	assert_int_equal(audit(hexes[299]), 0);
	assert_null(strstr(out, "trusted"));
	assert_int_equal(audit(hexes[298]), 1);
	assert_contains(out, "BROKEN: seq 300 hash does not match");
}

static void write_range(FILE *f, u32 from, u32 to, u32 skip, u32 edit)
{
	for (u32 i = from; i < to; i++) {
		if (i == skip)
			continue;
		if (i == edit) {
			char line[AUDIT_TEXT + 80], *d;
			audit_format(&recs[i], line, sizeof(line));
			d = strstr(line, "decision=");
			memcpy(d + 9, d[9] == 'd' ? "perm" : "deny", 4); /* deny <-> permit's first four letters */
			fprintf(f, "cordon: audit %s\n", line);
		} else
			put_rec(f, i, "");
	}
}

static void test_edit_detected(void **state)
{
	FILE *f = stream();
	(void)state;
	write_range(f, 250, 400, ~0u, 350);
	fclose(f);
	assert_int_equal(audit(NULL), 1);
	assert_contains(out, "BROKEN: seq 350 hash does not match its text and predecessor (edited?)");
	assert_contains(out, "audit chain BROKEN: 1 problem(s)");
}

static void test_gap_detected(void **state)
{
	FILE *f = stream();
	(void)state;
	write_range(f, 250, 400, 300, ~0u);
	fclose(f);
	assert_int_equal(audit(NULL), 1);
	assert_contains(out, "BROKEN: gap: seq 300..300 missing (record missing or removed)");
	assert_contains(out, "audit chain BROKEN: 1 problem(s)"); /* the gap, and no hash complaint after it */
}

/* Detection continues after a gap: an edit further on is still named. */
static void test_edit_after_gap(void **state)
{
	FILE *f = stream();
	(void)state;
	write_range(f, 0, 100, 40, 60);
	fclose(f);
	assert_int_equal(audit(NULL), 1);
	assert_contains(out, "gap: seq 40..40 missing");
	assert_contains(out, "BROKEN: seq 60 hash does not match");
	assert_contains(out, "audit chain BROKEN: 2 problem(s)");
}

/* cordon-ctl's own gap line (the ring overwrote records before they were read) is a gap. */
static void test_ctl_gap_line(void **state)
{
	FILE *f = stream();
	(void)state;
	fputs("cordon-ctl: audit gap: records 0..343 were overwritten before they were read\n", f);
	write_range(f, 344, NREC, ~0u, ~0u);
	fclose(f);
	assert_int_equal(audit(NULL), 1);
	assert_contains(out, "gap: seq 0..343 missing (overwritten in cordon's ring before cordon-ctl read them)");
	assert_contains(out, "audit chain BROKEN: 1 problem(s) in 256 record(s)");
}

static void test_reordered(void **state)
{
	FILE *f = stream();
	(void)state;
	write_range(f, 0, 10, ~0u, ~0u);
	put_rec(f, 5, "");
	fclose(f);
	assert_int_equal(audit(NULL), 1);
	assert_contains(out, "seq 5 where 10 was expected (record reordered or repeated)");
}

static void test_usage(void **state)
{
	const char *b = getenv("B") ? getenv("B") : "build";
	char cmd[256];
	(void)state;
	snprintf(cmd, sizeof(cmd), "%s/tools/cordon-audit >/dev/null 2>&1", b);
	assert_int_equal(WEXITSTATUS(system(cmd)), 2);
	snprintf(cmd, sizeof(cmd), "%s/tools/cordon-audit --from-hash xyz /dev/null >/dev/null 2>&1", b);
	assert_int_equal(WEXITSTATUS(system(cmd)), 2);
	snprintf(cmd, sizeof(cmd), "%s/tools/cordon-audit /nonexistent >/dev/null 2>&1", b);
	assert_int_equal(WEXITSTATUS(system(cmd)), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console_log),   cmocka_unit_test(test_wrap_stream_verifies),
		cmocka_unit_test(test_edit_detected), cmocka_unit_test(test_gap_detected),
		cmocka_unit_test(test_edit_after_gap), cmocka_unit_test(test_ctl_gap_line),
		cmocka_unit_test(test_reordered),     cmocka_unit_test(test_usage),
	};
	int rc;
	make_chain();
	rc = cmocka_run_group_tests_name("cordon-audit streams", tests, NULL, NULL);
	unlink(path);
	return rc;
}
