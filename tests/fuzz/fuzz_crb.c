/* cordon fuzz target: the vTPM's CRB registers (vtpm/crb.c) driven by arbitrary writes, buffer contents and answers. */
/* sources: vtpm/crb.c lib/str.c */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vtpm/crb.h>
#include <vtpm/vtpm.h>
#include <kernel/vm.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A model of the link that checks the front end keeps its side of the
 * contract: vtpm_submit is never called while a command of the VM is
 * outstanding, gets 10 to 4096 bytes whose header says exactly that length,
 * and cancels come only for a command in flight.
 */
static bool outstanding;
static enum vtpm_submit next_answer;
static u32 cmd_len;

#define CHECK(c)                    \
	do {                        \
		if (!(c))           \
			abort();    \
	} while (0)

static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

enum vtpm_submit vtpm_submit(struct vm *client, const u8 *cmd, u32 len)
{
	(void)client;
	CHECK(!outstanding);
	CHECK(len >= CRB_TPM_HEADER && len <= CRB_BUF_SIZE && be32(cmd + 2) == len);
	outstanding = next_answer == VTPM_QUEUED;
	cmd_len = len;
	return next_answer;
}

/* As vtpm/link.c may: a command the domain has not taken yet is answered TPM_RC_CANCELED from within. */
static bool cancel_answers;

void vtpm_cancel(struct vm *client)
{
	static const u8 canceled[10] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x09, 0x09 };
	CHECK(outstanding);
	if (cancel_answers) {
		outstanding = false;
		vtpm_complete(client, canceled, sizeof(canceled));
	}
}

void vtpm_error_response(u8 out[10], u32 rc)
{
	static const u8 head[6] = { 0x80, 0x01, 0, 0, 0, 10 };
	memcpy(out, head, 6);
	for (int i = 0; i < 4; i++)
		out[6 + i] = (u8)(rc >> (24 - 8 * i));
}

static struct vm vm;
static u32 regs[PAGE_SIZE / 4];
static u8 buf[CRB_BUF_SIZE];

/* The input, consumed front to back; past its end every byte is 0. */
struct in {
	const uint8_t *p;
	size_t n;
};

static u8 byte(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static u32 word(struct in *in)
{
	u32 v = 0;
	for (int i = 0; i < 4; i++)
		v = v << 8 | byte(in);
	return v;
}

/* Offsets worth hitting more often than the other 1008 dwords. */
static const u32 hot[] = { CRB_LOC_STATE, CRB_LOC_CTRL, CRB_LOC_STS, CRB_INTF_ID, CRB_CTRL_REQ, CRB_CTRL_STS,
			   CRB_CTRL_CANCEL, CRB_CTRL_START, CRB_INT_ENABLE, CRB_CTRL_CMD_SIZE, CRB_CTRL_RSP_ADDR };

static void reg_write(struct in *in)
{
	u8 sel = byte(in);
	u32 off = sel < 200 ? hot[sel % ARRAY_SIZE(hot)] : (u32)(sel % 64) * 4;
	u32 v = word(in);
	crb_write(&vm, off, (v & 0x100) ? v : (v & 3)); /* small values reach the request bits often */
}

/* The guest writes its buffer: a header with a chosen size, or raw bytes. */
static void buf_write(struct in *in)
{
	u32 at = (u32)(byte(in) << 8 | byte(in)) % CRB_BUF_SIZE;
	u32 len = byte(in);
	if (byte(in) & 1) {
		u32 s = byte(in) & 1 ? word(in) : (u32)(byte(in) << 8 | byte(in)) % (CRB_BUF_SIZE + 16);
		buf[2] = (u8)(s >> 24), buf[3] = (u8)(s >> 16), buf[4] = (u8)(s >> 8), buf[5] = (u8)s;
		return;
	}
	for (u32 i = 0; i < len && at + i < CRB_BUF_SIZE; i++)
		buf[at + i] = byte(in);
}

/* The vTPM answers (or a stale answer arrives): the buffer then holds a response of a valid size. */
static void answer(struct in *in)
{
	static u8 rsp[CRB_BUF_SIZE + 8];
	u32 len = (u32)(byte(in) << 8 | byte(in)) % (CRB_BUF_SIZE + 8);
	bool honest = byte(in) & 1;
	bool was = outstanding;
	for (u32 i = 0; i < len && i < 64; i++)
		rsp[i] = byte(in);
	if (honest && len >= 6)
		rsp[2] = (u8)(len >> 24), rsp[3] = (u8)(len >> 16), rsp[4] = (u8)(len >> 8), rsp[5] = (u8)len;
	outstanding = false;
	vtpm_complete(&vm, rsp, len);
	if (was) {
		u32 s = be32(buf + 2);
		CHECK(s >= CRB_TPM_HEADER && s <= CRB_BUF_SIZE);
		for (u32 i = s; i < CRB_BUF_SIZE; i++)
			CHECK(buf[i] == 0);
	}
}

/* What the guest can read must agree with the model after every step. */
static void check(void)
{
	CHECK(regs[CRB_CTRL_REQ / 4] == 0);
	CHECK(regs[CRB_CTRL_START / 4] == (outstanding ? CRB_START_INVOKE : 0));
	CHECK(!regs[CRB_CTRL_CANCEL / 4] || outstanding);
	CHECK(regs[CRB_CTRL_CMD_SIZE / 4] == CRB_BUF_SIZE && regs[CRB_CTRL_RSP_SIZE / 4] == CRB_BUF_SIZE);
	CHECK(regs[CRB_CTRL_RSP_ADDR / 4] == (u32)CRB_BUF_GPA && regs[CRB_CTRL_CMD_LADDR / 4] == (u32)CRB_BUF_GPA);
	CHECK(regs[CRB_LOC_STATE / 4] & CRB_LOC_STATE_VALID);
	CHECK(regs[CRB_INT_STS / 4] == 0 && regs[0x80 / 4] == 0);
	CHECK(crb_of(&vm)->submits <= 1u << 20);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	vm.id = 0;
	outstanding = false;
	cancel_answers = false;
	crb_attach(&vm, regs, buf);
	memset(buf, 0, sizeof(buf));
	for (u32 steps = 0; in.n && steps < 4096; steps++) {
		switch (byte(&in) % 8) {
		case 0: case 1: case 2:
			reg_write(&in);
			break;
		case 3:
			buf_write(&in);
			break;
		case 4:
			answer(&in);
			break;
		case 5: {
			u8 b = byte(&in);
			next_answer = (enum vtpm_submit)(b % 3);
			cancel_answers = b & 0x80;
			break;
		}
		case 6: /* the VM restarts: the link drops what it held, the front end starts afresh */
			crb_detach(&vm);
			outstanding = false;
			crb_attach(&vm, regs, buf);
			break;
		case 7:
			{
				u32 off = (u32)(byte(&in) % 64) * 4;
				CHECK(crb_read(&vm, off) == regs[off / 4]);
			}
			break;
		}
		check();
	}
	crb_detach(&vm);
	return 0;
}
