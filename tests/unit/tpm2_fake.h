/* cordon unit tests: a fake TPM transport that records commands and replays canned responses. */
#ifndef CORDON_TESTS_UNIT_TPM2_FAKE_H
#define CORDON_TESTS_UNIT_TPM2_FAKE_H
#include <lib/tpm2/tpm2.h>

#define FAKE_MAX 4 /* responses queued for one test */

struct fake {
	u8 cmd[FAKE_MAX][TPM2_BUF_MAX]; /* every command sent, in order */
	u32 cmd_len[FAKE_MAX], ncmd;
	u8 rsp[FAKE_MAX][TPM2_BUF_MAX];
	u32 rsp_len[FAKE_MAX], nrsp;
	u32 rc;	       /* what xfer returns (TPM2_OK unless a test sets a transport error) */
	u32 claim_len; /* if set, the length xfer reports instead of the real one */
};

static struct fake fk;
static struct tpm_dev fdev;

/* Spec-style hex with spaces ("8001 0000000a 00000000") into bytes; returns the length. */
static inline u32 unhex(const char *s, u8 *out)
{
	u32 n = 0;
	int hi = -1;
	for (; *s; s++) {
		int v = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;
		if (v < 0)
			continue;
		if (hi < 0)
			hi = v;
		else {
			out[n++] = (u8)(hi << 4 | v);
			hi = -1;
		}
	}
	return n;
}

static inline u32 fake_xfer(void *ctx, const u8 *cmd, u32 cmd_len, u8 *rsp, u32 rsp_cap, u32 *rsp_len)
{
	struct fake *f = ctx;
	u32 i = f->ncmd;
	if (i >= FAKE_MAX || i >= f->nrsp)
		return TPM2_E_TRANSPORT;
	memcpy(f->cmd[i], cmd, cmd_len);
	f->cmd_len[i] = cmd_len;
	f->ncmd++;
	if (f->rc)
		return f->rc;
	memcpy(rsp, f->rsp[i], f->rsp_len[i] < rsp_cap ? f->rsp_len[i] : rsp_cap);
	*rsp_len = f->claim_len ? f->claim_len : f->rsp_len[i];
	return TPM2_OK;
}

static inline void fake_reset(void)
{
	memset(&fk, 0, sizeof(fk));
	fdev.xfer = fake_xfer;
	fdev.ctx = &fk;
}

/* Queues a response from raw bytes, patching responseSize to len (so only the body is under test). */
static inline void fake_rsp(const u8 *b, u32 len)
{
	u8 *r = fk.rsp[fk.nrsp];
	memcpy(r, b, len);
	if (len >= 6) {
		r[2] = (u8)(len >> 24);
		r[3] = (u8)(len >> 16);
		r[4] = (u8)(len >> 8);
		r[5] = (u8)len;
	}
	fk.rsp_len[fk.nrsp++] = len;
}

/* Queues a response given as hex, its size field patched like fake_rsp. */
static inline void fake_rsp_hex(const char *hex)
{
	static u8 b[TPM2_BUF_MAX];
	fake_rsp(b, unhex(hex, b));
}

/* Queues a response given as hex exactly, size field included (for the header checks). */
static inline void fake_rsp_raw(const char *hex)
{
	fk.rsp_len[fk.nrsp] = unhex(hex, fk.rsp[fk.nrsp]);
	fk.nrsp++;
}

/* Asserts that command i was exactly the bytes in hex. */
static inline void expect_cmd(u32 i, const char *hex)
{
	static u8 want[TPM2_BUF_MAX];
	u32 n = unhex(hex, want);
	assert_true(i < fk.ncmd);
	assert_int_equal(fk.cmd_len[i], n);
	assert_memory_equal(fk.cmd[i], want, n);
}

#endif
