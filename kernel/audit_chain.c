/* cordon core: canonical audit record text and its hash chain (pure; shared with tools/cordon-audit). */
#include "audit.h"
#include "fmt.h"
#include "sha256.h"
#include "str.h"

void audit_make(struct audit_rec *r, const u8 prev[32], u64 seq, u64 tsc, const char *op, const char *subj,
		const char *subj_label, const char *obj, const char *obj_label, const char *decision)
{
	struct sha256_ctx c;
	r->seq = seq;
	fmt_snprintf(r->text, sizeof(r->text), "seq=%llu t=%llu op=%s subj=%s/%s obj=%s/%s decision=%s", seq, tsc, op,
		     subj, subj_label, obj, obj_label, decision);
	sha256_init(&c);
	sha256_update(&c, prev, 32);
	sha256_update(&c, r->text, c_strlen(r->text));
	sha256_final(&c, r->hash);
}
