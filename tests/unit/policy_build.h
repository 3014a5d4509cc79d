/* cordon unit tests: small binary policies built in memory from a compact description (for the policy-change tests). */
#ifndef CORDON_TESTS_POLICY_BUILD_H
#define CORDON_TESTS_POLICY_BUILD_H
#include <string.h>
#include <cordon/policy.h>
#include <lib/sha256.h>

/*
 * STE types "net-a", "net-b", "net-c"; CW types "red", "blue", "gold"; each
 * label given as "name:STE-mask:CW-mask" fields; conflict sets as CW masks.
 */
struct pb_label {
	const char *name;
	u64 ste, cw;
};

/* Writes the policy into out (8-byte aligned, large enough) and returns its size. */
static inline u32 pb_build(u64 *out, const char *name, const struct pb_label *l, u32 nl, const u64 *conf, u32 nc)
{
	static const char *const ste[] = { "net-a", "net-b", "net-c" }, *const cw[] = { "red", "blue", "gold" };
	u8 *b = (u8 *)out, *q = b + sizeof(struct policy_hdr);
	u32 size = (u32)policy_size(3, 3, nl, nc);
	struct policy_hdr *h = (struct policy_hdr *)b;
	memset(b, 0, size);
	*h = (struct policy_hdr){ .magic = POLICY_MAGIC, .version = POLICY_VERSION, .size = size, .nste = 3, .ncw = 3,
				  .nlabels = nl, .nconflicts = nc };
	strcpy(h->name, name);
	for (u32 i = 0; i < 3; i++, q += 32)
		strcpy((char *)q, ste[i]);
	for (u32 i = 0; i < 3; i++, q += 32)
		strcpy((char *)q, cw[i]);
	for (u32 i = 0; i < nl; i++, q += sizeof(struct policy_label)) {
		struct policy_label *pl = (struct policy_label *)q;
		strcpy(pl->name, l[i].name);
		pl->ste = l[i].ste, pl->cw = l[i].cw;
	}
	for (u32 i = 0; i < nc; i++, q += sizeof(struct policy_conflict)) {
		struct policy_conflict *pc = (struct policy_conflict *)q;
		snprintf(pc->name, sizeof(pc->name), "set%u", i);
		pc->cw = conf[i];
	}
	sha256(b, size, h->digest);
	return size;
}

#endif
