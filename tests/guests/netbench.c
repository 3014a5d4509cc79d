/* cordon benchmark guests: VM-to-VM throughput over the NIC and over a grant, against the guest's own memcpy. */
#include <tests/guests/guest.h>

#define BATCH 16 /* frames per acknowledgement: the receive queue's depth */
#define NIC_ROUNDS 64
#define GRANT_ROUNDS 256

static u8 src[CORDON_FRAME_MAX * BATCH], dst[CORDON_FRAME_MAX * BATCH];
static u8 gpage[4096] __attribute__((aligned(4096)));

static void report(const char *what, u64 bytes, u64 cycles, u64 base)
{
	gprintf("netbench %s: %llu bytes in %llu cycles = %llu bytes/kcycle; memcpy of the same bytes %llu cycles; "
		"ratio x%llu.%02llu\n", what, bytes, cycles, bytes * 1000 / (cycles ? cycles : 1), base,
		cycles / (base ? base : 1), cycles * 100 / (base ? base : 1) % 100);
}

static u64 memcpy_cost(u64 chunk, u64 n)
{
	u64 t0 = rdtsc();
	for (u64 i = 0; i < n; i++)
		c_memcpy(dst, src, chunk);
	return rdtsc() - t0;
}

static void sender(const char *peer_name)
{
	u64 peer = lookup(peer_name), port = 0, ref = 0, me = 0, t0, t;
	hcall2(CORDON_HC_EVTCHN_ALLOC, peer, 0, 0, &port);
	hcall2(CORDON_HC_GRANT_CREATE, peer, (u64)gpage, CORDON_GRANT_RW, &ref);
	hcall2(CORDON_HC_NIC_INFO, 0, 0, 0, &me);
	for (u32 b = 0; b < BATCH; b++) {
		put_mac(src + b * CORDON_FRAME_MAX, mac_of(peer));
		put_mac(src + b * CORDON_FRAME_MAX + 6, me);
	}
	wait_port(port); /* the receiver is bound and mapped */
	t0 = rdtsc();
	for (u32 r = 0; r < NIC_ROUNDS; r++) {
		for (u32 b = 0; b < BATCH; b++)
			hcall(CORDON_HC_NIC_SEND, (u64)(src + b * CORDON_FRAME_MAX), CORDON_FRAME_MAX, 0);
		hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0);
		wait_port(port);
	}
	t = rdtsc() - t0;
	/* baseline: the same bytes copied once by the sender and once by the receiver */
	report("nic", (u64)NIC_ROUNDS * BATCH * CORDON_FRAME_MAX, t, 2 * memcpy_cost(CORDON_FRAME_MAX, NIC_ROUNDS * BATCH));
	t0 = rdtsc();
	for (u32 r = 0; r < GRANT_ROUNDS; r++) {
		c_memcpy(gpage, src, 4096); /* write into the shared page */
		hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0);
		wait_port(port);
	}
	t = rdtsc() - t0;
	report("grant", (u64)GRANT_ROUNDS * 4096, t, 2 * memcpy_cost(4096, GRANT_ROUNDS));
	*(volatile u64 *)gpage = ~0ULL; /* done */
	hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0);
}

static void receiver(const char *peer_name)
{
	u64 peer = lookup(peer_name), port = 0, len, frames = 0;
	retry(CORDON_HC_GRANT_MAP, peer, 0, DEST, NULL);
	retry(CORDON_HC_EVTCHN_BIND, peer, 0, 0, &port);
	hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0); /* ready */
	for (;;) {
		if (!wait_port(port))
			break;
		if (frames < (u64)NIC_ROUNDS * BATCH) {
			while (hcall2(CORDON_HC_NIC_RECV, (u64)dst, sizeof(dst), 0, &len) == CORDON_OK)
				frames++;
		} else if (*(volatile u64 *)DEST == ~0ULL) {
			break;
		} else {
			c_memcpy(dst, (const void *)DEST, 4096); /* read the shared page out */
		}
		hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0);
	}
	gprintf("netbench receiver: %llu frames\n", frames);
}

int main(void)
{
	const char *c = start_info->cmdline;
	traps_install();
	if (c[0] == 's')
		sender(c + 5); /* "send PEER" */
	else
		receiver(c + 5); /* "recv PEER" */
	return 0;
}
