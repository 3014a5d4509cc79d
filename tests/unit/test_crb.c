/* cordon unit tests: the vTPM's CRB register state machine (vtpm/crb.c) against a fake link. */
/* sources: vtpm/crb.c lib/str.c */
#include <tests/unit/unit.h>
#include <vtpm/crb.h>
#include <vtpm/vtpm.h>
#include <kernel/vm.h>

/* ---------------------------------------------------------------- the fake link (vtpm/link.c's contract) */

static enum vtpm_submit answer; /* what the next vtpm_submit returns */
static bool answer_inside;	/* the fake answers from within vtpm_submit */
static bool cancel_answers;	/* the fake answers TPM_RC_CANCELED from within vtpm_cancel (vtpm/link.c does, */
				/* for a command its domain has not taken yet) */
static u32 nsubmit, ncancel;
static const u8 *sub_ptr; /* what the last vtpm_submit got, as it got it */
static u32 sub_len;
static u8 sub_copy[CRB_BUF_SIZE];

static const u8 ok_rsp[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0, 0, 0xab, 0xcd };

enum vtpm_submit vtpm_submit(struct vm *client, const u8 *cmd, u32 len)
{
	nsubmit++;
	sub_ptr = cmd;
	sub_len = len;
	memcpy(sub_copy, cmd, len);
	if (answer_inside)
		vtpm_complete(client, ok_rsp, sizeof(ok_rsp));
	return answer;
}

static const u8 canceled_rsp[] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x09, 0x09 }; /* TPM_RC_CANCELED */

void vtpm_cancel(struct vm *client)
{
	ncancel++;
	if (cancel_answers)
		vtpm_complete(client, canceled_rsp, sizeof(canceled_rsp));
}

void vtpm_error_response(u8 out[10], u32 rc)
{
	static const u8 head[6] = { 0x80, 0x01, 0, 0, 0, 10 };
	memcpy(out, head, 6);
	for (int i = 0; i < 4; i++)
		out[6 + i] = (u8)(rc >> (24 - 8 * i));
}

/* ---------------------------------------------------------------- a VM with its two pages */

static struct vm vm, other;
static u32 regs[PAGE_SIZE / 4];
static u8 buf[CRB_BUF_SIZE];

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	memset(buf, 0x5a, sizeof(buf)); /* what the guest left there */
	vm.id = 3;
	other.id = 3; /* the same slot's next run, or a forged caller */
	crb_attach(&vm, regs, buf);
	answer = VTPM_QUEUED;
	answer_inside = false;
	cancel_answers = false;
	nsubmit = ncancel = sub_len = 0;
	sub_ptr = NULL;
	return 0;
}

static u32 rd(u32 off)
{
	return crb_read(&vm, off);
}

static void wr(u32 off, u32 val)
{
	crb_write(&vm, off, val);
}

/* A TPM2_GetRandom of 8 bytes (TPM 2.0 Part 3, 16.1): tag, size 12, code 0x17b, bytesRequested. */
static const u8 getrandom[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7b, 0, 8 };

static void put_cmd(const u8 *cmd, u32 len)
{
	memcpy(buf, cmd, len);
}

/* A header claiming size; the rest of the buffer as it is. */
static void put_size(u32 size)
{
	u8 h[10] = { 0x80, 0x01, (u8)(size >> 24), (u8)(size >> 16), (u8)(size >> 8), (u8)size, 0, 0, 0x01, 0x7b };
	memcpy(buf, h, sizeof(h));
}

static u32 rsp_rc(void)
{
	return (u32)buf[6] << 24 | (u32)buf[7] << 16 | (u32)buf[8] << 8 | buf[9];
}

/* Locality 0 and cmdReady, as Linux's tpm_chip_start does before each command. */
static void ready(void)
{
	wr(CRB_LOC_CTRL, CRB_LOC_CTRL_REQUEST);
	wr(CRB_CTRL_REQ, CRB_REQ_CMD_READY);
}

/* ---------------------------------------------------------------- power-on state and layout */

static void test_power_on(void **state)
{
	(void)state;
	assert_int_equal(rd(CRB_LOC_STATE), CRB_LOC_STATE_VALID | CRB_LOC_STATE_ESTABLISHED);
	assert_int_equal(rd(CRB_LOC_STS), 0);
	assert_int_equal(rd(CRB_CTRL_STS), CRB_STS_IDLE);
	assert_int_equal(rd(CRB_CTRL_REQ), 0);
	assert_int_equal(rd(CRB_CTRL_START), 0);
	assert_int_equal(rd(CRB_CTRL_CANCEL), 0);
	assert_int_equal(rd(CRB_CTRL_CMD_SIZE), 4096);
	assert_int_equal(rd(CRB_CTRL_RSP_SIZE), 4096);
	assert_int_equal(rd(CRB_CTRL_CMD_LADDR), 0xfed41000u);
	assert_int_equal(rd(CRB_CTRL_CMD_HADDR), 0);
	assert_int_equal(rd(CRB_CTRL_RSP_ADDR), 0xfed41000u);
	assert_int_equal(rd(CRB_CTRL_RSP_ADDR + 4), 0);
	assert_int_equal(rd(CRB_INT_ENABLE), 0);
	assert_int_equal(rd(0x80), 0); /* reserved: no data buffer in this page */
	assert_int_equal(rd(0xffc), 0);
}

/* The interface identifier field by field (PTP r1.03, 6.5.3): CRB, locality 0 only, no idle bypass. */
static void test_intf_id(void **state)
{
	u32 id = rd(CRB_INTF_ID);
	(void)state;
	assert_int_equal(id & 0xf, 1);	       /* InterfaceType: CRB active */
	assert_int_equal(id >> 4 & 0xf, 1);    /* InterfaceVersion: CRB */
	assert_int_equal(id >> 8 & 1, 0);      /* CapLocality: locality 0 only */
	assert_int_equal(id >> 9 & 1, 0);      /* CapCRBIdleBypass: off */
	assert_int_equal(id >> 13 & 1, 0);     /* CapFIFO */
	assert_int_equal(id >> 14 & 1, 1);     /* CapCRB */
	assert_int_equal(id >> 17 & 3, 1);     /* InterfaceSelector: CRB */
	assert_int_equal(rd(CRB_INTF_ID + 4) & 0xffff, 0x1014);
}

/*
 * The guest reads the page itself (it is mapped read-only), so reads of any width see the little-endian
 * dwords: Linux's memcpy_fromio of RSP_ADDR (8 bytes), QEMU's qtest readq of CMD_LADDR, readb of LOC_STATE.
 */
static void test_reads_of_any_width(void **state)
{
	u64 q;
	u8 b;
	(void)state;
	memcpy(&q, (u8 *)regs + CRB_CTRL_RSP_ADDR, 8);
	assert_int_equal(q, 0xfed41000ULL);
	memcpy(&q, (u8 *)regs + CRB_CTRL_CMD_LADDR, 8);
	assert_int_equal(q, 0xfed41000ULL);
	memcpy(&b, (u8 *)regs + CRB_LOC_STATE, 1);
	assert_int_equal(b, CRB_LOC_STATE_VALID | CRB_LOC_STATE_ESTABLISHED);
}

/* Writes to read-only, reserved and interrupt registers change nothing the guest can read. */
static void test_read_only_ignored(void **state)
{
	static const u32 offs[] = { CRB_LOC_STATE, CRB_LOC_STS, CRB_INTF_ID, CRB_INTF_ID + 4, CRB_CTRL_EXT,
				    CRB_CTRL_STS, CRB_INT_ENABLE, CRB_INT_STS, CRB_CTRL_CMD_SIZE, CRB_CTRL_CMD_LADDR,
				    CRB_CTRL_CMD_HADDR, CRB_CTRL_RSP_SIZE, CRB_CTRL_RSP_ADDR, CRB_CTRL_RSP_ADDR + 4,
				    0x04, 0x80, 0xffc };
	static u32 before[PAGE_SIZE / 4];
	(void)state;
	memcpy(before, regs, sizeof(regs));
	for (u32 i = 0; i < ARRAY_SIZE(offs); i++)
		wr(offs[i], 0xffffffffu);
	assert_memory_equal(before, regs, sizeof(regs));
	assert_int_equal(nsubmit, 0);
}

/* ---------------------------------------------------------------- the Linux sequence */

/* tpm_crb: request locality, cmdReady, command, START, poll START, read, goIdle, relinquish. */
static void test_linux_sequence(void **state)
{
	(void)state;
	wr(CRB_LOC_CTRL, CRB_LOC_CTRL_REQUEST);
	assert_int_equal(rd(CRB_LOC_STATE) & (CRB_LOC_STATE_ASSIGNED | CRB_LOC_STATE_VALID),
			 CRB_LOC_STATE_ASSIGNED | CRB_LOC_STATE_VALID);
	assert_int_equal(rd(CRB_LOC_STATE) >> 2 & 7, 0); /* activeLocality 0 */
	assert_int_equal(rd(CRB_LOC_STS), CRB_LOC_STS_GRANTED);
	wr(CRB_CTRL_REQ, CRB_REQ_CMD_READY);
	assert_int_equal(rd(CRB_CTRL_REQ) & CRB_REQ_CMD_READY, 0); /* done at once */
	assert_int_equal(rd(CRB_CTRL_STS), 0);
	wr(CRB_CTRL_CANCEL, 0); /* crb_send clears it first */
	put_cmd(getrandom, sizeof(getrandom));
	wr(CRB_CTRL_START, CRB_START_INVOKE);
	assert_int_equal(nsubmit, 1);
	assert_int_equal(sub_len, sizeof(getrandom));
	assert_memory_equal(sub_copy, getrandom, sizeof(getrandom));
	assert_int_equal(rd(CRB_CTRL_START), CRB_START_INVOKE); /* still running: Linux keeps polling */
	vtpm_complete(&vm, ok_rsp, sizeof(ok_rsp));
	assert_int_equal(rd(CRB_CTRL_START), 0);
	assert_int_equal(rd(CRB_CTRL_STS) & CRB_STS_ERROR, 0);
	assert_memory_equal(buf, ok_rsp, sizeof(ok_rsp));
	wr(CRB_CTRL_REQ, CRB_REQ_GO_IDLE);
	assert_int_equal(rd(CRB_CTRL_REQ), 0);
	assert_int_equal(rd(CRB_CTRL_STS), CRB_STS_IDLE);
	wr(CRB_LOC_CTRL, CRB_LOC_CTRL_RELINQUISH);
	assert_int_equal(rd(CRB_LOC_STATE) & (CRB_LOC_STATE_ASSIGNED | CRB_LOC_STATE_VALID), CRB_LOC_STATE_VALID);
	assert_int_equal(rd(CRB_LOC_STS), 0);
}

/* The rest of the buffer after the response is zero: the guest never reads its command back as the answer. */
static void test_response_clears_rest(void **state)
{
	(void)state;
	ready();
	put_cmd(getrandom, sizeof(getrandom));
	wr(CRB_CTRL_START, 1);
	vtpm_complete(&vm, ok_rsp, sizeof(ok_rsp));
	for (u32 i = sizeof(ok_rsp); i < CRB_BUF_SIZE; i++)
		assert_int_equal(buf[i], 0);
}

/* Two commands back to back in the ready state, without a new cmdReady in between. */
static void test_two_commands(void **state)
{
	(void)state;
	ready();
	for (int i = 0; i < 2; i++) {
		put_cmd(getrandom, sizeof(getrandom));
		wr(CRB_CTRL_START, 1);
		vtpm_complete(&vm, ok_rsp, sizeof(ok_rsp));
	}
	assert_int_equal(nsubmit, 2);
	assert_int_equal(rd(CRB_CTRL_START), 0);
}

/* The link answers from within vtpm_submit: START must read 0 afterwards, not be set again. */
static void test_answer_within_submit(void **state)
{
	(void)state;
	answer_inside = true;
	ready();
	put_cmd(getrandom, sizeof(getrandom));
	wr(CRB_CTRL_START, 1);
	assert_int_equal(rd(CRB_CTRL_START), 0);
	assert_memory_equal(buf, ok_rsp, sizeof(ok_rsp));
}

/* ---------------------------------------------------------------- sizes */

/* Sizes below the header or above the buffer are answered at once with TPM_RC_COMMAND_SIZE. */
static void test_bad_sizes(void **state)
{
	static const u32 bad[] = { 0, 1, 9, 4097, 0x10000, 0x7fffffffu, 0xffffffffu };
	(void)state;
	ready();
	for (u32 i = 0; i < ARRAY_SIZE(bad); i++) {
		put_size(bad[i]);
		wr(CRB_CTRL_START, 1);
		assert_int_equal(rd(CRB_CTRL_START), 0);
		assert_int_equal(rsp_rc(), CRB_RC_COMMAND_SIZE);
		assert_int_equal(buf[5], 10); /* a whole 10-byte response */
	}
	assert_int_equal(nsubmit, 0);
	assert_int_equal(rd(CRB_CTRL_STS), 0); /* not a failure of the TPM */
}

/* The bounds themselves are taken: a bare header and a full buffer. */
static void test_size_bounds(void **state)
{
	(void)state;
	ready();
	put_size(10);
	wr(CRB_CTRL_START, 1);
	assert_int_equal(sub_len, 10);
	vtpm_complete(&vm, ok_rsp, sizeof(ok_rsp));
	put_size(4096);
	wr(CRB_CTRL_START, 1);
	assert_int_equal(nsubmit, 2);
	assert_int_equal(sub_len, 4096);
	assert_memory_equal(sub_copy + 10, buf + 10, 4096 - 10);
}

/* ---------------------------------------------------------------- the guest's buffer after START */

/* vtpm_submit got a copy: rewriting the buffer after START (or during it) changes nothing it holds. */
static void test_rewrite_after_start(void **state)
{
	(void)state;
	ready();
	put_cmd(getrandom, sizeof(getrandom));
	wr(CRB_CTRL_START, 1);
	assert_true(sub_ptr < buf || sub_ptr >= buf + sizeof(buf)); /* not the guest's page */
	memset(buf, 0xee, sizeof(buf));
	put_size(4096);
	assert_memory_equal(sub_ptr, getrandom, sizeof(getrandom));
	assert_int_equal(sub_len, sizeof(getrandom));
	wr(CRB_CTRL_START, 1); /* START again while running: not a second command */
	assert_int_equal(nsubmit, 1);
	assert_memory_equal(sub_ptr, getrandom, sizeof(getrandom));
}

/* ---------------------------------------------------------------- out of order */

/* START without cmdReady (idle), without the locality, with 0, or twice: at most one command, no answer made up. */
static void test_start_not_ready(void **state)
{
	(void)state;
	put_cmd(getrandom, sizeof(getrandom));
	wr(CRB_CTRL_START, 1); /* no locality, idle */
	wr(CRB_LOC_CTRL, CRB_LOC_CTRL_REQUEST);
	wr(CRB_CTRL_START, 1); /* idle */
	assert_int_equal(nsubmit, 0);
	assert_int_equal(rd(CRB_CTRL_START), 0);
	assert_memory_equal(buf, getrandom, sizeof(getrandom)); /* untouched */
	wr(CRB_LOC_CTRL, CRB_LOC_CTRL_RELINQUISH);
	wr(CRB_CTRL_REQ, CRB_REQ_CMD_READY);
	wr(CRB_CTRL_START, 1); /* ready, but no locality */
	assert_int_equal(nsubmit, 0);
	wr(CRB_LOC_CTRL, CRB_LOC_CTRL_REQUEST);
	wr(CRB_CTRL_START, 0);
	wr(CRB_CTRL_START, 0xfffffffeu); /* every bit but start */
	assert_int_equal(nsubmit, 0);
	wr(CRB_CTRL_START, 1);
	wr(CRB_CTRL_START, 1);
	wr(CRB_CTRL_START, 0xffffffffu);
	assert_int_equal(nsubmit, 1);
	assert_int_equal(rd(CRB_CTRL_START), 1);
}

/* goIdle and relinquish while a command runs: it still completes into the buffer and START clears. */
static void test_idle_while_running(void **state)
{
	(void)state;
	ready();
	put_cmd(getrandom, sizeof(getrandom));
	wr(CRB_CTRL_START, 1);
	wr(CRB_CTRL_REQ, CRB_REQ_GO_IDLE);
	wr(CRB_LOC_CTRL, CRB_LOC_CTRL_RELINQUISH);
	vtpm_complete(&vm, ok_rsp, sizeof(ok_rsp));
	assert_int_equal(rd(CRB_CTRL_START), 0);
	assert_memory_equal(buf, ok_rsp, sizeof(ok_rsp));
	wr(CRB_CTRL_START, 1); /* idle now */
	assert_int_equal(nsubmit, 1);
}

/* Both request bits at once, or unknown ones, do nothing; LOC_CTRL seize and reset-establishment likewise. */
static void test_odd_requests(void **state)
{
	(void)state;
	wr(CRB_CTRL_REQ, CRB_REQ_CMD_READY | CRB_REQ_GO_IDLE);
	wr(CRB_CTRL_REQ, 0xfffffffcu);
	assert_int_equal(rd(CRB_CTRL_STS), CRB_STS_IDLE);
	wr(CRB_LOC_CTRL, 1u << 2);
	wr(CRB_LOC_CTRL, 1u << 3);
	wr(CRB_LOC_CTRL, CRB_LOC_CTRL_REQUEST | CRB_LOC_CTRL_RELINQUISH);
	assert_int_equal(rd(CRB_LOC_STS), 0);
	assert_int_equal(rd(CRB_LOC_STATE) & CRB_LOC_STATE_ASSIGNED, 0);
}

/* ---------------------------------------------------------------- cancel */

static void test_cancel(void **state)
{
	(void)state;
	wr(CRB_CTRL_CANCEL, CRB_CANCEL_INVOKE); /* nothing runs: nothing to cancel */
	assert_int_equal(rd(CRB_CTRL_CANCEL), 0);
	assert_int_equal(ncancel, 0);
	ready();
	put_cmd(getrandom, sizeof(getrandom));
	wr(CRB_CTRL_START, 1);
	wr(CRB_CTRL_CANCEL, CRB_CANCEL_INVOKE);
	assert_int_equal(rd(CRB_CTRL_CANCEL), CRB_CANCEL_INVOKE); /* Linux's req_canceled reads it */
	wr(CRB_CTRL_CANCEL, CRB_CANCEL_INVOKE);
	assert_int_equal(ncancel, 1); /* once per command */
	vtpm_complete(&vm, ok_rsp, sizeof(ok_rsp));
	assert_int_equal(rd(CRB_CTRL_CANCEL), 0); /* cleared with START */
	assert_int_equal(rd(CRB_CTRL_START), 0);
}

/* The guest takes its cancel back by writing 0 (Linux does before each command). */
static void test_cancel_withdrawn(void **state)
{
	(void)state;
	ready();
	put_cmd(getrandom, sizeof(getrandom));
	wr(CRB_CTRL_START, 1);
	wr(CRB_CTRL_CANCEL, 1);
	wr(CRB_CTRL_CANCEL, 0);
	assert_int_equal(rd(CRB_CTRL_CANCEL), 0);
	wr(CRB_CTRL_CANCEL, 1);
	assert_int_equal(ncancel, 2);
	assert_int_equal(rd(CRB_CTRL_START), 1);
}

/* The link answers the cancel from within vtpm_cancel: START and CANCEL both read 0 after the write. */
static void test_cancel_answered_at_once(void **state)
{
	(void)state;
	cancel_answers = true;
	ready();
	put_cmd(getrandom, sizeof(getrandom));
	wr(CRB_CTRL_START, 1);
	wr(CRB_CTRL_CANCEL, 1);
	assert_int_equal(ncancel, 1);
	assert_int_equal(rd(CRB_CTRL_START), 0);
	assert_int_equal(rd(CRB_CTRL_CANCEL), 0);
	assert_memory_equal(buf, canceled_rsp, sizeof(canceled_rsp));
	wr(CRB_CTRL_CANCEL, 1); /* nothing runs now */
	assert_int_equal(ncancel, 1);
	put_cmd(getrandom, sizeof(getrandom));
	wr(CRB_CTRL_START, 1); /* the next command goes out */
	assert_int_equal(nsubmit, 2);
}

/* ---------------------------------------------------------------- the link's answers */

/* A vTPM that is down: TPM_RC_FAILURE in the buffer at once, and tpmSts (a fatal error) from then on. */
static void test_down(void **state)
{
	(void)state;
	answer = VTPM_DOWN;
	ready();
	put_cmd(getrandom, sizeof(getrandom));
	wr(CRB_CTRL_START, 1);
	assert_int_equal(rd(CRB_CTRL_START), 0);
	assert_int_equal(rsp_rc(), VTPM_RC_FAILURE);
	assert_int_equal(rd(CRB_CTRL_STS) & CRB_STS_ERROR, CRB_STS_ERROR);
	wr(CRB_CTRL_REQ, CRB_REQ_GO_IDLE);
	assert_int_equal(rd(CRB_CTRL_STS), CRB_STS_ERROR | CRB_STS_IDLE);
}

/* BUSY (a link bug: START was 0) is answered with TPM_RC_RETRY, never left hanging. */
static void test_busy(void **state)
{
	(void)state;
	answer = VTPM_BUSY;
	ready();
	put_cmd(getrandom, sizeof(getrandom));
	wr(CRB_CTRL_START, 1);
	assert_int_equal(rd(CRB_CTRL_START), 0);
	assert_int_equal(rsp_rc(), CRB_RC_RETRY);
	assert_int_equal(rd(CRB_CTRL_STS) & CRB_STS_ERROR, 0);
}

/* An answer nobody waits for (none in flight, another VM, a VM since detached) changes nothing. */
static void test_stale_answers(void **state)
{
	(void)state;
	put_cmd(getrandom, sizeof(getrandom));
	vtpm_complete(&vm, ok_rsp, sizeof(ok_rsp));
	assert_memory_equal(buf, getrandom, sizeof(getrandom));
	ready();
	wr(CRB_CTRL_START, 1);
	vtpm_complete(&other, ok_rsp, sizeof(ok_rsp)); /* same id, not this VM */
	vtpm_complete(NULL, ok_rsp, sizeof(ok_rsp));
	assert_int_equal(rd(CRB_CTRL_START), 1);
	crb_detach(&vm);
	vtpm_complete(&vm, ok_rsp, sizeof(ok_rsp));
	assert_memory_equal(buf, getrandom, sizeof(getrandom));
	assert_null(crb_of(&vm));
	crb_write(&vm, CRB_CTRL_START, 1); /* a write after the stop reaches nothing */
	assert_int_equal(crb_read(&vm, CRB_CTRL_START), 0xffffffffu);
}

/* Answers of an impossible size, or whose header disagrees with their length, become TPM_RC_FAILURE. */
static void test_malformed_answers(void **state)
{
	static u8 big[CRB_BUF_SIZE + 1];
	const u8 lying[] = { 0x80, 0x01, 0, 0, 0x10, 0, 0, 0, 0, 0, 1, 2 }; /* says 4096, is 12 */
	(void)state;
	ready();
	for (int i = 0; i < 3; i++) {
		put_cmd(getrandom, sizeof(getrandom));
		wr(CRB_CTRL_START, 1);
		if (i == 0)
			vtpm_complete(&vm, ok_rsp, 9);
		else if (i == 1)
			vtpm_complete(&vm, big, sizeof(big));
		else
			vtpm_complete(&vm, lying, sizeof(lying));
		assert_int_equal(rd(CRB_CTRL_START), 0);
		assert_int_equal(rsp_rc(), VTPM_RC_FAILURE);
	}
	assert_int_equal(rd(CRB_CTRL_STS) & CRB_STS_ERROR, 0);
}

/* A restart attaches afresh: power-on state again, nothing of the last run. */
static void test_reattach(void **state)
{
	(void)state;
	ready();
	answer = VTPM_DOWN;
	put_cmd(getrandom, sizeof(getrandom));
	wr(CRB_CTRL_START, 1);
	crb_detach(&vm);
	crb_attach(&vm, regs, buf);
	assert_int_equal(rd(CRB_CTRL_STS), CRB_STS_IDLE);
	assert_int_equal(rd(CRB_LOC_STS), 0);
	assert_int_equal(crb_of(&vm)->submits, 0);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	static const struct CMUnitTest t[] = {
		T(test_power_on),	    T(test_intf_id),	       T(test_reads_of_any_width),
		T(test_read_only_ignored),  T(test_linux_sequence),    T(test_response_clears_rest),
		T(test_two_commands),	    T(test_answer_within_submit), T(test_bad_sizes),
		T(test_size_bounds),	    T(test_rewrite_after_start), T(test_start_not_ready),
		T(test_idle_while_running), T(test_odd_requests),      T(test_cancel),
		T(test_cancel_withdrawn),   T(test_cancel_answered_at_once), T(test_down),	       T(test_busy),
		T(test_stale_answers),	    T(test_malformed_answers), T(test_reattach),
	};
	return cmocka_run_group_tests(t, NULL, NULL);
}
