/* cordon: binary security policy for the Access Control Module (sHype), written by cordon-policy. */
#ifndef CORDON_POLICY_H
#define CORDON_POLICY_H
#include <cordon/types.h>

/*
 * Layout (little-endian, every record a multiple of 8 bytes so u64 masks stay aligned):
 *   struct policy_hdr
 *   char ste[nste][32]                      STE type names, bit i of a STE mask = ste[i]
 *   char cw[ncw][32]                        CW type names, bit i of a CW mask = cw[i]
 *   struct policy_label labels[nlabels]
 *   struct policy_conflict conflicts[nconflicts]
 * Fixed-size records make the exact size a function of the counts, so one comparison rules out
 * every truncated or padded file. docs/POLICY.md describes the fields and the decision rules.
 */
#define POLICY_MAGIC 0x59434c4f504e4443ULL /* "CDNPOLCY" little-endian */
#define POLICY_VERSION 1
#define POLICY_NAME_MAX 32 /* every name, including the NUL; the rest of the field is zero */
#define POLICY_MAX_TYPES 64 /* per kind: a mask is one u64 */
#define POLICY_MAX_LABELS 256
#define POLICY_MAX_CONFLICTS 64

#define POLICY_F_AUDIT_PERMITS 0x1u /* audit permitted decisions too, not only denials */
#define POLICY_F_ALL POLICY_F_AUDIT_PERMITS

struct policy_hdr {
	u64 magic;
	u32 version;
	u32 size;	/* total bytes of the file */
	u8 digest[32];	/* SHA-256 of the whole file with this field zeroed */
	char name[POLICY_NAME_MAX];
	u32 nste;
	u32 ncw;
	u32 nlabels;
	u32 nconflicts;
	u32 flags;	/* POLICY_F_* */
	u32 reserved[3]; /* zero */
};

struct policy_label {
	char name[POLICY_NAME_MAX];
	u64 ste; /* bit i = STE type i */
	u64 cw;	 /* bit i = CW type i */
};

struct policy_conflict {
	char name[POLICY_NAME_MAX];
	u64 cw; /* the CW types that must never run at once; at least two bits */
};

_Static_assert(sizeof(struct policy_hdr) == 112, "policy header layout");
_Static_assert(__builtin_offsetof(struct policy_hdr, digest) == 16, "digest offset");
_Static_assert(__builtin_offsetof(struct policy_hdr, name) == 48, "name offset");
_Static_assert(__builtin_offsetof(struct policy_hdr, nste) == 80, "counts offset");
_Static_assert(sizeof(struct policy_label) == 48, "label record layout");
_Static_assert(sizeof(struct policy_conflict) == 40, "conflict record layout");

/* Bytes a policy with these counts occupies (u64: no overflow even for forged counts). */
static inline u64 policy_size(u64 nste, u64 ncw, u64 nlabels, u64 nconflicts)
{
	return sizeof(struct policy_hdr) + (nste + ncw) * POLICY_NAME_MAX + nlabels * sizeof(struct policy_label) +
	       nconflicts * sizeof(struct policy_conflict);
}

#endif
