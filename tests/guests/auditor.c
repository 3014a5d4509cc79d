/* cordon test guest: a privileged VM reads the audit ring by hypercall and checks its hash chain itself. */
#include "guest.h"
#include "sha256.h"

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

int main(void)
{
	u64 want = 4, count = 0, ok = 0;
	u8 prev[32] = { 0 };
	for (int i = 0; i < 2000 && count < want; i++) { /* wait until the other VMs' denials are in */
		hcall2(CORDON_HC_AUDIT_READ, 0, (u64)rec, sizeof(rec), &count);
		hc_yield();
	}
	for (u64 seq = 0; seq < count; seq++) {
		if (hcall(CORDON_HC_AUDIT_READ, seq, (u64)rec, sizeof(rec)) != CORDON_OK)
			break;
		print_stable();
		ok += link_ok(prev);
	}
	gprintf("audit trail read by hypercall: %llu record(s), %llu chained correctly\n", count, ok);
	return !(count >= want && ok == count);
}
