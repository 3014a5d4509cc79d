/* cordon-attest: what cordon sent (identity and quote), the nonce asked for, and the evidence file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tools/attest/evidence.h>
#include <lib/mgmt/mgmt_frame.h>
#include <tools/attest/report.h>
#include <tools/refvals.h>

#define MAX_FILE (EVID_NFRAMES * (MGMT_HDR_SIZE + MGMT_MAX_FRAME))

void evidence_init(struct evidence *e)
{
	memset(e, 0, sizeof(*e));
	e->activation = EVID_ACT_REFUSED;
	snprintf(e->activation_detail, sizeof(e->activation_detail), "activation was not attempted");
}

void evidence_free(struct evidence *e)
{
	for (int i = 0; i < EVID_NFRAMES; i++)
		free(e->frame[i]);
	evidence_init(e);
}

static u32 be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

static void item(const u8 *payload, u32 len, u16 tag, struct evid_item *it)
{
	it->p = mgmt_find(payload, len, tag, &it->len);
	if (!it->p)
		it->len = 0;
}

/* The verifier record: nonce, activation result and its detail (see evidence.h). */
static const char *take_record(struct evidence *e, const u8 *p, u32 len)
{
	struct evid_item nonce, status, text;
	item(p, len, MGMT_T_NONCE, &nonce);
	item(p, len, MGMT_T_STATUS, &status);
	item(p, len, MGMT_T_TEXT, &text);
	if (!nonce.p || nonce.len > sizeof(e->nonce) || !status.p || status.len != 4 ||
	    be32(status.p) > EVID_ACT_REFUSED)
		return "malformed verifier record";
	memcpy(e->nonce, nonce.p, nonce.len);
	e->nonce_len = nonce.len;
	e->activation = be32(status.p);
	/* printable only: the file may have been edited */
	report_printable(e->activation_detail, sizeof(e->activation_detail), text.p, text.len);
	return NULL;
}

static void take_items(struct evidence *e, int slot, const u8 *p, u32 len)
{
	if (slot == EVID_F_IDENTITY) {
		item(p, len, MGMT_T_EK_CERT, &e->ek_cert);
		item(p, len, MGMT_T_EK_PUB, &e->ek_pub);
		item(p, len, MGMT_T_AK_PUB, &e->ak_pub);
	} else if (slot == EVID_F_ACTIVATE) {
		item(p, len, MGMT_T_CERT_INFO, &e->cert_info);
	} else if (slot == EVID_F_QUOTE) {
		item(p, len, MGMT_T_ATTEST, &e->attest);
		item(p, len, MGMT_T_SIGNATURE, &e->sig);
		item(p, len, MGMT_T_PCR_MASK, &e->pcr_mask);
		item(p, len, MGMT_T_FW_LOG, &e->fw_log);
		item(p, len, MGMT_T_FW_FINAL, &e->fw_final);
		item(p, len, MGMT_T_RT_LOG, &e->rt_log);
	}
}

static int slot_of(u16 type)
{
	switch (type) {
	case EVID_RECORD: return EVID_F_RECORD;
	case MGMT_IDENTITY_RSP: return EVID_F_IDENTITY;
	case MGMT_ACTIVATE_RSP: return EVID_F_ACTIVATE;
	case MGMT_QUOTE_RSP: return EVID_F_QUOTE;
	default: return -1;
	}
}

static const char *add_frame(struct evidence *e, const u8 *frame, u32 len, bool record_ok)
{
	int slot;
	u8 *copy;
	const char *err;
	if (len < MGMT_HDR_SIZE || be32(frame + 8) != len - MGMT_HDR_SIZE)
		return "malformed frame";
	slot = slot_of((u16)(frame[4] << 8 | frame[5]));
	if (slot < 0 || (slot == EVID_F_RECORD && !record_ok))
		return "unexpected frame type";
	if (e->frame[slot])
		return "the same frame type twice";
	if ((err = mgmt_check_items(frame + MGMT_HDR_SIZE, len - MGMT_HDR_SIZE)))
		return err;
	if (!(copy = malloc(len)))
		return "out of memory";
	memcpy(copy, frame, len);
	e->frame[slot] = copy;
	e->frame_len[slot] = len;
	if (slot == EVID_F_RECORD)
		return take_record(e, copy + MGMT_HDR_SIZE, len - MGMT_HDR_SIZE);
	take_items(e, slot, copy + MGMT_HDR_SIZE, len - MGMT_HDR_SIZE);
	return NULL;
}

const char *evidence_add(struct evidence *e, const u8 *frame, u32 len)
{
	return add_frame(e, frame, len, false);
}

/* Frames back to back, the record first; the same reader as the channel, but nothing may be skipped. */
const char *evidence_parse(struct evidence *e, const u8 *buf, u32 len, char *err, size_t cap)
{
	u32 cap_rd = MGMT_HDR_SIZE + MGMT_MAX_FRAME, frames = 0;
	u8 *rdbuf = malloc(cap_rd);
	struct mgmt_rd rd;
	const char *why = NULL;
	evidence_init(e);
	if (!rdbuf)
		return snprintf(err, cap, "out of memory"), err;
	mgmt_rd_init(&rd, rdbuf, cap_rd);
	for (u32 i = 0; i < len && !why; i++) {
		if (mgmt_rd_feed(&rd, buf[i]) != 1)
			continue;
		if (rd.skipped || rd.errors)
			break;
		why = add_frame(e, rdbuf, MGMT_HDR_SIZE + rd.len, frames == 0);
		if (!why && frames++ == 0 && !e->frame[EVID_F_RECORD])
			why = "the verifier record is not first";
		mgmt_rd_reset(&rd);
	}
	if (!why && (rd.skipped || rd.errors))
		why = "bytes that are not a frame";
	else if (!why && rd.have)
		why = "truncated frame at the end";
	else if (!why && !e->frame[EVID_F_RECORD])
		why = "no verifier record";
	free(rdbuf);
	if (why)
		return snprintf(err, cap, "evidence file: %s (frame %u)", why, frames + 1), err;
	return NULL;
}

const char *evidence_load(struct evidence *e, const char *path, char *err, size_t cap)
{
	size_t n;
	char *buf = refvals_read_file(path, &n);
	const char *r;
	evidence_init(e);
	if (!buf)
		return snprintf(err, cap, "%s: %s", path, strerror(errno)), err;
	r = n > MAX_FILE ? (snprintf(err, cap, "%s: larger than any evidence file", path), err)
			 : evidence_parse(e, (const u8 *)buf, (u32)n, err, cap);
	free(buf);
	return r;
}

static u32 record_frame(const struct evidence *e, u8 *buf, u32 cap)
{
	struct mgmt_wr w;
	mgmt_begin(&w, buf, cap, EVID_RECORD);
	mgmt_item(&w, MGMT_T_NONCE, e->nonce, e->nonce_len);
	mgmt_item_u32(&w, MGMT_T_STATUS, e->activation);
	mgmt_item(&w, MGMT_T_TEXT, e->activation_detail, (u32)strlen(e->activation_detail));
	return mgmt_end(&w);
}

int evidence_save(const struct evidence *e, const char *path)
{
	u8 rec[512];
	u32 n = record_frame(e, rec, sizeof(rec));
	FILE *f = fopen(path, "wb");
	bool ok = f && n && fwrite(rec, 1, n, f) == n;
	for (int i = EVID_F_IDENTITY; ok && i < EVID_NFRAMES; i++)
		if (e->frame[i])
			ok = fwrite(e->frame[i], 1, e->frame_len[i], f) == e->frame_len[i];
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok && !errno)
		errno = EIO;
	return ok ? 0 : -1;
}
