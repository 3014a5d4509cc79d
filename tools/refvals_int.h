/* cordon tools: state shared by the reference matcher's two halves (loader events, runtime events). */
#ifndef CORDON_TOOLS_REFVALS_INT_H
#define CORDON_TOOLS_REFVALS_INT_H
#include <tools/refvals.h>

#define SHOW_MAX 120		/* bytes of event data quoted in a message */
#define SHOW_BUF (SHOW_MAX + 4) /* and "..." */

struct matcher {
	const struct refvals *ref;
	struct rv_report *out;
	bool oom;
	/* loader events (PCR 8/9) */
	u8 seen[REF_MAX_LOAD];
	int last;	     /* index of the latest in-order load event; -1 before the first */
	char last_what[160]; /* its name, for "out of order" messages */
	/* runtime events (PCR 10) */
	u32 rt_next;		 /* next expected of ref->rt[] */
	u8 running[CFG_MAX_VMS]; /* per reference VM: a vm-start without its vm-stop */
	u8 ek_logged[CFG_MAX_VMS]; /* per vTPM domain: this run's vtpm-ek event came */
};

__attribute__((format(printf, 4, 5))) void rv_add(struct matcher *m, u32 sev, const char *component,
						  const char *fmt, ...);
/* Untrusted bytes made printable and short enough to quote. */
const char *rv_show(const u8 *data, u32 len, char out[SHOW_BUF]);
void rv_runtime_event(struct matcher *m, const struct tcg_event *ev);
/* After the last runtime event: what never came, and which VMs are still running. */
void rv_runtime_end(struct matcher *m);

#endif
