/* cordon fuzz target: the management-request parser (lib/mgmt/ctl_req.c) on arbitrary item bytes. */
/* sources: lib/mgmt/ctl_req.c lib/mgmt/mgmt_frame.c lib/str.c lib/sha256.c */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/mgmt/ctl_req.h>
#include <lib/mgmt/mgmt_frame.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                  \
	do {                                                                      \
		if (!(c)) {                                                       \
			fprintf(stderr, "fuzz_ctl_req: check failed: %s\n", #c);  \
			abort();                                                  \
		}                                                                 \
	} while (0)

static bool inside(const u8 *p, u32 len, const u8 *x, u32 n)
{
	return x >= p && x + n <= p + len;
}

/* An accepted request only points inside its payload, has what its operation needs, and signs its prefix. */
static void check_accepted(const u8 *p, u32 len, const struct ctl_req *r)
{
	u8 d[32];
	CHECK(r->op != 0 && strcmp(ctl_op_name(r->op), "?"));
	CHECK(r->nvm <= CTL_MAX_VMS);
	for (u32 i = 0; i < r->nvm; i++)
		CHECK(strlen(r->vm[i]) >= 1 && strlen(r->vm[i]) < CFG_NAME_MAX);
	CHECK(!r->policy || inside(p, len, r->policy, r->policy_len));
	CHECK(!r->policy_sig || inside(p, len, r->policy_sig, r->policy_sig_len));
	if (r->sig) {
		CHECK(inside(p, len, r->sig, r->sig_len) && r->sig_len <= CTL_SIG_MAX);
		CHECK(r->signed_len + MGMT_ITEM_HDR + r->sig_len == len); /* the signature is the last item */
		ctl_req_digest(MGMT_CTL_REQ, p, r->signed_len, d);
	}
	if (r->op == MGMT_OP_POLICY_LOAD)
		CHECK(r->policy && r->policy_sig);
	if (r->op == MGMT_OP_AUDIT)
		CHECK(r->has_seq);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_req r;
	u8 *p;
	if (size > 65536)
		return 0;
	p = malloc(size ? size : 1); /* an exact-size copy, so ASan sees any read past the end */
	memcpy(p, data, size);
	if (!ctl_req_parse(p, (u32)size, &r))
		check_accepted(p, (u32)size, &r);
	free(p);
	return 0;
}
