/* cordon vTPM: the TPM 2.0 CRB front end a VM with vtpm = yes sees: its layout, register state and unit. */
#ifndef CORDON_VTPM_CRB_H
#define CORDON_VTPM_CRB_H
#include <cordon/types.h>
#include <cordon/hypercall.h>

struct vm;
struct mmio_dev;

/*
 * Layout (QEMU's tpm-crb, which Linux's tpm_crb accepts): locality 0's
 * register page at CRB_REGS_GPA with the control area at +0x40, so Linux
 * uses the locality registers too (it does only when the control area is at
 * its _CRS base + 0x40); the command/response buffer, shared by both
 * directions, is the next page. Localities 1-4 do not exist (INTF_ID says
 * locality 0 only), so that page is free for the buffer.
 *
 * The register page is a page of cordon's that the guest maps read-only:
 * every read (of any width, string moves included: Linux reads RSP_ADDR with
 * memcpy_fromio, a `rep movsl`) is served by the CPU from what cordon wrote
 * there, and only writes fault and reach crb_write through kernel/dev/mmio.c.
 * The buffer page is ordinary read-write memory of the VM.
 *
 * ACPI (lib/acpi, not here) describes it: TPM2 table start method 7 (CRB),
 * control area CRB_REGS_GPA + CRB_CTRL_REQ; the MSFT0101 device's _CRS holds
 * both pages, [CRB_REGS_GPA, CRB_BUF_GPA + CRB_BUF_SIZE).
 */
#define CRB_REGS_GPA 0xfed40000ULL
#define CRB_BUF_GPA 0xfed41000ULL
#define CRB_BUF_SIZE CORDON_VTPM_BUF_MAX /* CTRL_CMD_SIZE = CTRL_RSP_SIZE: one page */

/* Register offsets in the locality-0 page (PTP r1.03, 6.5.3: CRB interface registers). */
#define CRB_LOC_STATE 0x00
#define CRB_LOC_CTRL 0x08
#define CRB_LOC_STS 0x0c
#define CRB_INTF_ID 0x30 /* 64 bits: ID at 0x30, VID/DID at 0x34 */
#define CRB_CTRL_EXT 0x38
#define CRB_CTRL_REQ 0x40
#define CRB_CTRL_STS 0x44
#define CRB_CTRL_CANCEL 0x48
#define CRB_CTRL_START 0x4c
#define CRB_INT_ENABLE 0x50
#define CRB_INT_STS 0x54
#define CRB_CTRL_CMD_SIZE 0x58
#define CRB_CTRL_CMD_LADDR 0x5c
#define CRB_CTRL_CMD_HADDR 0x60
#define CRB_CTRL_RSP_SIZE 0x64
#define CRB_CTRL_RSP_ADDR 0x68 /* 64 bits */

/* TPM_LOC_STATE_x bits */
#define CRB_LOC_STATE_ESTABLISHED (1u << 0) /* tpmEstablished reads 1: no dynamic OS was started (as QEMU) */
#define CRB_LOC_STATE_ASSIGNED (1u << 1)    /* locAssigned; activeLocality (bits 4:2) stays 0 */
#define CRB_LOC_STATE_VALID (1u << 7)	    /* tpmRegValidSts */
/* TPM_LOC_CTRL_x requests, TPM_LOC_STS_x bits */
#define CRB_LOC_CTRL_REQUEST (1u << 0)
#define CRB_LOC_CTRL_RELINQUISH (1u << 1)
#define CRB_LOC_STS_GRANTED (1u << 0)
/* TPM_CRB_CTRL_REQ_x, TPM_CRB_CTRL_STS_x, START and CANCEL */
#define CRB_REQ_CMD_READY (1u << 0)
#define CRB_REQ_GO_IDLE (1u << 1)
#define CRB_STS_ERROR (1u << 0) /* tpmSts: the TPM is in a fatal error state */
#define CRB_STS_IDLE (1u << 1)	/* tpmIdle */
#define CRB_START_INVOKE (1u << 0)
#define CRB_CANCEL_INVOKE (1u << 0)

/* TPM 2.0 responses the front end makes itself (TPM 2.0 Part 2, 6.6.3). */
#define CRB_RC_COMMAND_SIZE 0x142 /* TPM_RC_COMMAND_SIZE: the header's size is out of range */
#define CRB_RC_RETRY 0x922	  /* TPM_RC_RETRY: the link still held a command of this VM */
#define CRB_TPM_HEADER 10	  /* tag (2), size (4), code (4) */

/*
 * One VM's CRB: the guest-visible state, rendered into the register page
 * after every change, and the copy of the command in flight. At most one
 * command is outstanding (start), because a START while one is (or while
 * not ready) is ignored, so vtpm_submit is never asked for a second one.
 */
struct crb {
	struct vm *vm; /* NULL while the VM does not run (nothing attached) */
	u32 *regs;     /* the register page the guest reads */
	u8 *buf;       /* the command/response page */
	bool assigned; /* locality 0 is assigned to software */
	bool idle;     /* tpmIdle: goIdle seen last (cmdReady clears it) */
	bool failed;   /* tpmSts: the vTPM was down when asked */
	bool start;    /* a command is with the vTPM; cleared by its answer */
	bool cancel;   /* CTRL_CANCEL written 1 while start */
	u32 submits;   /* commands handed to vtpm_submit (diagnostics, tests) */
	u8 cmd[CRB_BUF_SIZE]; /* the command as vtpm_submit got it: the guest cannot change it after START */
};

/* vtpm/crb.c: the register state machine. */
/* Resets vm's CRB to the power-on state over its two pages (regs read by the guest, buf shared). */
void crb_attach(struct vm *vm, u32 *regs, u8 *buf);
/* The VM stops: an answer still due is dropped when it comes. */
void crb_detach(const struct vm *vm);
/* The VM's CRB, or NULL when the VM has none attached. */
struct crb *crb_of(const struct vm *vm);
/* A 32-bit write at off (dword aligned) of the register page; read-only registers ignore it. */
void crb_write(struct vm *vm, u64 off, u32 val);
/* The dword at off (dword aligned) as the guest reads it. */
u32 crb_read(struct vm *vm, u64 off);

/* vtpm/crb_unit.c: the VM's unit (kernel/units.c): its two pages, mapped at start, scrubbed and freed at stop. */
const char *crb_unit_start(struct vm *vm);
void crb_unit_stop(struct vm *vm);

#endif
