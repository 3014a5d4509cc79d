/* cordon tests: tampers with a saved cordon-attest evidence file (edits or truncates a log) for the verifier tests. */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/mgmt/mgmt_frame.h>
#include <lib/tcg/tcglog.h>

/*
 * usage: evidence-edit IN OUT OP
 *   drop-rt N   removes the last N events of the runtime log (a truncated log)
 *   drop-fw N   removes the last N events of the firmware log
 *   edit-rt     changes one byte of the first runtime event's data (an edited log)
 * The evidence file is a sequence of management frames (tools/attest/evidence.h);
 * only the MGMT_QUOTE_RSP frame is rewritten, item by item.
 */
static u8 *slurp(const char *path, u32 *len)
{
	FILE *f = fopen(path, "rb");
	u8 *b = malloc(8u << 20);
	size_t n = f && b ? fread(b, 1, 8u << 20, f) : 0;
	if (!f || !n) {
		fprintf(stderr, "evidence-edit: cannot read %s\n", path);
		exit(2);
	}
	fclose(f);
	*len = (u32)n;
	return b;
}

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* Byte offset where the last n events of a log (with header) begin. */
static u32 cut_point(const u8 *log, u32 len, u32 n)
{
	struct tcg_iter it;
	struct tcg_event ev;
	u32 starts[4096], k = 0;
	if (tcglog_open(&it, log, len))
		return len;
	while (tcglog_next(&it, &ev) == 1 && k < 4096)
		starts[k++] = ev.offset;
	return n <= k && n ? starts[k - n] : len;
}

/* Copies the quote frame's items, changing the one op names. */
static u32 rewrite(const u8 *payload, u32 plen, const char *op, u32 n, u8 *out, u32 cap)
{
	struct mgmt_wr w;
	u32 off = 0;
	mgmt_begin(&w, out, cap, MGMT_QUOTE_RSP);
	while (off + 6 <= plen) {
		u16 tag = (u16)(payload[off] << 8 | payload[off + 1]);
		u32 len = be32(payload + off + 2);
		const u8 *v = payload + off + 6;
		u8 *copy = malloc(len ? len : 1);
		memcpy(copy, v, len);
		if (tag == MGMT_T_RT_LOG && !strcmp(op, "drop-rt"))
			len = cut_point(v, len, n);
		else if (tag == MGMT_T_FW_LOG && !strcmp(op, "drop-fw"))
			len = cut_point(v, len, n);
		else if (tag == MGMT_T_RT_LOG && !strcmp(op, "edit-rt")) {
			u8 *s = memmem(copy, len, "cordon started", 14);
			if (s)
				s[7] = 'S'; /* "cordon Started": same length, other digest */
		}
		mgmt_item(&w, tag, copy, len);
		free(copy);
		off += 6 + be32(payload + off + 2);
	}
	return mgmt_end(&w);
}

int main(int argc, char **argv)
{
	u32 len, off = 0, olen = 0;
	u8 *in, *out;
	FILE *f;
	if (argc < 4) {
		fprintf(stderr, "usage: evidence-edit IN OUT drop-rt N | drop-fw N | edit-rt\n");
		return 2;
	}
	in = slurp(argv[1], &len);
	out = malloc(len + 64);
	while (off + MGMT_HDR_SIZE <= len) {
		u16 type = (u16)(in[off + 4] << 8 | in[off + 5]);
		u32 plen = be32(in + off + 8);
		if (plen > len - off - MGMT_HDR_SIZE)
			break;
		if (type == MGMT_QUOTE_RSP)
			olen += rewrite(in + off + MGMT_HDR_SIZE, plen, argv[3], argc > 4 ? (u32)atoi(argv[4]) : 0,
					out + olen, len + 64 - olen);
		else
			memcpy(out + olen, in + off, MGMT_HDR_SIZE + plen), olen += MGMT_HDR_SIZE + plen;
		off += MGMT_HDR_SIZE + plen;
	}
	f = fopen(argv[2], "wb");
	if (!f || fwrite(out, 1, olen, f) != olen || fclose(f)) {
		fprintf(stderr, "evidence-edit: cannot write %s\n", argv[2]);
		return 2;
	}
	return 0;
}
