/* cordon core: the management channel: frames in and out over COM2, polled from the scheduler loop. */
#include <kernel/trust/tpm.h>
#include <kernel/trust/ctl.h>
#include <kernel/console.h>
#include <kernel/mem/pmm.h>
#include <lib/mgmt/mgmt_frame.h>
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>

#define RX_SIZE KiB(64)
#define TX_SIZE MiB(2) /* the firmware log (at most BI_MAX_TPM_LOG), final events, runtime log */
#define IDLE_MS 20     /* a frame in progress: keep reading while bytes arrive this often */

static u8 *rx, *tx;
static struct mgmt_rd rd;
static bool up;

static void send(const u8 *b, u32 n)
{
	for (u32 i = 0; i < n; i++)
		serial2_putc(b[i]);
}

void mgmt_init(const struct bootinfo *bi)
{
	struct mgmt_wr w;
	(void)bi;
	if (!serial2_init()) {
		kprintf("cordon: no COM2 UART: no management channel\n");
		return;
	}
	rx = (u8 *)pmm_alloc(RX_SIZE, PAGE_SIZE);
	tx = (u8 *)pmm_alloc(TX_SIZE, PAGE_SIZE);
	if (!rx || !tx)
		panic("no memory for the management channel");
	mgmt_rd_init(&rd, rx, RX_SIZE);
	up = true;
	mgmt_begin(&w, tx, TX_SIZE, MGMT_READY);
	send(tx, mgmt_end(&w));
	kprintf("cordon: management channel ready on COM2 (attestation: tools/cordon-attest)\n");
}

static void dispatch(void)
{
	u32 n = rd.type == MGMT_CHALLENGE_REQ || rd.type == MGMT_CTL_REQ
			? ctl_handle(rd.type, rx + MGMT_HDR_SIZE, rd.len, tx, TX_SIZE)
			: attest_handle(rd.type, rx + MGMT_HDR_SIZE, rd.len, tx, TX_SIZE);
	send(tx, n);
	mgmt_rd_reset(&rd);
}

/*
 * The UART FIFO holds 16 bytes, so a request arrives over many polls; once
 * one has begun, keep reading while bytes keep coming instead of waiting a
 * scheduler pass per 16 bytes.
 */
void mgmt_poll(void)
{
	u64 idle_end = 0;
	int c;
	if (!up || !rx || !tx) /* up implies both; testing them keeps make prove from joining the no-UART state */
		return;
	for (;;) {
		if ((c = serial2_getc()) >= 0) {
			if (mgmt_rd_feed(&rd, (u8)c))
				dispatch();
			idle_end = rd.have ? rdtsc() + IDLE_MS * tsc_khz() : 0;
		} else if (!idle_end || rdtsc() > idle_end) {
			return;
		} else {
			pause();
		}
	}
}
