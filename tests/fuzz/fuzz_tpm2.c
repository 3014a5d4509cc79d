/* cordon fuzz target: TPM 2.0 decoders, sealed blobs and command responses (lib/tpm2/) on arbitrary bytes. */
/* sources: lib/tpm2/tpm2_mu.c lib/tpm2/tpm2_cmd.c lib/tpm2/tpm2_keys.c lib/tpm2/tpm2_pcr.c lib/tpm2/tpm2_attest.c lib/tpm2/tpm2_parse.c lib/tpm2/tpm2_rc.c lib/tpm2/tpm2_seal.c lib/tpm2/seal_blob.c lib/sha256.c lib/str.c */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/tpm2/seal_blob.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                \
	do {                                                                    \
		if (!(c)) {                                                     \
			fprintf(stderr, "fuzz_tpm2: check failed: %s\n", #c);  \
			abort();                                                \
		}                                                               \
	} while (0)

/* A pointer the decoders return must lie inside the bytes they were given. */
#define INSIDE(p, n, b, len) CHECK((n) == 0 || ((p) >= (b) && (p) + (n) <= (b) + (len)))

/*
 * The fake TPM: input after the selector byte is a list of responses, each a
 * big-endian u16 length and that many bytes (the last one may be cut short).
 */
static const u8 *rsp_at;
static u32 rsp_left;

static u32 fake_xfer(void *ctx, const u8 *cmd, u32 cmd_len, u8 *rsp, u32 rsp_cap, u32 *rsp_len)
{
	u32 n;
	(void)ctx, (void)cmd, (void)cmd_len;
	if (rsp_left < 2)
		return TPM2_E_TRANSPORT;
	n = (u32)rsp_at[0] << 8 | rsp_at[1];
	rsp_at += 2;
	rsp_left -= 2;
	if (n > rsp_left)
		n = rsp_left;
	if (n > rsp_cap)
		return TPM2_E_TRANSPORT;
	memcpy(rsp, rsp_at, n);
	rsp_at += n;
	rsp_left -= n;
	*rsp_len = n;
	return TPM2_OK;
}

static void parsers(u8 which, const u8 *b, u32 len)
{
	struct tpm2_pub_info pi;
	struct tpm2_quote_info q;
	struct tpm2_sig_info si;
	struct seal_blob sb;
	u8 name[34];
	if (which == 0 && tpm2_pub_parse(b, len, &pi) == TPM2_OK) {
		INSIDE(pi.policy, pi.policy_len, b, len);
		INSIDE(pi.modulus, pi.modulus_len, b, len);
		CHECK(tpm2_name(b, len, name) == (pi.name_alg == TPM_ALG_SHA256 ? TPM2_OK : TPM2_E_MALFORMED));
	}
	if (which == 1 && tpm2_quote_parse(b, len, &q) == TPM2_OK) {
		INSIDE(q.extra, q.extra_len, b, len);
		INSIDE(q.pcr_digest, q.pcr_digest_len, b, len);
		CHECK(q.magic == TPM_GENERATED_VALUE && q.pcr_mask < (1u << 24));
	}
	if (which == 2 && tpm2_sig_parse(b, len, &si) == TPM2_OK)
		INSIDE(si.sig, si.sig_len, b, len);
	if (which == 3 && !seal_blob_parse(b, len, &sb)) {
		INSIDE(sb.pub, sb.pub_len, b, len);
		INSIDE(sb.priv, sb.priv_len, b, len);
		CHECK(sb.pcr_mask && sb.pcr_mask < (1u << 24));
	}
	tpm2_rc_str(len);
}

static void pub_and_quote(struct tpm_dev *d)
{
	static u8 attest[TPM2_MAX_ATTEST], sig[TPM2_MAX_SIG], tmpl[TPM2_MAX_PUBLIC];
	struct tpm_wr w = { .p = tmpl, .cap = sizeof(tmpl) };
	struct tpm2_pub pub;
	struct tpm2_sig_info si;
	u16 alen, slen;
	u32 h;
	tpm2_tmpl_ak_rsa(&w);
	if (tpm2_create_primary(d, TPM_RH_ENDORSEMENT, tmpl, (u16)w.len, &h, &pub) == TPM2_OK)
		CHECK(pub.len <= sizeof(pub.b));
	if (tpm2_quote(d, h, (const u8 *)"nonce", 5, 0x7ff, attest, &alen, sig, &slen) == TPM2_OK)
		CHECK(alen <= TPM2_MAX_ATTEST && slen <= TPM2_MAX_SIG && tpm2_sig_parse(sig, slen, &si) == TPM2_OK);
}

static void commands(u8 which, struct tpm_dev *d)
{
	static u8 pcrs[24][32], buf[2048], out[TPM2_MAX_SEALED], blob[SEAL_BLOB_MAX];
	struct seal_blob sb;
	u8 sha[32];
	u16 n;
	u32 len, s;
	switch (which % 8) {
	case 0:
		tpm2_pcr_event(d, 10, "event", 5, sha);
		break;
	case 1:
		tpm2_pcr_read(d, 0xffffff, pcrs);
		break;
	case 2:
		pub_and_quote(d);
		break;
	case 3:
		if (tpm2_nv_read_all(d, TPM_NV_EK_CERT_RSA, buf, sizeof(buf), &len) == TPM2_OK)
			CHECK(len <= sizeof(buf));
		break;
	case 4:
		if (tpm2_start_policy_session(d, &s) == TPM2_OK && tpm2_unseal(d, 0x80000001, s, out, &n) == TPM2_OK)
			CHECK(n <= TPM2_MAX_SEALED);
		break;
	case 5:
		tpm2_get_random(d, buf, 100);
		break;
	case 6:
		if (tpm2_activate_credential(d, 1, 2, 3, buf, 10, buf, 10, out, &n) == TPM2_OK)
			CHECK(n <= TPM2_MAX_DIGEST);
		break;
	default:
		/* whatever the TPM answered, a blob that parses must go back through unsealing */
		if (seal_create(d, 0x300, (const u8(*)[32])pcrs, (const u8 *)"s", 1, blob, sizeof(blob), &len) ==
			    TPM2_OK &&
		    !seal_blob_parse(blob, len, &sb))
			seal_unseal(d, &sb, out, &n);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tpm_dev dev = { .xfer = fake_xfer };
	if (size < 1 || size > 65536)
		return 0;
	if (data[0] < 0x80) {
		parsers(data[0] & 3, data + 1, (u32)size - 1);
		return 0;
	}
	rsp_at = data + 1;
	rsp_left = (u32)size - 1;
	commands(data[0], &dev);
	return 0;
}
