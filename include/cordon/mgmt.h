/* cordon: the management channel protocol between cordon and a remote verifier (framing and items). */
#ifndef CORDON_MGMT_H
#define CORDON_MGMT_H

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
};

enum mgmt_status {
	MGMT_S_OK = 0,
	MGMT_S_BAD_REQUEST = 1, /* malformed frame or missing item */
	MGMT_S_NO_TPM = 2,      /* cordon booted unmeasured */
	MGMT_S_TPM_FAILED = 3,  /* a TPM command failed; the text names it */
	MGMT_S_NO_IDENTITY = 4, /* ACTIVATE or QUOTE before IDENTITY */
	MGMT_S_TOO_BIG = 5,
};

#endif
