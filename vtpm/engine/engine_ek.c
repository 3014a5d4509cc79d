/* cordon vTPM engine: before serving, start the TPM and make its RSA EK, whose Name cordon then logs. */
#include <string.h>
#include <vtpm/engine/engine.h>

/* TPM 2.0 Part 2: command codes (6.5.2), handles (7.4), algorithms (6.3), response codes (6.6). */
#define CC_STARTUP 0x00000144
#define CC_CREATE_PRIMARY 0x00000131
#define CC_FLUSH_CONTEXT 0x00000165
#define ST_NO_SESSIONS 0x8001
#define ST_SESSIONS 0x8002
#define RH_ENDORSEMENT 0x4000000b
#define RS_PW 0x40000009
#define ALG_RSA 0x0001
#define ALG_AES 0x0006
#define ALG_SHA256 0x000b
#define ALG_NULL 0x0010
#define ALG_CFB 0x0043

/*
 * TCG EK Credential Profile for TPM Family 2.0 (version 2.5), B.3.3, template
 * L-1 (RSA 2048, the default of tpm2_createek -G rsa): fixedTPM (bit 1),
 * fixedParent (4), sensitiveDataOrigin (5), adminWithPolicy (7), restricted
 * (16), decrypt (17); userWithAuth clear, so only the policy authorizes use.
 */
#define EK_ATTRIBUTES 0x000300b2u
/* Policy A (B.6.1): TPM2_PolicySecret(TPM_RH_ENDORSEMENT) from an empty digest, SHA-256. */
static const unsigned char policy_a[32] = {
	0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8, 0x1a, 0x90, 0xcc, 0x8d, 0x46, 0xa5, 0xd7, 0x24,
	0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52, 0x0b, 0x64, 0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa,
};

/* A command being built, big-endian as every TPM structure (Part 1, 18.2). */
struct wbuf {
	unsigned char b[1024];
	uint32_t n;
};

static void put(struct wbuf *w, uint32_t v, int bytes)
{
	while (bytes--)
		w->b[w->n++] = (unsigned char)(v >> (8 * bytes));
}

static void put_bytes(struct wbuf *w, const void *p, uint32_t len)
{
	if (p)
		memcpy(w->b + w->n, p, len);
	else
		memset(w->b + w->n, 0, len);
	w->n += len;
}

/* The header's size field (offset 2), once the command is whole. */
static void seal(struct wbuf *w)
{
	uint32_t n = w->n;
	w->n = 2;
	put(w, n, 4);
	w->n = n;
}

static uint32_t get(const unsigned char *p, int bytes)
{
	uint32_t v = 0;
	while (bytes--)
		v = v << 8 | *p++;
	return v;
}

/* The RSA EK's TPMT_PUBLIC (Part 2, 12.2.4) as template L-1 has it. */
static void ek_template(struct wbuf *w)
{
	put(w, ALG_RSA, 2);
	put(w, ALG_SHA256, 2);
	put(w, EK_ATTRIBUTES, 4);
	put(w, sizeof(policy_a), 2);
	put_bytes(w, policy_a, sizeof(policy_a));
	put(w, ALG_AES, 2); /* TPMT_SYM_DEF_OBJECT: AES-128 in CFB mode */
	put(w, 128, 2);
	put(w, ALG_CFB, 2);
	put(w, ALG_NULL, 2); /* TPMT_RSA_SCHEME: none (a restricted decryption key) */
	put(w, 2048, 2);     /* keyBits */
	put(w, 0, 4);	     /* exponent 0: the default, 2^16 + 1 */
	put(w, 256, 2);	     /* unique: 256 zero bytes, as the profile asks */
	put_bytes(w, NULL, 256);
}

/* TPM2_CreatePrimary (Part 3, 24.1) in the endorsement hierarchy, with an empty password session. */
static void create_primary(struct wbuf *w)
{
	uint32_t at;
	put(w, ST_SESSIONS, 2);
	put(w, 0, 4);
	put(w, CC_CREATE_PRIMARY, 4);
	put(w, RH_ENDORSEMENT, 4);
	put(w, 9, 4);	  /* authorizationSize: one TPMS_AUTH_COMMAND */
	put(w, RS_PW, 4); /* the password session, empty nonce, no attributes, empty password */
	put(w, 0, 2);
	put(w, 0, 1);
	put(w, 0, 2);
	put(w, 4, 2); /* TPM2B_SENSITIVE_CREATE: empty userAuth and data */
	put(w, 0, 4);
	at = w->n; /* TPM2B_PUBLIC: its size, then the template */
	put(w, 0, 2);
	ek_template(w);
	w->b[at] = (unsigned char)((w->n - at - 2) >> 8);
	w->b[at + 1] = (unsigned char)(w->n - at - 2);
	put(w, 0, 2); /* outsideInfo: empty */
	put(w, 0, 4); /* creationPCR: no selection */
	seal(w);
}

/* One command through libtpms; the response code, or TPM_RC_FAILURE (0x101) for a malformed answer. */
static uint32_t run(const struct wbuf *w, unsigned char **rsp, uint32_t *len)
{
	static unsigned char *buf;
	static uint32_t cap;
	*len = 0;
	if (TPMLIB_Process(&buf, len, &cap, (unsigned char *)w->b, w->n) || *len < 10 || get(buf + 2, 4) != *len)
		return 0x101;
	*rsp = buf;
	return get(buf + 6, 4);
}

/* A sized field at *off inside [0, len): advances past it; NULL if it would run off the end. */
static const unsigned char *sized(const unsigned char *r, uint32_t len, uint32_t *off, uint32_t *size)
{
	const unsigned char *p;
	if (*off + 2 > len)
		return NULL;
	*size = get(r + *off, 2);
	if (*off + 2 + *size > len)
		return NULL;
	p = r + *off + 2;
	*off += 2 + *size;
	return p;
}

/*
 * The CreatePrimary response (Part 3, 24.1): handle, parameterSize, then
 * outPublic, creationData, creationHash, creationTicket (tag, hierarchy,
 * digest) and name, each sized. The name must be SHA-256 sized (Part 1, 16).
 */
static int parse_name(const unsigned char *r, uint32_t len, uint32_t *handle, unsigned char name[EK_NAME_LEN])
{
	uint32_t off = 18, size = 0;
	const unsigned char *p = NULL;
	if (len < 18)
		return -1;
	*handle = get(r + 10, 4);
	for (int i = 0; i < 3; i++)
		if (!sized(r, len, &off, &size))
			return -1;
	off += 6; /* creationTicket's tag and hierarchy */
	if (!sized(r, len, &off, &size) || !(p = sized(r, len, &off, &size)) || size != EK_NAME_LEN ||
	    get(p, 2) != ALG_SHA256)
		return -1;
	memcpy(name, p, EK_NAME_LEN);
	return 0;
}

const char *engine_make_ek(unsigned char name[EK_NAME_LEN], uint32_t *rc)
{
	struct wbuf w = { .n = 0 };
	unsigned char *r = NULL;
	uint32_t len, handle;
	put(&w, ST_NO_SESSIONS, 2); /* TPM2_Startup(TPM_SU_CLEAR) (Part 3, 9.3) */
	put(&w, 12, 4);
	put(&w, CC_STARTUP, 4);
	put(&w, 0, 2);
	if ((*rc = run(&w, &r, &len)))
		return "TPM2_Startup failed";
	w.n = 0;
	create_primary(&w);
	if ((*rc = run(&w, &r, &len)))
		return "TPM2_CreatePrimary of the EK failed";
	if (parse_name(r, len, &handle, name))
		return "the EK's CreatePrimary response is malformed";
	w.n = 0; /* TPM2_FlushContext (Part 3, 28.4): the guest makes its own EK; the seed gives the same one */
	put(&w, ST_NO_SESSIONS, 2);
	put(&w, 14, 4);
	put(&w, CC_FLUSH_CONTEXT, 4);
	put(&w, handle, 4);
	if ((*rc = run(&w, &r, &len)))
		return "TPM2_FlushContext of the EK failed";
	return NULL;
}
