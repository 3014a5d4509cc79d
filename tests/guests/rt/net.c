/* cordon test guests: runtime helpers for VMs that share: lookups, retries, events, Ethernet frames. */
#include <tests/guests/guest.h>

u8 frame[CORDON_FRAME_MAX];

u64 lookup(const char *name)
{
	u64 id = ~0ULL;
	if (hcall2(CORDON_HC_VM_LOOKUP, (u64)name, c_strlen(name), 0, &id) != CORDON_OK)
		gprintf("no VM named %s\n", name);
	return id;
}

/* Retries a call that fails with E_NOENT while the peer has not set its side up yet. */
s64 retry(u64 nr, u64 a1, u64 a2, u64 a3, u64 *out)
{
	s64 st = CORDON_E_NOENT;
	for (int i = 0; i < TRIES && st == CORDON_E_NOENT; i++)
		if ((st = hcall2(nr, a1, a2, a3, out)) == CORDON_E_NOENT)
			hc_yield();
	return st;
}

u64 mac_of(u64 id)
{
	return 0x020000000000ULL | (id + 1);
}

void put_mac(u8 *p, u64 mac)
{
	for (int i = 0; i < 6; i++)
		p[i] = (u8)(mac >> (8 * (5 - i)));
}

s64 send_frame(u64 dst, u64 src, const char *text)
{
	u64 n = c_strlen(text) + 1;
	put_mac(frame, dst);
	put_mac(frame + 6, src);
	frame[12] = ETHERTYPE >> 8, frame[13] = ETHERTYPE & 0xff;
	c_memcpy(frame + 14, text, n);
	return hcall(CORDON_HC_NIC_SEND, (u64)frame, 14 + n, 0);
}

/* Waits for one frame; returns its length (0 if none came). */
u64 recv_frame(void)
{
	u64 len = 0;
	for (int i = 0; i < TRIES; i++) {
		if (hcall2(CORDON_HC_NIC_RECV, (u64)frame, sizeof(frame), 0, &len) == CORDON_OK)
			return len;
		guest_event_seen = 0;
		wait_event(2);
	}
	return 0;
}

bool wait_port(u64 port)
{
	u64 pending = 0;
	for (int i = 0; i < TRIES; i++) {
		wait_event(2); /* the interrupt first, then the bits it announced */
		guest_event_seen = 0;
		hcall2(CORDON_HC_EVTCHN_PENDING, 0, 0, 0, &pending);
		if (pending & (1ULL << port))
			return true;
	}
	return false;
}

