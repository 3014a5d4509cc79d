/* cordon core: TPM 2.0 TIS (FIFO) driver at locality 0, the transport the TPM 2.0 commands go through. */
#include <kernel/trust/tpm.h>
#include <kernel/console.h>
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>

/*
 * Register layout: TCG PC Client Platform TPM Profile (PTP) 1.05, 6.5.2
 * (the FIFO interface, same as TIS 1.3). Locality 0 lives at the base.
 */
#define TIS_BASE 0xfed40000ULL
#define TIS_ACCESS 0x000
#define TIS_STS 0x018
#define TIS_BURST 0x019 /* 16-bit burstCount */
#define TIS_FIFO 0x024
#define TIS_DID_VID 0xf00

#define ACCESS_REQUEST_USE 0x02
#define ACCESS_ACTIVE 0x20
#define ACCESS_VALID 0x80
#define STS_EXPECT 0x08
#define STS_DATA_AVAIL 0x10
#define STS_GO 0x20
#define STS_READY 0x40
#define STS_VALID 0x80

/* Short waits for register handshakes; a long one for the command (RSA key generation in swtpm). */
#define WAIT_SHORT_MS 750
#define WAIT_CMD_MS 120000

static volatile u8 *const regs = (volatile u8 *)TIS_BASE; /* identity mapped below 4 GiB */

static u8 rd8(u32 off)
{
	return regs[off];
}

static void wr8(u32 off, u8 v)
{
	regs[off] = v;
}

static u32 rd32(u32 off)
{
	return *(volatile u32 *)(regs + off);
}

static u16 burst(void)
{
	return (u16)(rd8(TIS_BURST) | (rd8(TIS_BURST + 1) << 8));
}

/* Waits until (reg & mask) == want; false on timeout. */
static bool wait_bits(u32 off, u8 mask, u8 want, u64 ms)
{
	u64 end = rdtsc() + ms * tsc_khz();
	while ((rd8(off) & mask) != want)
		if (rdtsc() > end)
			return false;
		else
			pause();
	return true;
}

static u16 wait_burst(void)
{
	u64 end = rdtsc() + WAIT_SHORT_MS * tsc_khz();
	u16 b;
	while (!(b = burst()) && rdtsc() < end)
		pause();
	return b;
}

/* A TPM is there if the access register is valid and the vendor ID is not all ones. */
bool tis_probe(u32 *did_vid)
{
	u8 a = rd8(TIS_ACCESS);
	*did_vid = rd32(TIS_DID_VID);
	if (a == 0xff || !(a & ACCESS_VALID) || *did_vid == 0xffffffffu || *did_vid == 0)
		return false;
	wr8(TIS_ACCESS, ACCESS_REQUEST_USE);
	return wait_bits(TIS_ACCESS, ACCESS_ACTIVE | ACCESS_VALID, ACCESS_ACTIVE | ACCESS_VALID, WAIT_SHORT_MS);
}

static bool send(const u8 *cmd, u32 len)
{
	u32 i = 0;
	wr8(TIS_STS, STS_READY);
	if (!wait_bits(TIS_STS, STS_READY, STS_READY, WAIT_SHORT_MS))
		return false;
	while (i < len) {
		u16 b = wait_burst();
		if (!b)
			return false;
		for (; b && i < len; b--)
			wr8(TIS_FIFO, cmd[i++]);
		/* Expect stays set while the TPM wants more bytes (PTP 5.5.2.5). */
		if (!wait_bits(TIS_STS, STS_VALID, STS_VALID, WAIT_SHORT_MS))
			return false;
		if (i < len && !(rd8(TIS_STS) & STS_EXPECT))
			return false;
	}
	if (rd8(TIS_STS) & STS_EXPECT)
		return false;
	wr8(TIS_STS, STS_GO);
	return true;
}

static bool read_bytes(u8 *out, u32 n)
{
	u32 i = 0;
	while (i < n) {
		u16 b = wait_burst();
		if (!b)
			return false;
		for (; b && i < n; b--)
			out[i++] = rd8(TIS_FIFO);
	}
	return true;
}

/* Reads the 10-byte header, checks the size it announces against cap, then the rest. */
static u32 receive(u8 *rsp, u32 cap, u32 *rsp_len)
{
	u32 size;
	if (!wait_bits(TIS_STS, STS_VALID | STS_DATA_AVAIL, STS_VALID | STS_DATA_AVAIL, WAIT_CMD_MS))
		return TPM2_E_TRANSPORT;
	if (!read_bytes(rsp, 10))
		return TPM2_E_TRANSPORT;
	size = (u32)rsp[2] << 24 | (u32)rsp[3] << 16 | (u32)rsp[4] << 8 | rsp[5];
	if (size < 10 || size > cap)
		return TPM2_E_MALFORMED;
	if (!read_bytes(rsp + 10, size - 10))
		return TPM2_E_TRANSPORT;
	/* More data than the header announced means we and the TPM disagree about framing. */
	if (!wait_bits(TIS_STS, STS_VALID, STS_VALID, WAIT_SHORT_MS) || (rd8(TIS_STS) & STS_DATA_AVAIL))
		return TPM2_E_MALFORMED;
	*rsp_len = size;
	return TPM2_OK;
}

u32 tis_xfer(void *ctx, const u8 *cmd, u32 cmd_len, u8 *rsp, u32 rsp_cap, u32 *rsp_len)
{
	u32 rc;
	(void)ctx;
	if (!send(cmd, cmd_len)) {
		wr8(TIS_STS, STS_READY); /* abort: back to idle for the next command */
		return TPM2_E_TRANSPORT;
	}
	rc = receive(rsp, rsp_cap, rsp_len);
	wr8(TIS_STS, STS_READY);
	return rc;
}
