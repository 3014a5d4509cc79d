/* cordon vTPM: the CRB register state machine of a VM's TPM (PTP r1.03, 6.5.3) and its commands' way to the link. */
#include <vtpm/crb.h>
#include <vtpm/vtpm.h>
#include <kernel/vm.h>
#include <lib/str.h>

/*
 * One CRB per VM slot, owned here: the kernel reaches it only through the
 * register page's writes (crb_write) and the link through vtpm_complete.
 * Nothing the guest does allocates, loops over guest-sized data more than
 * once per write, or waits: a START copies at most CRB_BUF_SIZE bytes and
 * hands them on, and the answer arrives later from the vTPM domain.
 */
static struct crb crbs[MAX_VMS];

struct crb *crb_of(const struct vm *vm)
{
	struct crb *c = vm && vm->id < MAX_VMS ? &crbs[vm->id] : NULL;
	return c && c->vm == vm ? c : NULL;
}

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/*
 * TPM_CRB_INTF_ID_x (PTP r1.03, 6.5.3, the interface identifier): type 1
 * (CRB active), version 1 (CRB), CapLocality 0 (locality 0 only),
 * CapCRBIdleBypass 0 (idle is a real state), transfer size 3 (64 bytes),
 * CapFIFO 0, CapCRB 1, InterfaceSelector 1 (CRB), RID 0; VID:DID in the high
 * dword: 0x1014 (IBM, as for QEMU's and swtpm's TPMs), device 1.
 */
#define CRB_INTF_ID_LO (1u << 0 | 1u << 4 | 3u << 11 | 1u << 14 | 1u << 17)
#define CRB_INTF_ID_HI (0x1014u | 1u << 16)

/* Writes the guest-visible registers from the state; everything else in the page stays 0. */
static void render(const struct crb *c)
{
	u32 *r = c->regs;
	r[CRB_LOC_STATE / 4] = CRB_LOC_STATE_ESTABLISHED | CRB_LOC_STATE_VALID | (c->assigned ? CRB_LOC_STATE_ASSIGNED : 0);
	r[CRB_LOC_STS / 4] = c->assigned ? CRB_LOC_STS_GRANTED : 0;
	r[CRB_INTF_ID / 4] = CRB_INTF_ID_LO;
	r[CRB_INTF_ID / 4 + 1] = CRB_INTF_ID_HI;
	r[CRB_CTRL_STS / 4] = (c->failed ? CRB_STS_ERROR : 0) | (c->idle ? CRB_STS_IDLE : 0);
	r[CRB_CTRL_CANCEL / 4] = c->cancel ? CRB_CANCEL_INVOKE : 0;
	r[CRB_CTRL_START / 4] = c->start ? CRB_START_INVOKE : 0;
	r[CRB_CTRL_CMD_SIZE / 4] = CRB_BUF_SIZE;
	r[CRB_CTRL_CMD_LADDR / 4] = (u32)CRB_BUF_GPA;
	r[CRB_CTRL_CMD_HADDR / 4] = (u32)(CRB_BUF_GPA >> 32);
	r[CRB_CTRL_RSP_SIZE / 4] = CRB_BUF_SIZE;
	r[CRB_CTRL_RSP_ADDR / 4] = (u32)CRB_BUF_GPA;
	r[CRB_CTRL_RSP_ADDR / 4 + 1] = (u32)(CRB_BUF_GPA >> 32);
}

void crb_attach(struct vm *vm, u32 *regs, u8 *buf)
{
	struct crb *c = &crbs[vm->id];
	c_memset(c, 0, sizeof(*c));
	c->vm = vm;
	c->regs = regs;
	c->buf = buf;
	c->idle = true; /* a TPM comes out of reset idle (tpmIdle = 1) */
	c_memset(regs, 0, PAGE_SIZE);
	render(c);
}

void crb_detach(const struct vm *vm)
{
	struct crb *c = crb_of(vm);
	if (c)
		c_memset(c, 0, sizeof(*c)); /* also forgets the command's copy */
}

/* The response rsp[0..len) into the buffer, the rest of it zero; START and CANCEL clear (command done). */
static void respond(struct crb *c, const u8 *rsp, u32 len)
{
	c_memcpy(c->buf, rsp, len);
	c_memset(c->buf + len, 0, CRB_BUF_SIZE - len);
	c->start = false;
	c->cancel = false;
	render(c);
}

/* A response of only a header carrying rc, made here without the vTPM. */
static void respond_rc(struct crb *c, u32 rc)
{
	u8 rsp[CRB_TPM_HEADER];
	vtpm_error_response(rsp, rc);
	respond(c, rsp, sizeof(rsp));
}

/*
 * The command's bytes are copied out of the guest's page before anything
 * relies on them: the header first, whose size then says how much more, so
 * the copy's size field is the length vtpm_submit gets even if the guest
 * rewrites the page meanwhile (another vCPU) or right after START.
 */
static u32 snapshot(struct crb *c)
{
	u32 len;
	c_memcpy(c->cmd, c->buf, CRB_TPM_HEADER);
	len = be32(c->cmd + 2);
	if (len < CRB_TPM_HEADER || len > CRB_BUF_SIZE)
		return 0;
	c_memcpy(c->cmd + CRB_TPM_HEADER, c->buf + CRB_TPM_HEADER, len - CRB_TPM_HEADER);
	return len;
}

/*
 * START (PTP r1.03, 6.5.3, TPM_CRB_CTRL_START_x): honoured only when locality
 * 0 is assigned, the TPM is ready (not idle) and no command is outstanding;
 * otherwise the write is dropped and START keeps reading what it did. A bad
 * size is answered at once. VTPM_BUSY cannot happen: START is 1 from
 * vtpm_submit until vtpm_complete, so the link holds no command of this VM
 * when a new one is taken; should a link bug say BUSY anyway, the guest gets
 * TPM_RC_RETRY instead of a hang.
 */
static void start(struct crb *c, u32 val)
{
	u32 len;
	if (!(val & CRB_START_INVOKE) || c->start || c->idle || !c->assigned)
		return;
	len = snapshot(c);
	if (!len) {
		respond_rc(c, CRB_RC_COMMAND_SIZE);
		return;
	}
	c->start = true; /* before the call: the link may answer from within it */
	render(c);
	c->submits++;
	switch (vtpm_submit(c->vm, c->cmd, len)) {
	case VTPM_QUEUED:
		return;
	case VTPM_DOWN:
		c->failed = true; /* the vTPM is gone for this run: tpmSts, and an answer for guests that do not look */
		respond_rc(c, VTPM_RC_FAILURE);
		return;
	case VTPM_BUSY:
		respond_rc(c, CRB_RC_RETRY);
		return;
	}
}

/* CANCEL: only a command in flight can be cancelled; the answer still comes and clears it. */
static void cancel(struct crb *c, u32 val)
{
	bool want = val & CRB_CANCEL_INVOKE;
	if (want && c->start && !c->cancel)
		vtpm_cancel(c->vm); /* once per command, however often the guest writes 1 */
	c->cancel = want && c->start;
}

/* CTRL_REQ: cmdReady and goIdle take effect at once, so the bit reads 0 when the guest polls it. */
static void request(struct crb *c, u32 val)
{
	if (val == CRB_REQ_CMD_READY)
		c->idle = false;
	else if (val == CRB_REQ_GO_IDLE)
		c->idle = true; /* a command in flight still completes into the buffer */
}

/* LOC_CTRL: locality 0 is granted when asked and nobody holds it; seize and the establishment reset are ignored. */
static void locality(struct crb *c, u32 val)
{
	if (val == CRB_LOC_CTRL_REQUEST)
		c->assigned = true;
	else if (val == CRB_LOC_CTRL_RELINQUISH)
		c->assigned = false;
}

void crb_write(struct vm *vm, u64 off, u32 val)
{
	struct crb *c = crb_of(vm);
	if (!c)
		return;
	switch (off) {
	case CRB_LOC_CTRL:
		locality(c, val);
		break;
	case CRB_CTRL_REQ:
		request(c, val);
		break;
	case CRB_CTRL_CANCEL:
		cancel(c, val);
		break;
	case CRB_CTRL_START:
		start(c, val);
		return; /* start renders what it changed */
	default:
		return; /* read-only, reserved, or interrupts (this TPM has no interrupt line) */
	}
	render(c);
}

u32 crb_read(struct vm *vm, u64 off)
{
	struct crb *c = crb_of(vm);
	return c && off < PAGE_SIZE ? c->regs[off / 4] : 0xffffffffu;
}

/*
 * The vTPM's answer to the last command. Dropped unless that command is
 * still in flight (the VM may have restarted since). An answer whose size is
 * impossible or disagrees with its header becomes TPM_RC_FAILURE, so the
 * guest never reads bytes past what the vTPM wrote.
 */
void vtpm_complete(struct vm *client, const u8 *rsp, u32 len)
{
	struct crb *c = crb_of(client);
	if (!c || !c->start)
		return;
	if (len < CRB_TPM_HEADER || len > CRB_BUF_SIZE || be32(rsp + 2) != len) {
		respond_rc(c, VTPM_RC_FAILURE);
		return;
	}
	respond(c, rsp, len);
}
