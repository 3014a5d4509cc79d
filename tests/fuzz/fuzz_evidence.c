/* cordon fuzz target: cordon-attest's evidence parsing and verification, and its X.509 parser, on arbitrary bytes. */
/* sources: tools/attest/crypto.c tools/attest/der.c tools/attest/evidence.c tools/attest/report.c tools/attest/verify_id.c tools/attest/verify_quote.c tools/attest/x509.c tools/attest/x509_chain.c tools/refvals.c tools/refvals_parse.c tools/refvals_match.c tools/refvals_rt.c lib/mgmt/mgmt_frame.c lib/tcg/tcglog.c lib/tpm2/tpm2_mu.c lib/tpm2/tpm2_cmd.c lib/tpm2/tpm2_parse.c lib/cfg/cfg.c lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/tcg/measure_ev.c lib/sha256.c lib/fmt.c lib/str.c -ltomcrypt -ltommath */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tools/attest/verify.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                \
	do {                                                                    \
		if (!(c)) {                                                     \
			fprintf(stderr, "fuzz_evidence: check failed: %s\n", #c); \
			abort();                                                \
		}                                                               \
	} while (0)

#define NOW 1767225600 /* 2026-01-01: fixed, so runs repeat */

/* The bytes as one DER certificate; if it parses, its chain through a bundle holding only itself. */
static void x509(const u8 *d, u32 len)
{
	struct x509 c;
	struct x509_bundle self = { .n = 1, .certs = &c };
	char detail[512];
	if (x509_parse(d, len, &c))
		return;
	CHECK(c.tbs >= d && c.tbs + c.tbs_len <= d + len && c.sig + c.sig_len <= d + len);
	CHECK(c.key.n_len >= 128 && c.key.n_len <= 512 && c.key.e_len <= 4);
	CHECK(memchr(c.cn, 0, sizeof(c.cn)));
	x509_verify_chain(&c, &self, NOW, detail, sizeof(detail));
	CHECK(memchr(detail, 0, sizeof(detail)));
}

/* The bytes as an evidence file, verified as an offline run would (empty CA bundle and reference). */
static void evidence(const u8 *d, u32 len)
{
	static struct evidence e;
	static struct report r;
	static const struct refvals ref; /* nothing expected */
	static const struct x509_bundle none;
	static const u8 nonce[32];
	struct verify_in in = { .ca = &none, .ref = &ref, .nonce = nonce, .nonce_len = sizeof(nonce), .now = NOW };
	struct verify_keys k;
	char err[256];
	if (evidence_parse(&e, d, len, err, sizeof(err))) {
		CHECK(memchr(err, 0, sizeof(err)));
		evidence_free(&e);
		return;
	}
	memset(&r, 0, sizeof(r));
	verify_identity(&e, &in, &k, &r);
	verify_activation(&e, &k, &r);
	verify_quote(&e, &in, &k, &r);
	CHECK(!report_trusted(&r)); /* nothing chains to an empty bundle */
	evidence_free(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready++)
		CHECK(crypto_init() == 0);
	if (size > (1u << 22))
		return 0;
	x509(data, (u32)size);
	evidence(data, (u32)size);
	return 0;
}
