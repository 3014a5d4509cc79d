/* cordon unit tests: TCG event logs (lib/tcg/tcglog.c): replay, quote digest, final-events table, writer limits. */
/* sources: lib/tcg/tcglog.c lib/sha256.c lib/str.c lib/fmt.c */
#include <tests/unit/unit.h>
#include <lib/tcg/tcglog.h>
#include <lib/sha256.h>

#define SHA256 0x000B

static void test_writer_capacity(void **state)
{
	u8 buf[256], d[32] = { 0 };
	(void)state;
	assert_int_equal(tcglog_put_header(buf, TCGLOG_HEADER_SIZE - 1), 0);
	assert_int_equal(tcglog_put_header(buf, TCGLOG_HEADER_SIZE), TCGLOG_HEADER_SIZE);
	assert_int_equal(tcglog_put_event(buf, TCGLOG_EVENT_SIZE(4) - 1, 8, TCG_EV_IPL, d, "abcd", 4), 0);
	assert_int_equal(tcglog_put_event(buf, TCGLOG_EVENT_SIZE(4), 8, TCG_EV_IPL, d, "abcd", 4), TCGLOG_EVENT_SIZE(4));
	assert_int_equal(tcglog_put_event(buf, sizeof(buf), 8, TCG_EV_IPL, d, "x", TCG_MAX_EVENT_DATA + 1), 0);
}

static void extend(u8 pcr[32], const u8 d[32])
{
	u8 cat[64];
	memcpy(cat, pcr, 32);
	memcpy(cat + 32, d, 32);
	sha256(cat, 64, pcr);
}

/* Replay against values computed here with SHA-256 directly; EV_NO_ACTION does not extend. */
static void test_replay(void **state)
{
	u8 d1[32], d2[32], d3[32], want8[32] = { 0 }, want0[32] = { 0 }, zero[32] = { 0 }, cat[64], q[32];
	struct tcg_event ev = { .pcr = 8, .type = TCG_EV_IPL, .sha256 = d1 };
	struct tcg_replay r;
	(void)state;
	sha256("one", 3, d1), sha256("two", 3, d2), sha256("three", 5, d3);
	tcglog_replay_init(&r);
	assert_null(tcglog_replay_event(&r, &ev));
	ev.sha256 = d2;
	assert_null(tcglog_replay_event(&r, &ev));
	ev = (struct tcg_event){ .pcr = 0, .type = TCG_EV_SEPARATOR, .sha256 = d3 };
	assert_null(tcglog_replay_event(&r, &ev));
	ev = (struct tcg_event){ .pcr = 9, .type = TCG_EV_NO_ACTION, .sha256 = d3, .data = (const u8 *)"x", .data_len = 1 };
	assert_null(tcglog_replay_event(&r, &ev));
	extend(want8, d1), extend(want8, d2), extend(want0, d3);
	assert_memory_equal(r.pcr[8], want8, 32);
	assert_memory_equal(r.pcr[0], want0, 32);
	assert_memory_equal(r.pcr[9], zero, 32);
	assert_int_equal(r.events, 3);
	/* TPM2_Quote's pcrDigest over PCRs 0 and 8: SHA-256(PCR0 || PCR8). */
	memcpy(cat, want0, 32), memcpy(cat + 32, want8, 32);
	sha256(cat, 64, q);
	tcglog_pcr_digest(&r, 1u << 0 | 1u << 8, want0);
	assert_memory_equal(want0, q, 32);
}

/* StartupLocality (PFP 10.4.5.3) sets PCR 0's initial value, but only before PCR 0 is extended. */
static void test_startup_locality(void **state)
{
	static const u8 loc[17] = "StartupLocality\0\3";
	u8 d[32], want[32] = { 0 };
	struct tcg_event ev = { .pcr = 0, .type = TCG_EV_NO_ACTION, .data = loc, .data_len = 17 };
	struct tcg_event ext = { .pcr = 0, .type = TCG_EV_POST_CODE, .sha256 = d };
	struct tcg_replay r;
	(void)state;
	sha256("crtm", 4, d);
	tcglog_replay_init(&r);
	assert_null(tcglog_replay_event(&r, &ev));
	assert_null(tcglog_replay_event(&r, &ext));
	want[31] = 3;
	extend(want, d);
	assert_memory_equal(r.pcr[0], want, 32);
	assert_non_null(tcglog_replay_event(&r, &ev));
}

/* The quote digest of a fresh replay over PCRs 0-10: SHA-256 of 11 zero PCRs. */
static void test_quote_digest_zero(void **state)
{
	u8 zeros[11 * 32] = { 0 }, want[32], got[32];
	struct tcg_replay r;
	(void)state;
	tcglog_replay_init(&r);
	sha256(zeros, sizeof(zeros), want);
	tcglog_pcr_digest(&r, 0x7ff, got);
	assert_memory_equal(got, want, 32);
}

/* EFI_TCG2_FINAL_EVENTS_TABLE: {version 1, count} then events (TCG EFI Protocol 2.0, 6.5). */
static u32 final_table(u8 *b, u32 cap, u32 version, u32 count, u32 nev)
{
	u8 d[32] = { 0 };
	u32 n = 16;
	memset(b, 0, 16);
	b[0] = (u8)version;
	b[8] = (u8)count;
	for (u32 i = 0; i < nev; i++)
		n += tcglog_put_event(b + n, cap - n, 5, TCG_EV_ACTION, d, "Exit Boot Services", 18);
	return n;
}

static void test_final_events(void **state)
{
	static const struct tcg_spec spec = { 1, { { SHA256, 32 } } };
	u8 b[512];
	struct tcg_iter it;
	struct tcg_event ev;
	u32 n = final_table(b, sizeof(b), 1, 2, 2);
	(void)state;
	b[n] = 0xee; /* bytes after the table's last event are not the table's */
	assert_null(tcglog_open_final(&it, b, n + 1, &spec, 0));
	assert_int_equal(tcglog_next(&it, &ev), 1);
	assert_int_equal(ev.pcr, 5);
	assert_int_equal(ev.offset, 16);
	assert_int_equal(tcglog_next(&it, &ev), 1);
	assert_int_equal(tcglog_next(&it, &ev), 0);
	assert_null(tcglog_open_final(&it, b, n, &spec, 1));
	assert_int_equal(tcglog_next(&it, &ev), 1);
	assert_int_equal(tcglog_next(&it, &ev), 0);
	assert_contains(tcglog_open_final(&it, b, n, &spec, 3), "cannot skip 3 events of a table of 2");
	assert_contains(tcglog_open_final(&it, b, 15, &spec, 0), "shorter than its header");
	n = final_table(b, sizeof(b), 2, 1, 1);
	assert_contains(tcglog_open_final(&it, b, n, &spec, 0), "version is not 1");
	n = final_table(b, sizeof(b), 1, 3, 2);
	assert_null(tcglog_open_final(&it, b, n, &spec, 2));
	assert_int_equal(tcglog_next(&it, &ev), -1);
	assert_contains(it.err, "the table ends before its last event");
	/* The same events without the table header, as a plain headerless sequence. */
	n = final_table(b, sizeof(b), 1, 2, 2);
	tcglog_open_events(&it, b + 16, n - 16, &spec);
	assert_int_equal(tcglog_next(&it, &ev), 1);
	assert_int_equal(tcglog_next(&it, &ev), 1);
	assert_int_equal(tcglog_next(&it, &ev), 0);
}

/*
 * A real log: Debian's OVMF_CODE_4M.fd with swtpm (banks SHA-1, SHA-256, SHA-384). A throwaway EFI
 * application extended "cordon hypervisor hypervisor.elf" (PCR 9) and "cordon boot.cfg boot.cfg" (PCR 8)
 * through HashLogExtendEvent, called GetEventLog (-> ovmf_tcg2.log), extended "cordon policy demo.bin"
 * (-> the final-events table, ovmf_tcg2_final.bin) and read SHA-256 PCRs 0-10 with TPM2_PCR_Read
 * (-> ovmf_tcg2_pcrs.txt). The replay of log and table must give the TPM's own values.
 */
static u8 *slurp(const char *path, u32 *len)
{
	FILE *f = fopen(path, "rb");
	static u8 bufs[2][8192];
	static int k;
	u8 *b = bufs[k++ & 1];
	if (!f)
		fail_msg("%s: cannot open (run the tests from the repository root)", path);
	*len = (u32)fread(b, 1, sizeof(bufs[0]), f);
	fclose(f);
	return b;
}

static void test_ovmf_log(void **state)
{
	u32 len, flen, n = 0, idx;
	const u8 *log = slurp("tests/unit/data/ovmf_tcg2.log", &len), *fin = slurp("tests/unit/data/ovmf_tcg2_final.bin", &flen);
	struct tcg_iter it, f;
	struct tcg_event ev, last = { 0 };
	struct tcg_replay r;
	char hex[65];
	u8 want[32];
	FILE *pcrs;
	(void)state;
	tcglog_replay_init(&r);
	assert_null(tcglog_open(&it, log, len));
	assert_int_equal(it.spec.nalgs, 3);
	for (; tcglog_next(&it, &ev) == 1; n++, last = ev)
		assert_null(tcglog_replay_event(&r, &ev));
	assert_null(it.err);
	assert_int_equal(n, 27);
	assert_int_equal(last.pcr, 8); /* the last event is ours, written by the firmware */
	assert_memory_equal(last.data, "cordon boot.cfg boot.cfg", last.data_len);
	assert_null(tcglog_open_final(&f, fin, flen, &it.spec, 0));
	assert_int_equal(tcglog_next(&f, &ev), 1);
	assert_memory_equal(ev.data, "cordon policy demo.bin", ev.data_len);
	assert_null(tcglog_replay_event(&r, &ev));
	assert_int_equal(tcglog_next(&f, &ev), 0);
	pcrs = fopen("tests/unit/data/ovmf_tcg2_pcrs.txt", "r");
	assert_non_null(pcrs);
	for (n = 0; fscanf(pcrs, "%u %64s", &idx, hex) == 2; n++) {
		for (u32 i = 0; i < 32; i++)
			sscanf(hex + 2 * i, "%2hhx", &want[i]);
		assert_memory_equal(r.pcr[idx], want, 32);
	}
	fclose(pcrs);
	assert_int_equal(n, 11);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writer_capacity),	 cmocka_unit_test(test_replay),
		cmocka_unit_test(test_startup_locality), cmocka_unit_test(test_quote_digest_zero),
		cmocka_unit_test(test_final_events),	 cmocka_unit_test(test_ovmf_log),
	};
	return cmocka_run_group_tests_name("tcglog_replay", tests, NULL, NULL);
}
