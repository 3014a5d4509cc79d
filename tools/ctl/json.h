/* cordon-ctl: JSON output helpers (RFC 8259 strings and numbers). */
#ifndef CORDON_TOOLS_CTL_JSON_H
#define CORDON_TOOLS_CTL_JSON_H
#include <stdio.h>
#include <cordon/types.h>

/* A JSON string of n bytes: quotes, backslashes and control characters escaped; bytes >= 0x7f become '?'. */
void json_str(FILE *f, const char *s, u32 n);
/* A decimal that fits a u64 is written as a number; anything else (empty, "-", text) as a string. */
void json_num_or_str(FILE *f, const char *s);
/* True when s is a decimal without sign or leading zero that fits a u64. */
bool json_is_u64(const char *s);

#endif
