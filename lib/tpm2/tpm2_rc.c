/* cordon: names of TPM 2.0 response codes (Part 2, 6.6) and of our local TPM2_E_* codes. */
#include <lib/tpm2/tpm2.h>

#define RC_FMT1 0x080u /* format-one codes carry a handle, session or parameter number in bits 6, 8-11 */

struct rc_name {
	u16 rc;
	const char *name;
};

/* Format-one errors, numbered from RC_FMT1 (Part 2, Table 16). */
static const struct rc_name fmt1[] = {
	{ 0x01, "TPM_RC_ASYMMETRIC" }, { 0x02, "TPM_RC_ATTRIBUTES" }, { 0x03, "TPM_RC_HASH" },
	{ 0x04, "TPM_RC_VALUE" },      { 0x05, "TPM_RC_HIERARCHY" },  { 0x07, "TPM_RC_KEY_SIZE" },
	{ 0x08, "TPM_RC_MGF" },	       { 0x09, "TPM_RC_MODE" },	      { 0x0A, "TPM_RC_TYPE" },
	{ 0x0B, "TPM_RC_HANDLE" },     { 0x0C, "TPM_RC_KDF" },	      { 0x0D, "TPM_RC_RANGE" },
	{ 0x0E, "TPM_RC_AUTH_FAIL" },  { 0x0F, "TPM_RC_NONCE" },      { 0x10, "TPM_RC_PP" },
	{ 0x12, "TPM_RC_SCHEME" },     { 0x15, "TPM_RC_SIZE" },	      { 0x16, "TPM_RC_SYMMETRIC" },
	{ 0x17, "TPM_RC_TAG" },	       { 0x18, "TPM_RC_SELECTOR" },   { 0x1A, "TPM_RC_INSUFFICIENT" },
	{ 0x1B, "TPM_RC_SIGNATURE" },  { 0x1C, "TPM_RC_KEY" },	      { 0x1D, "TPM_RC_POLICY_FAIL" },
	{ 0x1F, "TPM_RC_INTEGRITY" },  { 0x20, "TPM_RC_TICKET" },     { 0x21, "TPM_RC_RESERVED_BITS" },
	{ 0x22, "TPM_RC_BAD_AUTH" },   { 0x23, "TPM_RC_EXPIRED" },    { 0x24, "TPM_RC_POLICY_CC" },
	{ 0x25, "TPM_RC_BINDING" },    { 0x26, "TPM_RC_CURVE" },      { 0x27, "TPM_RC_ECC_POINT" },
};

/* Format-zero errors (TPM_RC_VER1 + n) and warnings (TPM_RC_WARN + n), whole codes (Part 2, Table 16). */
static const struct rc_name fmt0[] = {
	{ 0x100, "TPM_RC_INITIALIZE" },	      { 0x101, "TPM_RC_FAILURE" },	    { 0x103, "TPM_RC_SEQUENCE" },
	{ 0x120, "TPM_RC_DISABLED" },	      { 0x121, "TPM_RC_EXCLUSIVE" },	    { 0x124, "TPM_RC_AUTH_TYPE" },
	{ 0x125, "TPM_RC_AUTH_MISSING" },     { 0x126, "TPM_RC_POLICY" },	    { 0x127, "TPM_RC_PCR" },
	{ 0x128, "TPM_RC_PCR_CHANGED" },      { 0x12D, "TPM_RC_UPGRADE" },	    { 0x12E, "TPM_RC_TOO_MANY_CONTEXTS" },
	{ 0x12F, "TPM_RC_AUTH_UNAVAILABLE" }, { 0x130, "TPM_RC_REBOOT" },	    { 0x131, "TPM_RC_UNBALANCED" },
	{ 0x142, "TPM_RC_COMMAND_SIZE" },     { 0x143, "TPM_RC_COMMAND_CODE" },	    { 0x144, "TPM_RC_AUTHSIZE" },
	{ 0x145, "TPM_RC_AUTH_CONTEXT" },     { 0x146, "TPM_RC_NV_RANGE" },	    { 0x147, "TPM_RC_NV_SIZE" },
	{ 0x148, "TPM_RC_NV_LOCKED" },	      { 0x149, "TPM_RC_NV_AUTHORIZATION" }, { 0x14A, "TPM_RC_NV_UNINITIALIZED" },
	{ 0x14B, "TPM_RC_NV_SPACE" },	      { 0x14C, "TPM_RC_NV_DEFINED" },	    { 0x150, "TPM_RC_BAD_CONTEXT" },
	{ 0x151, "TPM_RC_CPHASH" },	      { 0x152, "TPM_RC_PARENT" },	    { 0x153, "TPM_RC_NEEDS_TEST" },
	{ 0x154, "TPM_RC_NO_RESULT" },	      { 0x155, "TPM_RC_SENSITIVE" },	    { 0x901, "TPM_RC_CONTEXT_GAP" },
	{ 0x902, "TPM_RC_OBJECT_MEMORY" },    { 0x903, "TPM_RC_SESSION_MEMORY" },   { 0x904, "TPM_RC_MEMORY" },
	{ 0x905, "TPM_RC_SESSION_HANDLES" },  { 0x906, "TPM_RC_OBJECT_HANDLES" },   { 0x907, "TPM_RC_LOCALITY" },
	{ 0x908, "TPM_RC_YIELDED" },	      { 0x909, "TPM_RC_CANCELED" },	    { 0x90A, "TPM_RC_TESTING" },
	{ 0x920, "TPM_RC_NV_RATE" },	      { 0x921, "TPM_RC_LOCKOUT" },	    { 0x922, "TPM_RC_RETRY" },
	{ 0x923, "TPM_RC_NV_UNAVAILABLE" },
};

static const char *lookup(const struct rc_name *t, u32 n, u32 rc)
{
	for (u32 i = 0; i < n; i++)
		if (t[i].rc == rc)
			return t[i].name;
	return "unknown TPM response code";
}

const char *tpm2_rc_str(u32 rc)
{
	switch (rc) {
	case TPM2_OK:
		return "success";
	case TPM2_E_TRANSPORT:
		return "transport failed";
	case TPM2_E_MALFORMED:
		return "malformed TPM response";
	case TPM2_E_TOOBIG:
		return "command or output too big";
	}
	if (rc > 0xfff)
		return "unknown TPM response code";
	if (rc & RC_FMT1)
		return lookup(fmt1, ARRAY_SIZE(fmt1), rc & 0x3f);
	return lookup(fmt0, ARRAY_SIZE(fmt0), rc);
}
