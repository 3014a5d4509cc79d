/* cordon tools: reference values (what a measured boot of one ESP must log) and matching logs against them. */
#ifndef CORDON_TOOLS_REFVALS_H
#define CORDON_TOOLS_REFVALS_H
#include <stddef.h>
#include <stdio.h>
#include <cordon/types.h>
#include <lib/cfg/cfg.h>
#include <lib/tcg/measure_ev.h>
#include <lib/tcg/tcglog.h>

/*
 * Reference file (text, written by `cordon-ref make`, read by the verifier).
 * One record per line, fields separated by one space; the last field of load
 * and runtime lines is the event string: the rest of the line, taken exactly
 * (event strings hold only tab and printable ASCII, never a newline). Blank
 * lines and lines starting with '#' are ignored; a trailing CR is dropped.
 *
 *   cordon-ref 2                                  first line: format version (1 is read too)
 *   load KIND VM PCR SHA256 EVENT                 one per loader event, in loader order
 *   runtime KIND SHA256 EVENT                     expected PCR 10 events, in order
 *   vm NAME LABEL IMAGE-SHA256 IMAGE-PATH         one per VM, boot.cfg order
 *   pcr 8 VALUE / pcr 9 VALUE                     PCR 8 and 9 after the load events, from zero
 *   accept-policy SHA256 NAME                     (2) a policy the verifier accepts in force, by the
 *                                                 SHA-256 of its file; the boot policy is listed too
 *
 * load KIND: hypervisor (PCR 9), boot.cfg (8), policy (8), operator-key (8),
 * policy-key (8) (2: the key files boot.cfg names, after the policy), guest-image (9),
 * guest-config (8), guest-initrd (9, Linux VMs with an initrd); VM is the VM's name for the
 * guest kinds, '-' otherwise.
 * runtime KIND: started, policy-loaded. SHA256 and VALUE: 64 hex digits.
 * LABEL is '-' for a VM without one. The reader checks the file against
 * itself: digests of string events are SHA-256 of the string, each VM has its
 * image and config event, the image event's digest is the VM's image digest,
 * and both pcr lines equal the replay of the load lines.
 */

#define REF_VERSION 2
#define REF_MAX_LOAD (5 + 3 * CFG_MAX_VMS)
#define REF_MAX_RT 2
#define REF_MAX_ACCEPT 16

enum ref_kind {
	REF_HYPERVISOR,
	REF_BOOTCFG,
	REF_POLICY,
	REF_OPERATOR_KEY, /* format 2: the public key files boot.cfg names (PCR 8, SHA-256 of the file) */
	REF_POLICY_KEY,
	REF_GUEST_IMAGE, /* the kinds from here on name a VM */
	REF_GUEST_CONFIG,
	REF_GUEST_INITRD, /* a Linux VM's initrd (PCR 9), after its configuration */
	REF_RT_STARTED,
	REF_RT_POLICY,
	REF_NKINDS
};

struct ref_event {
	u32 kind; /* enum ref_kind */
	u32 vm;	  /* index into refvals.vms for the guest kinds */
	u32 pcr;
	u8 digest[32];
	char data[MEV_MAX];
	u32 line; /* in the reference file; 0 when made in memory */
};

struct ref_vm {
	char name[CFG_NAME_MAX];
	char label[CFG_NAME_MAX]; /* "-" when boot.cfg gives none */
	char image[CFG_PATH_MAX];
	u8 image_digest[32];
};

/* A policy the verifier accepts in force (format 2). */
struct ref_policy {
	u8 sha256[32]; /* of the policy file (what the loader measures and policy-changed names) */
	char name[CFG_NAME_MAX];
	u32 line;
};

struct refvals {
	u32 nload, nrt, nvms, naccept;
	struct ref_event load[REF_MAX_LOAD];
	struct ref_event rt[REF_MAX_RT];
	struct ref_vm vms[CFG_MAX_VMS];
	struct ref_policy accept[REF_MAX_ACCEPT];
	u8 pcr8[32], pcr9[32];
};

/* ---- reference files (tools/refvals.c). Each returns 0, or -1 with a message in err. */
/* Builds the reference of boot.cfg text whose ESP files (\cordon's contents) are under esp_dir. */
int refvals_make(const char *cfg_text, size_t cfg_len, const char *esp_dir, struct refvals *out, char *err,
		 size_t errlen);
int refvals_write(FILE *f, const struct refvals *r);
/* Adds a policy file's bytes to the accepted policies (refvals_make adds the boot policy itself); a repeat is ignored. */
int refvals_accept_policy(struct refvals *r, const void *bytes, size_t len, char *err, size_t errlen);
/* The accepted policy with this SHA-256, or NULL. */
const struct ref_policy *refvals_accepted(const struct refvals *r, const u8 sha256[32]);
/* Parses reference text (hostile input: errors name the line). */
int refvals_parse(const char *text, size_t len, struct refvals *out, char *err, size_t errlen);
int refvals_load(const char *path, struct refvals *out, char *err, size_t errlen);
/* Reads a whole file (malloc'd, NUL-terminated); NULL with errno set on failure. */
char *refvals_read_file(const char *path, size_t *len);
const char *refvals_kind_name(u32 kind);
/* Exactly 64 hex digits (either case) into 32 bytes; -1 if s is anything else. */
int refvals_unhex(const char *s, u8 out[32]);
u32 refvals_kind_pcr(u32 kind);
/* Event strings and names hold only tab and printable ASCII (boot.cfg allows no more). */
bool refvals_printable(const char *s);
/* PCR 8 and 9 after the load events, replayed from zero. */
void refvals_replay(const struct refvals *r, u8 pcr8[32], u8 pcr9[32]);

/* ---- matching (tools/refvals_match.c) */
enum rv_severity { RV_INFO, RV_WARNING, RV_ERROR };

struct rv_finding {
	u32 severity;	    /* enum rv_severity */
	char component[48]; /* "hypervisor", "boot.cfg", "policy", "vm:NAME", "firmware", "log:firmware", ... */
	char msg[640];
};

/* The logs a verifier received; any pointer may be NULL (that log is then reported missing). */
struct rv_logs {
	const u8 *fw; /* firmware crypto-agile log (Spec ID header first) */
	u32 fw_len;
	const u8 *final; /* EFI final-events table, its 16-byte header included */
	u32 final_len;
	u64 final_skip; /* its first events, already in fw (bootinfo tpm_final_skip) */
	const u8 *rt;	/* cordon's runtime log */
	u32 rt_len;
};

/* The policy in force at the end of the runtime log. */
struct rv_policy {
	bool known;	/* the log shows a policy (the boot policy's event, or a change) */
	bool changed;	/* it came from a policy-changed event (else it is the boot policy) */
	bool accepted;	/* the reference values list it */
	char name[CFG_NAME_MAX]; /* "-" when neither the event nor the reference names it */
	u64 serial;	/* 0 for the boot policy */
	u8 sha256[32];
	u32 changes;	/* policy-changed events seen */
};

/* A vTPM's identity as the runtime log gives it (an accepted vtpm-ek event). */
struct rv_vtpm {
	char client[CFG_NAME_MAX];
	char ek_name[129]; /* lowercase hex of the EK's Name (68 digits for SHA-256) */
};

struct rv_report {
	struct rv_finding *f; /* malloc'd; refvals_report_free releases it */
	u32 n, cap;
	u32 errors, warnings;
	u32 fw_events[8];	  /* events seen in PCRs 0-7 (firmware's; counted, not matched) */
	struct tcg_replay replay; /* SHA-256 replay of all three logs, for comparing with a quote */
	struct rv_policy policy;
	struct rv_vtpm vtpm[CFG_MAX_VMS]; /* in log order */
	u32 nvtpm;
};

/*
 * Checks the logs against ref: PCR 8/9 events in order against the load
 * lines, PCR 10 events against the runtime forms. Fills *out (findings in log
 * order, then what is missing); *out is overwritten, so free an earlier
 * report first. Returns out->errors; -1 only if out of memory.
 */
int refvals_match(const struct refvals *ref, const struct rv_logs *logs, struct rv_report *out);
void refvals_report_free(struct rv_report *r);
const char *refvals_severity_name(u32 severity);

#endif
