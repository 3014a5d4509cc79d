/* cordon test guest: pokes its vTPM's CRB out of order, with bad sizes and garbage, then asks for 8 random bytes. */
#include <tests/guests/guest.h>

/*
 * Needs vtpm = yes (tests/integration/cfg/vtpm-crb.cfg). Every step must
 * get a TPM response or a defined register state, never a hang: each wait
 * for START to clear is bounded (WAIT_S) and a timeout is a failure. The
 * last line is the verdict:
 *   verdict: PASS ...   every check held and TPM2_GetRandom gave 8 bytes
 *   verdict: NOTPM ...  every check held, but the vTPM answered TPM_RC_FAILURE (no domain)
 *   verdict: FAIL ...   a check failed (the lines before say which)
 * Register writes are 32-bit stores (cordon emulates no other width on this page); reads are plain.
 */
#define REGS 0xfed40000ULL
#define BUF ((volatile u8 *)0xfed41000ULL)
#define WAIT_S 60 /* the vTPM domain's first command (its engine's start) may take a while under TCG */

#define LOC_STATE 0x00
#define LOC_CTRL 0x08
#define LOC_STS 0x0c
#define INTF_ID 0x30
#define CTRL_REQ 0x40
#define CTRL_STS 0x44
#define CTRL_CANCEL 0x48
#define CTRL_START 0x4c
#define CMD_SIZE 0x58
#define CMD_LADDR 0x5c
#define RSP_ADDR 0x68

static u32 fails, answers;

static u32 rd(u32 off)
{
	return *(volatile u32 *)(uptr)(REGS + off);
}

static void wr(u32 off, u32 v)
{
	*(volatile u32 *)(uptr)(REGS + off) = v;
}

static void check(bool ok, const char *what)
{
	if (!ok) {
		fails++;
		gprintf("FAIL: %s\n", what);
	}
}

static u32 be32(u32 at)
{
	return (u32)BUF[at] << 24 | (u32)BUF[at + 1] << 16 | (u32)BUF[at + 2] << 8 | BUF[at + 3];
}

static void put(const u8 *cmd, u32 len)
{
	for (u32 i = 0; i < len; i++)
		BUF[i] = cmd[i];
}

/* A header claiming size (the code is TPM2_GetRandom's), nothing more. */
static void put_size(u32 size)
{
	const u8 h[10] = { 0x80, 0x01, (u8)(size >> 24), (u8)(size >> 16), (u8)(size >> 8), (u8)size, 0, 0, 0x01, 0x7b };
	put(h, sizeof(h));
}

/* Waits (yielding) until START clears; false after WAIT_S seconds. */
static bool wait_done(void)
{
	u64 t0 = rdtsc(), limit = (u64)WAIT_S * 1000 * start_info->tsc_khz;
	while (rd(CTRL_START) & 1) {
		if (rdtsc() - t0 > limit)
			return false;
		hc_yield();
	}
	return true;
}

/* START, wait, and check the response is whole: a known tag and a size within the buffer. Its rc, or ~0. */
static u32 run(const char *what)
{
	u32 size;
	wr(CTRL_START, 1);
	if (!wait_done()) {
		gprintf("FAIL: %s: no answer in %d s (START still 1)\n", what, WAIT_S);
		fails++;
		return ~0u;
	}
	answers++;
	size = be32(2);
	check((BUF[0] == 0x80 && (BUF[1] == 0x01 || BUF[1] == 0x02)) && size >= 10 && size <= 4096,
	      "the response has a tag and a size within the buffer");
	gprintf("%s: rc 0x%x, %u bytes, tpmSts %u\n", what, be32(6), size, rd(CTRL_STS) & 1);
	return be32(6);
}

/* The layout Linux reads: CRB interface, locality 0 only, the buffer at 0xfed41000 (64-bit reads too). */
static void layout(void)
{
	u32 id = rd(INTF_ID);
	gprintf("INTF_ID 0x%x LOC_STATE 0x%x CTRL_STS 0x%x\n", id, rd(LOC_STATE), rd(CTRL_STS));
	check((id & 0xf) == 1 && (id >> 14 & 1) == 1 && (id >> 8 & 1) == 0, "INTF_ID says CRB, locality 0 only");
	check(rd(LOC_STATE) & 0x80, "tpmRegValidSts");
	check(*(volatile u64 *)(uptr)(REGS + RSP_ADDR) == 0xfed41000ULL, "RSP_ADDR read as 64 bits");
	check(*(volatile u64 *)(uptr)(REGS + CMD_LADDR) == 0xfed41000ULL, "CMD_LADDR:HADDR read as 64 bits");
	check(rd(CMD_SIZE) == 4096, "CTRL_CMD_SIZE 4096");
	wr(INTF_ID, 0);
	wr(CMD_SIZE, 1);
	check(rd(INTF_ID) == id && rd(CMD_SIZE) == 4096, "read-only registers ignore writes");
}

/* Out of order: START with no locality and idle, cancel with nothing running, odd requests. */
static void out_of_order(void)
{
	static const u8 junk[4] = { 0xde, 0xad, 0xbe, 0xef };
	put(junk, sizeof(junk));
	wr(CTRL_START, 1);
	check(rd(CTRL_START) == 0 && BUF[0] == 0xde, "START without locality or cmdReady is ignored");
	wr(CTRL_REQ, 1); /* cmdReady, but no locality */
	wr(CTRL_START, 1);
	check(rd(CTRL_START) == 0 && BUF[0] == 0xde, "START without the locality is ignored");
	wr(LOC_CTRL, 1);
	wr(CTRL_REQ, 2); /* goIdle */
	wr(CTRL_START, 1);
	check(rd(CTRL_START) == 0 && BUF[0] == 0xde, "START while idle is ignored");
	wr(CTRL_CANCEL, 1);
	check(rd(CTRL_CANCEL) == 0, "CANCEL with nothing running reads 0");
	wr(CTRL_REQ, 3);
	wr(LOC_CTRL, 4); /* seize */
	check(rd(CTRL_REQ) == 0 && (rd(CTRL_STS) & 2), "both request bits at once change nothing");
	wr(LOC_CTRL, 2);
	check((rd(LOC_STATE) & 2) == 0 && rd(LOC_STS) == 0, "relinquish");
	wr(LOC_CTRL, 1);
	check((rd(LOC_STATE) & 0x82) == 0x82 && rd(LOC_STS) == 1, "locality 0 granted");
	wr(CTRL_REQ, 1);
	check((rd(CTRL_STS) & 2) == 0 && rd(CTRL_REQ) == 0, "cmdReady");
}

/* Sizes the front end refuses itself: answered with TPM_RC_COMMAND_SIZE at once. */
static void bad_sizes(void)
{
	static const u32 sizes[] = { 0, 9, 4097, 0x10000, 0xffffffffu };
	for (u32 i = 0; i < ARRAY_SIZE(sizes); i++) {
		put_size(sizes[i]);
		check(run("bad size") == 0x142, "a bad size gets TPM_RC_COMMAND_SIZE");
	}
}

static u64 lcg = 0x9e3779b97f4a7c15ULL;
static u8 rnd(void)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (u8)(lcg >> 56);
}

/* Garbage of a valid size (and a truncated command: a header saying more than was written) go to the vTPM. */
static void garbage(void)
{
	put_size(64);
	for (u32 i = 10; i < 64; i++)
		BUF[i] = rnd();
	BUF[6] = rnd(), BUF[7] = rnd(), BUF[8] = rnd(), BUF[9] = rnd();
	run("garbage of 64 bytes");
	for (u32 i = 10; i < 4096; i++)
		BUF[i] = 0;
	put_size(4096); /* TPM2_GetRandom's code, then zeros up to the claimed size */
	run("a GetRandom header claiming 4096 bytes");
}

static const u8 startup[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x44, 0, 0 };	    /* TPM2_Startup(CLEAR) */
static const u8 getrandom[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7b, 0, 8 }; /* TPM2_GetRandom(8) */

/*
 * A rewrite of the buffer right after START, then a storm of STARTs and a cancel while the command
 * runs: the answer is still GetRandom's, whole. The rewrite is judged only if START still read 1
 * after it (the answer came later); a vTPM that answered at once (or while this vCPU was preempted
 * between the two) leaves nothing to judge but the storm.
 */
static void storm_and_rewrite(void)
{
	bool running, after;
	put(getrandom, sizeof(getrandom));
	wr(CTRL_START, 1);
	running = rd(CTRL_START) & 1;
	if (running)
		for (u32 i = 0; i < 4096; i++)
			BUF[i] = 0xff; /* size 0xffffffff, if anyone read it now */
	after = running && (rd(CTRL_START) & 1);
	for (u32 i = 0; i < 2000; i++)
		wr(CTRL_START, 1);
	wr(CTRL_CANCEL, 1);
	if (!wait_done()) {
		gprintf("FAIL: storm: no answer in %d s\n", WAIT_S);
		fails++;
		return;
	}
	answers++;
	gprintf("storm: rc 0x%x, %u bytes, CANCEL %u, %s\n", be32(6), be32(2), rd(CTRL_CANCEL),
		after ? "answered after the rewrite" : running ? "answered during the rewrite" : "answered at once");
	check(rd(CTRL_CANCEL) == 0, "CANCEL clears with START");
	if (running && !after)
		return;
	check(be32(2) >= 10 && be32(2) <= 4096, "the storm's answer is whole");
	check(be32(6) != 0 || be32(2) == 20, "a successful answer is GetRandom's (20 bytes), not the rewritten buffer's");
}

/* cmdline "absent": a VM without vtpm = yes writes LOC_CTRL; cordon must end it with a nested page fault. */
static int absent(void)
{
	gprintf("writing LOC_CTRL without a vTPM\n");
	wr(LOC_CTRL, 1);
	gprintf("verdict: FAIL (a VM without a vTPM wrote its registers)\n");
	return 1;
}

int main(void)
{
	u32 rc, n;
	if (!c_strcmp(start_info->cmdline, "absent"))
		return absent();
	gprintf("starting\n");
	layout();
	out_of_order();
	bad_sizes();
	put(startup, sizeof(startup));
	rc = run("TPM2_Startup");
	check(rc == 0 || rc == 0x100 || rc == 0x101, "Startup answered");
	garbage();
	storm_and_rewrite();
	put(getrandom, sizeof(getrandom));
	rc = run("TPM2_GetRandom(8)");
	n = rc == 0 ? (u32)BUF[10] << 8 | BUF[11] : 0;
	wr(CTRL_REQ, 2);
	wr(LOC_CTRL, 2);
	if (fails)
		gprintf("verdict: FAIL (%u checks failed, %u answers)\n", fails, answers);
	else if (rc == 0 && n == 8)
		gprintf("verdict: PASS (%u answers, no hang; GetRandom gave %u bytes)\n", answers, n);
	else
		gprintf("verdict: NOTPM (%u answers, no hang; GetRandom rc 0x%x, tpmSts %u)\n", answers, rc,
			rd(CTRL_STS) & 1);
	return fails ? 1 : 0;
}
