/* cordon: the management channel protocol between cordon and a remote verifier (framing and items). */
#ifndef CORDON_MGMT_H
#define CORDON_MGMT_H
#include <cordon/types.h>

/*
 * The channel is a byte stream (the second 16550 UART, COM2 at 0x2f8; under
 * QEMU a UNIX socket). Every message is one frame, all integers big-endian:
 *
 *   u32 magic "CMG1" | u16 type | u16 reserved (0) | u32 length | length bytes of items
 *
 * Items are TLVs: u16 tag | u32 length | bytes. A receiver skips bytes until
 * the magic (firmware may have printed on the port), refuses lengths above
 * MGMT_MAX_FRAME, and ignores item tags it does not know. TPM structures are
 * carried exactly as the TPM produced them. See docs/ATTESTATION.md.
 */
#define MGMT_MAGIC 0x434d4731u /* "CMG1" */
#define MGMT_HDR_SIZE 12
#define MGMT_MAX_FRAME (512u * 1024)

enum mgmt_type {
	MGMT_READY = 0x01,	  /* cordon -> verifier: the channel is up (no items) */
	MGMT_IDENTITY_REQ = 0x10, /* -> EK certificate, EK and AK public areas */
	MGMT_IDENTITY_RSP = 0x11,
	MGMT_ACTIVATE_REQ = 0x12, /* credential blob + secret -> recovered certInfo */
	MGMT_ACTIVATE_RSP = 0x13,
	MGMT_QUOTE_REQ = 0x14, /* nonce -> quote, signature, logs */
	MGMT_QUOTE_RSP = 0x15,
	MGMT_CHALLENGE_REQ = 0x20, /* cordon-ctl -> a fresh challenge for the next signed request */
	MGMT_CHALLENGE_RSP = 0x21, /* MGMT_T_CHALLENGE */
	MGMT_CTL_REQ = 0x22,	   /* a management request (docs/MANAGEMENT.md) */
	MGMT_CTL_RSP = 0x23,	   /* MGMT_T_STATUS, MGMT_T_TEXT, then what the operation returns */
	MGMT_ERROR = 0x7f, /* status + text */
	/* 0x70 is taken by cordon-attest's evidence files (a verifier record), never sent on the channel. */
};

enum mgmt_tag {
	MGMT_T_EK_CERT = 1,  /* DER X.509 from NV index 0x01c00002 */
	MGMT_T_EK_PUB = 2,   /* TPM2B_PUBLIC of the EK as CreatePrimary returned it */
	MGMT_T_AK_PUB = 3,   /* TPM2B_PUBLIC of the AK */
	MGMT_T_CRED_BLOB = 4, /* TPM2B_ID_OBJECT body (MakeCredential credentialBlob) */
	MGMT_T_CRED_SECRET = 5, /* TPM2B_ENCRYPTED_SECRET body */
	MGMT_T_CERT_INFO = 6, /* TPM2B_DIGEST body ActivateCredential returned */
	MGMT_T_NONCE = 7,    /* verifier nonce, 16..64 bytes */
	MGMT_T_ATTEST = 8,   /* TPM2B_ATTEST body (a TPMS_ATTEST) */
	MGMT_T_SIGNATURE = 9, /* TPMT_SIGNATURE */
	MGMT_T_FW_LOG = 10,  /* firmware event log, crypto-agile, with its Spec ID header */
	MGMT_T_FW_FINAL = 11, /* an EFI final-events table (u64 version 1, u64 count, events) holding only the
			       * events logged after the loader copied MGMT_T_FW_LOG (ExitBootServices) */
	MGMT_T_RT_LOG = 12,  /* cordon's runtime log (PCR 10), crypto-agile with header */
	MGMT_T_TEXT = 13,    /* UTF-8 text (error reason) */
	MGMT_T_PCR_MASK = 14, /* u32: PCRs the quote covers */
	MGMT_T_STATUS = 15,  /* u32: enum mgmt_status */
	/* Management requests (MGMT_CTL_REQ / MGMT_CTL_RSP, docs/MANAGEMENT.md) */
	MGMT_T_OP = 32,	       /* u32: enum mgmt_op */
	MGMT_T_VM = 33,	       /* a VM name (1..31 bytes, no NUL); repeated in --stop-conflicting lists */
	MGMT_T_POLICY = 34,    /* a binary policy (include/cordon/policy.h) */
	MGMT_T_POLICY_SIG = 35, /* its signed envelope (struct mgmt_policy_sig then the signature) */
	MGMT_T_SEQ = 36,       /* u64: audit sequence number (request: the first wanted; response: the next) */
	MGMT_T_CHALLENGE = 37, /* MGMT_CHALLENGE_LEN bytes */
	MGMT_T_CTL_SIG = 38,   /* RSA-PSS signature by the operator key; the last item of a signed request */
	MGMT_T_FLAGS = 39,     /* u32: MGMT_F_* */
	MGMT_T_VM_INFO = 40,   /* list: one per VM, text "name=N label=L state=S vcpus=N memory_mib=N
				* uptime_ms=N exits=N end=REASON" (end last: the reason has spaces) */
	MGMT_T_POLICY_INFO = 41, /* policy show: text "name=N digest=HEX serial=N since_ms=N labels=a,b,c" */
	MGMT_T_AUDIT_REC = 42,	 /* audit: one record, "TEXT hash=HEX" as the console prints it */
	MGMT_T_AUDIT_FIRST = 43, /* u64: the oldest sequence number the ring still holds */
};

/* Management operations (MGMT_T_OP). Read-only ones need no signature (docs/MANAGEMENT.md says why). */
enum mgmt_op {
	MGMT_OP_LIST = 1,	 /* read-only */
	MGMT_OP_POLICY_SHOW = 2, /* read-only */
	MGMT_OP_AUDIT = 3,	 /* read-only: records from MGMT_T_SEQ on, at most MGMT_AUDIT_BATCH */
	MGMT_OP_START = 16,	 /* signed, MGMT_T_VM */
	MGMT_OP_STOP = 17,	 /* signed, MGMT_T_VM: orderly (power button / stop event), then the deadline */
	MGMT_OP_DESTROY = 18,	 /* signed, MGMT_T_VM: at once */
	MGMT_OP_RESTART = 19,	 /* signed, MGMT_T_VM: destroy, then start once its memory is scrubbed */
	MGMT_OP_POLICY_LOAD = 20, /* signed, MGMT_T_POLICY + MGMT_T_POLICY_SIG, MGMT_T_VM per VM it may stop */
};

#define MGMT_F_STOP_CONFLICTING 0x1u /* policy load: stop the MGMT_T_VM-named VMs the new policy conflicts */
#define MGMT_CHALLENGE_LEN 32
#define MGMT_AUDIT_BATCH 64
#define MGMT_CTL_DOMAIN "cordon-ctl-v1"	  /* prefix of what a request signature covers */
#define MGMT_POLICY_DOMAIN "cordon-policy-v1" /* prefix of what a policy signature covers */

/*
 * A signed policy envelope (the .sig file cordon-ctl writes beside a policy),
 * big-endian: the policy authority signs SHA-256(MGMT_POLICY_DOMAIN || serial
 * || policy SHA-256). serial must exceed the running policy's (the boot
 * policy's is 0), so an older signed policy cannot be loaded again.
 */
#define MGMT_POLICY_SIG_MAGIC 0x43505331u /* "CPS1" */
struct mgmt_policy_sig {
	u8 magic[4];
	u8 serial[8];
	u8 policy_sha256[32];
	u8 sig_len[2]; /* then sig_len bytes of RSA-PSS signature */
};
_Static_assert(sizeof(struct mgmt_policy_sig) == 46, "policy envelope layout");

enum mgmt_status {
	MGMT_S_OK = 0,
	MGMT_S_BAD_REQUEST = 1, /* malformed frame or missing item */
	MGMT_S_NO_TPM = 2,      /* cordon booted unmeasured */
	MGMT_S_TPM_FAILED = 3,  /* a TPM command failed; the text names it */
	MGMT_S_NO_IDENTITY = 4, /* ACTIVATE or QUOTE before IDENTITY */
	MGMT_S_TOO_BIG = 5,
	MGMT_S_UNAUTHENTICATED = 6, /* unsigned, badly signed, or no operator key in boot.cfg */
	MGMT_S_STALE = 7,	    /* no challenge outstanding, or not the one cordon issued (a replay) */
	MGMT_S_NO_SUCH_VM = 8,
	MGMT_S_WRONG_STATE = 9,	    /* e.g. start of a running VM */
	MGMT_S_REFUSED = 10,	    /* the reference monitor refused (a Chinese Wall conflict, a label) */
	MGMT_S_BAD_POLICY = 11,	    /* invalid, wrongly signed or downgraded policy */
};

/*
 * What a signed request's signature covers:
 *   SHA-256(MGMT_CTL_DOMAIN || u16 frame type || every item byte before the MGMT_T_CTL_SIG item)
 * The request must carry the challenge cordon issued last (MGMT_T_CHALLENGE);
 * any signed request, accepted or not, uses it up.
 */

#endif
