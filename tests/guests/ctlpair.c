/* cordon test guest (management plane): a grant and an event channel that a policy change revokes while in use. */
#include <tests/guests/guest.h>

#define TICKS 9000 /* 90 s of ticks: the test loads the new policy within that */

static u8 page[4096] __attribute__((aligned(4096)));
static int failures;

static void check(const char *what, bool ok)
{
	failures += !ok;
	gprintf("%s: %s\n", ok ? "ok" : "FAIL", what);
}

static u8 pattern(int i)
{
	return (u8)(0xa5 ^ i);
}

/* granter: offers a read-write page and a port; once the channel is closed, its own page must be unchanged. */
static void role_granter(const char *peer_name)
{
	u64 peer = lookup(peer_name), ref = 9, port = 9;
	bool closed = false, intact = true;
	for (int i = 0; i < 4096; i++)
		page[i] = pattern(i);
	check("grant a read-write page", hcall2(CORDON_HC_GRANT_CREATE, peer, (u64)page, CORDON_GRANT_RW, &ref) == 0);
	check("event port for the reader", hcall2(CORDON_HC_EVTCHN_ALLOC, peer, 0, 0, &port) == 0);
	check("the reader is bound", wait_port(port));
	gprintf("granter: sharing with %s\n", peer_name);
	for (int t = 0; t < TICKS && !closed; t++) {
		closed = hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0) == CORDON_E_NOENT;
		guest_event_seen = 0;
		wait_event(1);
	}
	check("the policy change closed the event channel", closed);
	for (int i = 0; i < 4096; i++)
		intact &= page[i] == pattern(i);
	check("my page is intact after the revoke", intact);
}

/* reader: maps the page and reads it every tick until the policy change replaces it with zeros. */
static void role_reader(const char *granter_name)
{
	u64 g = lookup(granter_name), port = 9, reads = 0;
	volatile const u8 *p = (volatile const u8 *)DEST;
	bool zeros = false, torn = false;
	check("map the granter's page", retry(CORDON_HC_GRANT_MAP, g, 0, DEST, NULL) == 0);
	check("bind the granter's port", retry(CORDON_HC_EVTCHN_BIND, g, 0, 0, &port) == 0);
	check("tell the granter", hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0) == 0);
	gprintf("reader: reading the granted page\n");
	for (int t = 0; t < TICKS && !zeros && !torn; t++, reads++) {
		u32 same = 0, zero = 0;
		for (int i = 0; i < 4096; i++) {
			same += p[i] == pattern(i);
			zero += p[i] == 0;
		}
		zeros = zero == 4096;
		torn = !zeros && same != 4096;
		guest_event_seen = 0;
		wait_event(1);
	}
	gprintf("reader: %llu reads of the granter's data before the change\n", reads);
	check("after the policy change the page reads zeros", zeros && !torn);
	check("the event channel is closed", hcall(CORDON_HC_EVTCHN_SEND, port, 0, 0) == CORDON_E_NOENT);
	check("mapping the grant again is refused", hcall(CORDON_HC_GRANT_MAP, g, 0, DEST + 0x1000) != CORDON_OK);
}

static u64 number(const char *s)
{
	u64 v = 0;
	while (c_isdigit(*s))
		v = v * 10 + (u64)(*s++ - '0');
	return v;
}

static u8 offered[16][4096] __attribute__((aligned(4096)));

/* G pages offered to the peer, then the peer's G mapped at DEST onwards: 2 G live bindings a pair. */
static u64 grants(u64 g, u64 peer)
{
	u64 ref, made = 0, mapped = 0;
	for (u64 i = 0; i < g && i < 16; i++)
		made += hcall2(CORDON_HC_GRANT_CREATE, peer, (u64)offered[i], CORDON_GRANT_RO, &ref) == 0;
	for (u64 i = 0; i < made; i++)
		mapped += retry(CORDON_HC_GRANT_MAP, peer, i, DEST + i * 4096, NULL) == 0;
	return mapped;
}

/* offer K G PEER (make bench): K event ports for the peer to bind, and G grants each way. */
static void role_offer(u64 k, u64 g, const char *peer_name)
{
	u64 peer = lookup(peer_name), port, made = 0;
	for (u64 i = 0; i < k; i++)
		made += hcall2(CORDON_HC_EVTCHN_ALLOC, peer, 0, 0, &port) == 0;
	gprintf("offered %llu port(s), mapped %llu grant(s)\n", made, grants(g, peer));
}

/* bind K G PEER (make bench): binds the peer's K ports, and G grants each way. */
static void role_bind(u64 k, u64 g, const char *peer_name)
{
	u64 peer = lookup(peer_name), port, bound = 0, mapped = grants(g, peer);
	for (u64 i = 0; i < k; i++)
		bound += retry(CORDON_HC_EVTCHN_BIND, peer, i, 0, &port) == 0;
	gprintf("bound %llu channel(s), mapped %llu grant(s)\n", bound, mapped);
}

/* idle: runs until cordon asks it to stop (CORDON_EVENT_STOP), then exits (the lifecycle cases use it). */
static void role_idle(void)
{
	u64 pending = 0;
	while (!((pending >> CORDON_EVENT_STOP) & 1)) {
		guest_event_seen = 0;
		if (wait_event(100))
			hcall2(CORDON_HC_EVTCHN_PENDING, 0, 0, 0, &pending);
	}
	gprintf("stop event seen: exiting\n");
}

int main(void)
{
	static char cmd[256];
	char *argv[4] = { "", "", "", "" };
	int n = 0;
	c_strlcpy(cmd, start_info->cmdline, sizeof(cmd));
	for (char *s = cmd; *s && n < 4; n++) { /* "ROLE PEER" or "ROLE K G PEER" */
		argv[n] = s;
		while (*s && *s != ' ')
			s++;
		if (*s)
			*s++ = 0;
	}
	traps_install();
	gprintf("%s (label %s) starts as '%s'\n", start_info->name, start_info->label, argv[0]);
	if (!c_strcmp(argv[0], "granter"))
		role_granter(argv[1]);
	else if (!c_strcmp(argv[0], "reader"))
		role_reader(argv[1]);
	else if (!c_strcmp(argv[0], "offer"))
		role_offer(number(argv[1]), number(argv[2]), argv[3]);
	else if (!c_strcmp(argv[0], "bind"))
		role_bind(number(argv[1]), number(argv[2]), argv[3]);
	if (c_strcmp(argv[0], "granter") && c_strcmp(argv[0], "reader"))
		role_idle();
	gprintf("ctlpair %s: %d failure(s)\n", argv[0], failures);
	return failures;
}
