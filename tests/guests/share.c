/* cordon test guest (sharing): grants, event channels and the NIC between labelled VMs; role from cmdline. */
#include <tests/guests/guest.h>

static u8 shared[4096] __attribute__((aligned(4096)));
static u8 for_red[4096] __attribute__((aligned(4096)));
static int failures;

static void check(const char *what, bool ok)
{
	failures += !ok;
	gprintf("%s: %s\n", ok ? "ok" : "FAIL", what);
}

/* green-a: offers a page and a port to green-b (and, for the denial test, to red), then talks over the NIC. */
static void role_a(const char *b_name, const char *red_name)
{
	u64 b = lookup(b_name), red = lookup(red_name), ref = 9, port = 9, me = 0, ref_r, port_r;
	c_strlcpy((char *)shared, "grant from green-a", sizeof(shared));
	check("grant a page to green-b", hcall2(CORDON_HC_GRANT_CREATE, b, (u64)shared, CORDON_GRANT_RW, &ref) == 0 && ref == 0);
	check("grant a page to red", hcall2(CORDON_HC_GRANT_CREATE, red, (u64)for_red, CORDON_GRANT_RO, &ref_r) == 0);
	check("event port for green-b", hcall2(CORDON_HC_EVTCHN_ALLOC, b, 0, 0, &port) == 0 && port == 0);
	check("event port for red", hcall2(CORDON_HC_EVTCHN_ALLOC, red, 0, 0, &port_r) == 0);
	check("green-b's event arrived as an interrupt", wait_port(port) && guest_event_count > 0);
	gprintf("shared page now says '%s'\n", (const char *)shared);
	check("green-b wrote its reply into the granted page", !c_strcmp((const char *)shared, "reply from green-b"));
	hcall2(CORDON_HC_NIC_INFO, 0, 0, 0, &me);
	check("ping green-b over the NIC", send_frame(mac_of(b), me, "ping from green-a") == 0);
	check("pong came back over the NIC", recv_frame() && !c_strcmp((const char *)frame + 14, "pong from green-b"));
	check("spoofed source MAC refused", send_frame(mac_of(b), mac_of(b), "spoof") == CORDON_E_PERM);
	for (int i = 0; i < 100; i++) /* give red time to try (and fail) */
		hc_yield();
	check("revoke the grant", hcall(CORDON_HC_GRANT_REVOKE, ref, 0, 0) == 0);
	check("tell green-b", hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0) == 0);
	check("green-b wrote after the revoke", wait_port(port));
	check("my page kept green-b's last write before the revoke, not its later one",
	      !c_strcmp((const char *)shared, "reply from green-b"));
}

/* green-b: maps the page, replies through it, binds the port, answers the NIC ping, checks the revoke. */
static void role_b(const char *a_name)
{
	u64 a = lookup(a_name), port = 9, len, me = 0;
	volatile const char *page = (volatile const char *)DEST;
	check("map green-a's grant", retry(CORDON_HC_GRANT_MAP, a, 0, DEST, NULL) == 0);
	gprintf("mapped page says '%s'\n", (const char *)DEST);
	check("page holds green-a's message", !c_strcmp((const char *)DEST, "grant from green-a"));
	c_strlcpy((char *)DEST, "reply from green-b", 64);
	check("bind green-a's port", retry(CORDON_HC_EVTCHN_BIND, a, 0, 0, &port) == 0);
	check("send an event to green-a", hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0) == 0);
	len = recv_frame();
	check("ping arrived over the NIC", len && !c_strcmp((const char *)frame + 14, "ping from green-a"));
	hcall2(CORDON_HC_NIC_INFO, 0, 0, 0, &me);
	check("answer with a pong", send_frame(mac_of(a), me, "pong from green-b") == 0);
	check("green-a's revoke notice arrived", wait_port(port));
	check("after the revoke the page reads zeros, not green-a's memory", page[0] == 0 && page[1] == 0);
	c_strlcpy((char *)DEST, "written after the revoke", 64); /* ended the VM before: the stand-in was read-only */
	check("a write after the revoke lands in a page of my own", !c_strcmp((const char *)DEST, "written after the revoke"));
	check("tell green-a", hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0) == 0);
	check("unmap the stand-in page", hcall(CORDON_HC_GRANT_UNMAP, DEST, 0, 0) == 0);
	check("map a revoked grant: E_NOENT", hcall(CORDON_HC_GRANT_MAP, a, 0, DEST) == CORDON_E_NOENT);
	check("map a grant never made: E_NOENT", hcall(CORDON_HC_GRANT_MAP, a, 7, DEST) == CORDON_E_NOENT);
	check("map a grant made for another VM: E_NOENT", hcall(CORDON_HC_GRANT_MAP, a, 1, DEST) == CORDON_E_NOENT);
	check("grant a page outside my memory: E_FAULT",
	      hcall(CORDON_HC_GRANT_CREATE, start_info->vm_id, start_info->mem_size + 0x1000, CORDON_GRANT_RO) ==
		      CORDON_E_FAULT); /* to itself: green-a may have ended by now, and an ended peer is E_INVAL */
}

/* endgranter: offers a read-write page and a port to its peer, waits for the peer's write, then ends. */
static void role_endgranter(const char *peer_name)
{
	u64 d = lookup(peer_name), ref = 9, port = 9;
	c_strlcpy((char *)shared, "from the granter", sizeof(shared));
	check("grant a read-write page", hcall2(CORDON_HC_GRANT_CREATE, d, (u64)shared, CORDON_GRANT_RW, &ref) == 0);
	check("event port for the peer", hcall2(CORDON_HC_EVTCHN_ALLOC, d, 0, 0, &port) == 0);
	check("the peer wrote into the page", wait_port(port) && !c_strcmp((const char *)shared, "the peer was here"));
}

/* endpeer: maps the page and writes; once the granter has ended, it keeps using the address as its own. */
static void role_endpeer(const char *granter_name)
{
	u64 c = lookup(granter_name), port = 9;
	volatile const u8 *page = (volatile const u8 *)DEST;
	bool gone = false, zeros = true;
	check("map the granter's page", retry(CORDON_HC_GRANT_MAP, c, 0, DEST, NULL) == 0);
	check("it holds the granter's text", !c_strcmp((const char *)DEST, "from the granter"));
	c_strlcpy((char *)DEST, "the peer was here", 64);
	check("bind the granter's port", retry(CORDON_HC_EVTCHN_BIND, c, 0, 0, &port) == 0);
	check("tell the granter", hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0) == 0);
	for (int i = 0; i < 4 * TRIES && !gone; i++) /* the channel closes when the granter ends */
		if (!(gone = hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0) == CORDON_E_NOENT))
			hc_yield();
	check("the granter has ended", gone);
	for (int i = 0; i < 4096; i++)
		zeros &= page[i] == 0;
	check("after the granter's end the page reads zeros", zeros);
	c_strlcpy((char *)DEST, "mine now", 64);
	check("and my writes there are kept in a page of my own", !c_strcmp((const char *)DEST, "mine now"));
	check("unmap it", hcall(CORDON_HC_GRANT_UNMAP, DEST, 0, 0) == 0);
}

/* flood: frames and events as fast as it can, then it ends in the middle of the stream. */
static void role_flood(const char *sink_name)
{
	u64 sink = lookup(sink_name), port = 9, me = 0, sent = 0;
	check("event port for the sink", hcall2(CORDON_HC_EVTCHN_ALLOC, sink, 0, 0, &port) == 0);
	hcall2(CORDON_HC_NIC_INFO, 0, 0, 0, &me);
	check("the sink is ready", wait_port(port));
	for (int i = 0; i < 32; i++) { /* broadcasts: every NIC on this segment, none on another */
		send_frame(0xffffffffffffULL, me, "broadcast");
		if (i % 8 == 7)
			hc_yield(); /* let the sink drain its 16-frame queue */
	}
	for (int i = 0; i < 3000; i++) {
		sent += send_frame(mac_of(sink), me, "flood") == 0;
		hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0);
	}
	gprintf("sent %llu frames; ending mid-stream\n", sent);
}

/* listen: a NIC on another segment; no frame from the flood may ever reach it. */
static void role_listen(void)
{
	u64 len = 0, got = 0;
	for (int i = 0; i < 600; i++) {
		while (hcall2(CORDON_HC_NIC_RECV, (u64)frame, sizeof(frame), 0, &len) == CORDON_OK)
			got++;
		hc_yield();
	}
	gprintf("frames from other segments: %llu\n", got);
	check("no frame crossed from another segment", got == 0);
}

/* sink: drains what it can; after the flooder is gone it must still work normally. */
static void role_sink(const char *flood_name)
{
	u64 f = lookup(flood_name), port = 9, len = 0, got = 0, bcast = 0;
	check("bind the flooder's port", retry(CORDON_HC_EVTCHN_BIND, f, 0, 0, &port) == 0);
	hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0); /* ready */
	for (int i = 0; i < 3000; i++) {
		while (hcall2(CORDON_HC_NIC_RECV, (u64)frame, sizeof(frame), 0, &len) == CORDON_OK) {
			got++;
			bcast += frame[0] == 0xff;
		}
		hc_yield();
		if (i > 200 && hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0) == CORDON_E_NOENT)
			break; /* the flooder has ended: its end of the channel is closed */
	}
	gprintf("received %llu frames (%llu broadcast)\n", got, bcast);
	check("after the flooder ended, sends on its channel fail cleanly",
	      hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0) == CORDON_E_NOENT);
	check("and the NIC still answers (queue drained)",
	      hcall2(CORDON_HC_NIC_RECV, (u64)frame, sizeof(frame), 0, &len) == CORDON_E_AGAIN);
}

/* red: every attempt to reach green must be refused by the reference monitor. */
static void role_red(const char *a_name)
{
	u64 a = lookup(a_name), x;
	int refused = 0;
	check("map green-a's grant: refused (E_PERM)", retry(CORDON_HC_GRANT_MAP, a, 1, DEST, NULL) == CORDON_E_PERM);
	for (int i = 0; i < 299; i++) /* a hostile retry loop: the audit trail counts it, and keeps older records */
		refused += hcall(CORDON_HC_GRANT_MAP, a, 1, DEST) == CORDON_E_PERM;
	check("299 more tries: all refused", refused == 299);
	check("bind green-a's port: refused (E_PERM)", retry(CORDON_HC_EVTCHN_BIND, a, 1, 0, &x) == CORDON_E_PERM);
	check("no NIC: its attach to green-seg was refused", hcall2(CORDON_HC_NIC_INFO, 0, 0, 0, &x) == CORDON_E_NODEV);
	check("sending a frame fails cleanly", send_frame(~0ULL, 0, "let me in") == CORDON_E_NODEV);
	check("reading the audit trail needs privilege", hcall(CORDON_HC_AUDIT_READ, 0, (u64)frame, 512) == CORDON_E_PERM);
}

/* Splits "role arg1 arg2" in place. */
static int split(char *s, char **argv, int max)
{
	int n = 0;
	while (*s && n < max) {
		while (*s == ' ')
			*s++ = 0;
		if (*s)
			argv[n++] = s;
		while (*s && *s != ' ')
			s++;
	}
	return n;
}

int main(void)
{
	static char cmd[256];
	char *argv[3] = { "", "", "" };
	c_strlcpy(cmd, start_info->cmdline, sizeof(cmd));
	split(cmd, argv, 3);
	traps_install();
	gprintf("%s (label %s) starts as '%s'\n", start_info->name, start_info->label, argv[0]);
	if (!c_strcmp(argv[0], "a"))
		role_a(argv[1], argv[2]);
	else if (!c_strcmp(argv[0], "b"))
		role_b(argv[1]);
	else if (!c_strcmp(argv[0], "red"))
		role_red(argv[1]);
	else if (!c_strcmp(argv[0], "endgranter"))
		role_endgranter(argv[1]);
	else if (!c_strcmp(argv[0], "endpeer"))
		role_endpeer(argv[1]);
	else if (!c_strcmp(argv[0], "flood"))
		role_flood(argv[1]);
	else if (!c_strcmp(argv[0], "sink"))
		role_sink(argv[1]);
	else if (!c_strcmp(argv[0], "listen"))
		role_listen();
	gprintf("share %s: %d failure(s)\n", argv[0], failures);
	return failures;
}
