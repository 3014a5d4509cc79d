/* cordon-attest: the verdict: named checks, reference-value findings, text and JSON output. */
#ifndef CORDON_ATTEST_REPORT_H
#define CORDON_ATTEST_REPORT_H
#include <stddef.h>
#include <stdio.h>
#include <cordon/types.h>

#define REPORT_MAX_CHECKS 16
#define REPORT_MAX_FINDINGS 256
#define REPORT_DETAIL 640

enum check_state { CHECK_OK, CHECK_FAILED, CHECK_SKIPPED };

struct check {
	const char *name; /* "ek-cert", "ek-public", "ak", "activation", "signature", "fresh", ... */
	u32 state;	  /* enum check_state; a skipped check was not possible because of an earlier one */
	char detail[REPORT_DETAIL];
};

struct finding {
	const char *severity; /* "error", "warning", "info" */
	char component[48];
	char msg[REPORT_DETAIL];
};

#define REPORT_MAX_VTPM 16 /* CFG_MAX_VMS */

struct report {
	struct check checks[REPORT_MAX_CHECKS];
	u32 nchecks;
	struct finding findings[REPORT_MAX_FINDINGS];
	u32 nfindings, dropped; /* findings beyond the table are counted, not kept */
	char summary[REPORT_DETAIL]; /* the reference-value sentence of a trusted verdict */
	u32 fw_events;		     /* firmware log and final events replayed, for the summary */
	/* The policy in force at the end of the runtime log (valid when policy_known). */
	bool policy_known, policy_changed, policy_accepted;
	char policy_name[32];
	u64 policy_serial;
	char policy_sha256[65];
	/* Each vTPM's EK name as the runtime log gives it (docs/VTPM.md), in log order. */
	struct {
		char client[32];
		char ek_name[129];
	} vtpm[REPORT_MAX_VTPM];
	u32 nvtpm;
};

void report_check(struct report *r, const char *name, u32 state, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void report_finding(struct report *r, const char *severity, const char *component, const char *msg);
/* Trusted: every check passed and no finding is an error. */
bool report_trusted(const struct report *r);
/* "ok" state of one named check (false if absent). */
bool report_ok(const struct report *r, const char *name);
/* Copies n bytes of untrusted text as printable ASCII ('?' for anything else), always terminated. */
void report_printable(char *out, size_t cap, const u8 *s, u32 n);
void report_text(FILE *f, const struct report *r);
void report_json(FILE *f, const struct report *r);

#endif
