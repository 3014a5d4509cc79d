/* cordon vTPM: the hypervisor side's interface between a VM's TPM front end and its vTPM domain. */
#ifndef CORDON_VTPM_VTPM_H
#define CORDON_VTPM_VTPM_H
#include <cordon/types.h>
#include <cordon/hypercall.h>

struct vm;
struct vm_unit;

/*
 * Every VM whose boot.cfg entry has vtpm = yes (a "client") is paired with
 * a vTPM domain: a VM of its own that lib/cfg adds to the configuration
 * right after the configured ones (cfg_vm.vtpm_peer names each side's
 * partner by index, which is also its VM id). The domain runs the TCG
 * reference TPM (libtpms) under cordon's small runtime (vtpm/rt/) and talks
 * to the hypervisor only through the CORDON_HC_VTPM_* hypercalls.
 *
 * A front end (vtpm/crb.c, the CRB device of a Linux VM) hands one command
 * at a time to vtpm_submit and receives the answer through vtpm_complete.
 * The link (vtpm/link.c) holds the command in a buffer of its own, so the
 * guest may rewrite its buffer meanwhile.
 */
enum vtpm_submit {
	VTPM_QUEUED, /* the domain will answer through vtpm_complete */
	VTPM_BUSY,   /* a command of this client is still outstanding: nothing was taken */
	VTPM_DOWN,   /* the client has no vTPM, or its domain has ended: answer with TPM_RC_FAILURE */
};

/* vtpm/link.c */
enum vtpm_submit vtpm_submit(struct vm *client, const u8 *cmd, u32 len);
/* The client asks to cancel its outstanding command (CRB CTRL_CANCEL): best effort, the answer still comes. */
void vtpm_cancel(struct vm *client);
/* True while the client's domain runs (it may still be starting up). */
bool vtpm_up(const struct vm *client);
/* The units a client's start and stop walk (kernel/units.c): start its domain, end it with the client. */
const char *vtpm_unit_start(struct vm *vm);
void vtpm_unit_stop(struct vm *vm);

/* vtpm/crb.c: the answer to the client's last vtpm_submit (len <= CORDON_VTPM_BUF_MAX). */
void vtpm_complete(struct vm *client, const u8 *rsp, u32 len);

/* A TPM 2.0 response carrying only rc (TPM_ST_NO_SESSIONS, size 10): for front ends and the link. */
void vtpm_error_response(u8 out[10], u32 rc);
#define VTPM_RC_FAILURE 0x101 /* TPM_RC_FAILURE (TPM 2.0 Part 2, 6.6.3) */

#endif
