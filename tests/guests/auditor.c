/* cordon test guest: a privileged VM reads the audit ring by hypercall, checks its hash chain and counts decisions. */
#include <tests/guests/guest.h>
#include <lib/sha256.h>

static char rec[512];

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* rec = "TEXT hash=HEX": checks HEX == SHA-256(prev || TEXT) and moves prev on. */
static bool link_ok(u8 prev[32])
{
	u64 n = c_strlen(rec);
	const char *h = rec + n - 64;
	u8 want[32], got[32];
	struct sha256_ctx c;
	if (n < 70 || c_memcmp(h - 6, " hash=", 6))
		return false;
	for (int i = 0; i < 32; i++) {
		int hi = hexval(h[2 * i]), lo = hexval(h[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		want[i] = (u8)(hi << 4 | lo);
	}
	sha256_init(&c);
	sha256_update(&c, prev, 32);
	sha256_update(&c, rec, (u64)(h - 6 - rec));
	sha256_final(&c, got);
	c_memcpy(prev, want, 32);
	return !c_memcmp(got, want, 32);
}

/* Prints the record without its time and hash, so runs and backends can be compared line by line. */
static void print_stable(void)
{
	char out[256];
	u64 n = 0;
	for (const char *c = rec; *c && n + 1 < sizeof(out); c++) {
		if (!c_strncmp(c, " t=", 3) || !c_strncmp(c, " hash=", 6)) {
			for (c++; *c && *c != ' '; c++)
				;
			if (!*c)
				break;
		}
		out[n++] = *c;
	}
	out[n] = 0;
	gprintf("record %s\n", out);
}

/* Decisions a record stands for: 1, or its repeats=R count (docs/SHARING.md). */
static u64 decisions_in(void)
{
	const char *r = rec;
	u64 n = 0;
	for (; *r && c_strncmp(r, " repeats=", 9); r++)
		;
	if (!*r)
		return 1;
	for (r += 9; *r >= '0' && *r <= '9'; r++)
		n = n * 10 + (u64)(*r - '0');
	return n;
}

static bool contains(const char *hay, const char *needle)
{
	u64 n = c_strlen(needle);
	for (; *hay; hay++)
		if (!c_strncmp(hay, needle, n))
			return true;
	return false;
}

/*
 * cmdline "KEY N": waits until the records containing KEY stand for N decisions (repeat
 * counts included), reading each record once as it appears and checking its link.
 */
int main(void)
{
	static char key[128];
	u64 want = 0, count = 0, next = 0, ok = 0, decisions = 0, records = 0;
	u8 prev[32] = { 0 };
	bool lost = false;
	char *sp = NULL;
	c_strlcpy(key, start_info->cmdline, sizeof(key));
	for (char *c = key; *c; c++)
		if (*c == ' ')
			sp = c;
	if (sp) {
		*sp = 0;
		for (const char *d = sp + 1; *d >= '0' && *d <= '9'; d++)
			want = want * 10 + (u64)(*d - '0');
	}
	for (int i = 0; i < 3000 && !lost && (next < 4 || decisions < want); i++) {
		hcall2(CORDON_HC_AUDIT_READ, 0, (u64)rec, sizeof(rec), &count);
		for (; next < count; next++) {
			if (hcall(CORDON_HC_AUDIT_READ, next, (u64)rec, sizeof(rec)) != CORDON_OK) {
				lost = true; /* overwritten before it could be read */
				break;
			}
			print_stable();
			ok += link_ok(prev);
			if (key[0] && contains(rec, key)) {
				decisions += decisions_in();
				records++;
			}
		}
		hc_yield();
	}
	gprintf("audit trail read by hypercall: %llu record(s), %llu chained correctly\n", next, ok);
	if (key[0])
		gprintf("'%s': %llu decision(s) in %llu record(s)\n", key, decisions, records);
	gprintf("the first record is %s\n",
		hcall(CORDON_HC_AUDIT_READ, 0, (u64)rec, sizeof(rec)) == CORDON_OK ? "still in the ring" : "gone");
	return !(next >= 4 && ok == next && !lost && decisions == want);
}
