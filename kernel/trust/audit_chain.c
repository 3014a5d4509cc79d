/* cordon core: canonical audit record text and its hash chain (pure; shared with tools/cordon-audit). */
#include <kernel/trust/audit.h>
#include <lib/fmt.h>
#include <lib/sha256.h>
#include <lib/str.h>

u64 audit_format(const struct audit_rec *r, char *buf, u64 size)
{
	char hex[65];
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = "0123456789abcdef"[r->hash[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[r->hash[i] & 15];
	}
	hex[64] = 0;
	return fmt_snprintf(buf, size, "%s hash=%s", r->text, hex);
}

u64 audit_key(char *buf, u64 size, const char *op, const char *subj, const char *subj_label, const char *obj,
	      const char *obj_label, const char *decision)
{
	return fmt_snprintf(buf, size, "op=%s subj=%s/%s obj=%s/%s decision=%s", op, subj, subj_label, obj, obj_label,
			    decision);
}

void audit_make(struct audit_rec *r, const u8 prev[32], u64 seq, u64 tsc, const char *key, u64 repeats)
{
	struct sha256_ctx c;
	r->seq = seq;
	if (repeats)
		fmt_snprintf(r->text, sizeof(r->text), "seq=%llu t=%llu %s repeats=%llu", seq, tsc, key, repeats);
	else
		fmt_snprintf(r->text, sizeof(r->text), "seq=%llu t=%llu %s", seq, tsc, key);
	sha256_init(&c);
	sha256_update(&c, prev, 32);
	sha256_update(&c, r->text, c_strlen(r->text));
	sha256_final(&c, r->hash);
}
