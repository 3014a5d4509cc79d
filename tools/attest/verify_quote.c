/* cordon-attest: quote checks: signature, freshness, PCR selection, log replay, reference values. */
#include <stdio.h>
#include <string.h>
#include <tools/attest/verify.h>

/* PCRs the quote must cover: the firmware's 0-7 and cordon's 8-10 (lib/tcg/measure_ev.h). */
#define QUOTE_MASK MEV_QUOTE_MASK

static void signature(const struct evidence *e, const struct verify_keys *k, struct report *r)
{
	struct tpm2_sig_info s;
	u8 exp[4];
	struct crypto_rsa key;
	if (!k->ak_ok) {
		report_check(r, "signature", CHECK_SKIPPED, "quote signature: no acceptable AK to check it with");
		return;
	}
	key = verify_tpm_rsa(&k->ak, exp);
	if (!e->attest.p)
		report_check(r, "signature", CHECK_FAILED, "quote signature: no attest structure to check it over");
	else if (!e->sig.p || tpm2_sig_parse(e->sig.p, e->sig.len, &s) != TPM2_OK || s.alg != TPM_ALG_RSASSA ||
	    s.hash != TPM_ALG_SHA256)
		report_check(r, "signature", CHECK_FAILED, "quote signature missing or not RSASSA with SHA-256");
	else if (!crypto_rsa_verify(&key, CRYPTO_SHA256, e->attest.p, e->attest.len, s.sig, s.sig_len))
		report_check(r, "signature", CHECK_FAILED, "quote signature does not verify with the AK");
	else
		report_check(r, "signature", CHECK_OK, "quote signed by the AK");
}

static void fresh(const struct tpm2_quote_info *q, const struct verify_in *in, struct report *r)
{
	if (q->extra_len == in->nonce_len && memcmp(q->extra, in->nonce, in->nonce_len) == 0)
		report_check(r, "fresh", CHECK_OK, "quote fresh (it answers our %u-byte nonce)", in->nonce_len);
	else
		report_check(r, "fresh", CHECK_FAILED, "quote not fresh: answered to another nonce");
}

static void selection(const struct tpm2_quote_info *q, struct report *r)
{
	if (q->pcr_hash == TPM_ALG_SHA256 && (q->pcr_mask & QUOTE_MASK) == QUOTE_MASK)
		report_check(r, "pcr-selection", CHECK_OK, "quote covers PCRs 0-10 in the SHA-256 bank");
	else
		report_check(r, "pcr-selection", CHECK_FAILED,
			     "quote does not cover PCRs 0-10 in the SHA-256 bank (bank 0x%04x, PCRs 0x%06x)", q->pcr_hash,
			     q->pcr_mask);
}

/* Counts the events of an opened log into out ("what (N events)", noting a malformed tail); returns N. */
static u32 count(struct tcg_iter *it, const char *what, char *out, size_t cap)
{
	struct tcg_event ev;
	u32 n = 0;
	int rc;
	while ((rc = tcglog_next(it, &ev)) == 1)
		n++;
	snprintf(out, cap, "%s (%u events%s)", what, n, rc < 0 ? ", then malformed" : "");
	return n;
}

/* Which logs were supplied and how many events each has; returns the firmware's (log and final events). */
static u32 describe_logs(const struct evidence *e, char *out, size_t cap)
{
	u32 firmware = 0;
	struct tcg_iter it;
	struct tcg_spec spec = { 0 };
	char fw[64], fin[64], rt[64];
	snprintf(fw, sizeof(fw), "no firmware log");
	snprintf(fin, sizeof(fin), "no final events");
	snprintf(rt, sizeof(rt), "no runtime log");
	if (e->fw_log.p && tcglog_open(&it, e->fw_log.p, e->fw_log.len) == NULL) {
		spec = it.spec;
		firmware += count(&it, "firmware log", fw, sizeof(fw));
	} else if (e->fw_log.p) {
		snprintf(fw, sizeof(fw), "malformed firmware log");
	}
	if (e->fw_final.p && spec.nalgs && tcglog_open_final(&it, e->fw_final.p, e->fw_final.len, &spec, 0) == NULL)
		firmware += count(&it, "final events", fin, sizeof(fin));
	else if (e->fw_final.p)
		snprintf(fin, sizeof(fin), "unreadable final events");
	if (e->rt_log.p && tcglog_open(&it, e->rt_log.p, e->rt_log.len) == NULL)
		count(&it, "runtime log", rt, sizeof(rt));
	else if (e->rt_log.p)
		snprintf(rt, sizeof(rt), "malformed runtime log");
	snprintf(out, cap, "%s, %s, %s", fw, fin, rt);
	return firmware;
}

static const char *severity_name(u32 s)
{
	return s == RV_ERROR ? "error" : s == RV_WARNING ? "warning" : "info";
}

/* "hypervisor, boot.cfg, policy, runtime events and each guest (a, b)": what the reference file covers. */
static void covered(const struct refvals *ref, char *out, size_t cap)
{
	static const char *const kinds[] = { "hypervisor", "boot.cfg", "policy" };
	size_t n = 0;
	out[0] = 0;
	for (u32 k = 0; k < ARRAY_SIZE(kinds); k++)
		for (u32 i = 0; i < ref->nload; i++)
			if (ref->load[i].kind == k && n < cap) {
				n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? ", " : "", kinds[k]);
				break;
			}
	if (ref->nrt && n < cap)
		n += (size_t)snprintf(out + n, cap - n, "%sruntime events", n ? ", " : "");
	for (u32 v = 0; v < ref->nvms && n < cap; v++)
		n += (size_t)snprintf(out + n, cap - n, "%s%s", v ? ", " : n ? " and each guest (" : "each guest (",
				      ref->vms[v].name);
	if (ref->nvms && n < cap)
		snprintf(out + n, cap - n, ")");
}

static void refvals(const struct rv_report *rv, const struct refvals *ref, struct report *r)
{
	char what[REPORT_DETAIL - 64];
	r->policy_known = rv->policy.known;
	r->policy_changed = rv->policy.changed;
	r->policy_accepted = rv->policy.accepted;
	r->policy_serial = rv->policy.serial;
	snprintf(r->policy_name, sizeof(r->policy_name), "%s", rv->policy.name);
	mev_hex(rv->policy.sha256, r->policy_sha256);
	for (r->nvtpm = 0; r->nvtpm < rv->nvtpm && r->nvtpm < REPORT_MAX_VTPM; r->nvtpm++) {
		snprintf(r->vtpm[r->nvtpm].client, sizeof(r->vtpm[0].client), "%s", rv->vtpm[r->nvtpm].client);
		snprintf(r->vtpm[r->nvtpm].ek_name, sizeof(r->vtpm[0].ek_name), "%s", rv->vtpm[r->nvtpm].ek_name);
	}
	for (u32 i = 0; i < rv->n; i++)
		report_finding(r, severity_name(rv->f[i].severity), rv->f[i].component, rv->f[i].msg);
	if (rv->errors) {
		report_check(r, "refvals", CHECK_FAILED, "%u events differ from the reference values", rv->errors);
		return;
	}
	covered(ref, what, sizeof(what));
	snprintf(r->summary, sizeof(r->summary), "%s match the reference values", what);
	report_check(r, "refvals", CHECK_OK, "%s", r->summary);
}

/* The logs replayed (refvals_match replays while it matches) against the PCR digest the TPM signed. */
static void logs(const struct evidence *e, const struct tpm2_quote_info *q, const struct verify_in *in,
		 struct report *r)
{
	struct rv_logs l = { .fw = e->fw_log.p, .fw_len = e->fw_log.len, .final = e->fw_final.p,
			     .final_len = e->fw_final.len, .rt = e->rt_log.p, .rt_len = e->rt_log.len };
	struct rv_report rv;
	u8 digest[32];
	char what[256];
	r->fw_events = describe_logs(e, what, sizeof(what));
	if (refvals_match(in->ref, &l, &rv) < 0) {
		report_check(r, "log-replay", CHECK_FAILED, "out of memory while matching the logs");
		refvals_report_free(&rv);
		return;
	}
	tcglog_pcr_digest(&rv.replay, q->pcr_mask, digest);
	if (q->pcr_digest_len != sizeof(digest) || memcmp(q->pcr_digest, digest, sizeof(digest))) {
		report_check(r, "log-replay", CHECK_FAILED,
			     "event log does not match the quote (edited or truncated): supplied %s", what);
		report_check(r, "refvals", CHECK_SKIPPED, "reference values: the logs are not what the TPM quoted");
	} else {
		report_check(r, "log-replay", CHECK_OK, "%s replay to the quoted PCR digest", what);
		refvals(&rv, in->ref, r);
	}
	refvals_report_free(&rv);
}

static void skip_from(struct report *r, int first, const char *why)
{
	static const char *const names[] = { "signature", "attest", "fresh", "pcr-selection", "log-replay", "refvals" };
	for (u32 i = (u32)first; i < ARRAY_SIZE(names); i++)
		report_check(r, names[i], CHECK_SKIPPED, "%s: %s", names[i], why);
}

void verify_quote(const struct evidence *e, const struct verify_in *in, const struct verify_keys *k, struct report *r)
{
	struct tpm2_quote_info q;
	if (!e->frame[EVID_F_QUOTE]) {
		skip_from(r, 0, e->refused[EVID_F_QUOTE][0] ? e->refused[EVID_F_QUOTE] : "no quote received");
		return;
	}
	signature(e, k, r);
	if (!e->attest.p || tpm2_quote_parse(e->attest.p, e->attest.len, &q) != TPM2_OK) {
		report_check(r, "attest", CHECK_FAILED, "quote missing, or not a TPM-generated TPMS_ATTEST of type quote");
		skip_from(r, 2, "no readable quote");
		return;
	}
	report_check(r, "attest", CHECK_OK, "TPM-generated quote (TPMS_ATTEST magic and type)");
	fresh(&q, in, r);
	selection(&q, r);
	logs(e, &q, in, r);
}
