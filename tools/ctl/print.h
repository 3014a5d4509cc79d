/* cordon-ctl: human and JSON output of cordon's answers. */
#ifndef CORDON_TOOLS_CTL_PRINT_H
#define CORDON_TOOLS_CTL_PRINT_H
#include <stdio.h>
#include <tools/ctl/response.h>

/* list: the MGMT_T_VM_INFO items of r as a table or a JSON array. NULL, or why an item is malformed. */
const char *print_list(FILE *f, const struct ctl_rsp *r, bool json);
/* policy show: the MGMT_T_POLICY_INFO item. */
const char *print_policy(FILE *f, const struct ctl_rsp *r, bool json);
/* One audit record as the console prints it ("cordon: audit TEXT hash=HEX"), or a JSON line. */
void print_audit(FILE *f, const struct audit_line *a, bool json);
/* The records first..last that the ring overwrote before they were read. */
void print_gap(FILE *f, u64 first, u64 last, bool json);
/* The outcome of a control request: cordon's text (human), or {"ok":..,"status":..,"text":..}. */
void print_result(FILE *f, const struct ctl_rsp *r, bool json);
/* "1h02m03s", "2m05s", "4.250s" from milliseconds; "-" when ms is not a number. */
void fmt_uptime(char *out, size_t cap, const char *ms);

#endif
