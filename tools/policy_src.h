/* cordon-policy: the policy source parser and binary writer, shared by the tool's commands. */
#ifndef CORDON_TOOLS_POLICY_SRC_H
#define CORDON_TOOLS_POLICY_SRC_H
#include <acm/acm.h>

/* The policy being compiled, in declaration order: that order becomes the bit and record order. */
struct src {
	const char *file;
	u32 line, policy_line;
	char name[POLICY_NAME_MAX];
	u32 flags, nste, ncw, nlabels, nconflicts;
	char ste[POLICY_MAX_TYPES][POLICY_NAME_MAX], cw[POLICY_MAX_TYPES][POLICY_NAME_MAX];
	struct policy_label labels[POLICY_MAX_LABELS];
	struct policy_conflict conflicts[POLICY_MAX_CONFLICTS];
};

/* Prints "FILE:LINE: error: ..." on stderr and returns -1. */
int policy_src_err(const struct src *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses NUL-terminated source text (modified in place) into *s; -1 after printing the first error. */
int policy_src_parse(struct src *s, char *text);
/* The binary policy for *s (malloc'd, digest filled in), or NULL when out of memory. */
u8 *policy_src_emit(const struct src *s, u64 *len);

#endif
