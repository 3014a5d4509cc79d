/* cordon tests: hostile management requests (replays, stale challenges, edited, misplaced and bad items). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <lib/mgmt/mgmt_frame.h>
#include <lib/mgmt/ctl_req.h>
#include <tools/ctl/keys.h>

/*
 * usage: ctl-poke SOCK OPERATOR.key. Each probe prints "probe NAME: STATUS"
 * (cordon's status name, or "no answer"). Every signed probe names a VM that
 * does not exist, so one that got through would say no-such-vm and change nothing.
 * ctl-poke SOCK OPERATOR.key flood N FIRST signed|unsigned: N stop requests
 * for VMs wrapFIRST..; signed, each is answered no-such-vm and audited as a
 * record of its own (t_ctl fills the audit ring with them); unsigned, each is
 * refused and counted as a repeat of one record. Prints how many got the
 * answer expected.
 * ctl-poke SOCK OPERATOR.key swap POLICY ENVELOPE: a request the operator
 * signed that carries POLICY with an envelope the authority signed for
 * another policy ("probe swapped-envelope: STATUS").
 */
static int fd;
static const char *key;
static u8 rx[1 << 16], req[8192];

static void put(const void *b, size_t n)
{
	if (write(fd, b, n) != (ssize_t)n) {
		perror("ctl-poke: write");
		exit(2);
	}
}

/* The next frame other than READY within ms; its type (payload in rx) or -1. */
static int answer(int ms, struct mgmt_rd *r)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	u8 c;
	mgmt_rd_init(r, rx, sizeof(rx));
	while (poll(&p, 1, ms) == 1 && read(fd, &c, 1) == 1) {
		if (!mgmt_rd_feed(r, c))
			continue;
		if (r->type != MGMT_READY)
			return r->type;
		mgmt_rd_reset(r);
	}
	return -1;
}

static void challenge(u8 out[MGMT_CHALLENGE_LEN])
{
	struct mgmt_rd r;
	struct mgmt_wr w;
	u32 n;
	mgmt_begin(&w, req, sizeof(req), MGMT_CHALLENGE_REQ);
	put(req, mgmt_end(&w));
	if (answer(30000, &r) != MGMT_CHALLENGE_RSP || !mgmt_get(rx + MGMT_HDR_SIZE, r.len, MGMT_T_CHALLENGE, out,
								    MGMT_CHALLENGE_LEN, &n))
		fprintf(stderr, "ctl-poke: no challenge\n"), exit(2);
}

static void probe(const char *name, const u8 *b, size_t n)
{
	struct mgmt_rd r;
	u32 st, len;
	put(b, n);
	if (answer(30000, &r) < 0)
		printf("probe %s: no answer\n", name);
	else if (mgmt_get(rx + MGMT_HDR_SIZE, r.len, MGMT_T_STATUS, &st, 4, &len))
		printf("probe %s: %s\n", name, mgmt_status_name(__builtin_bswap32(st)));
	else
		printf("probe %s: answer type 0x%x without a status\n", name, r.type);
}

/* A signed "stop VM" with challenge ch (NULL: none); tail adds items after the signature. Returns its size. */
static u32 signed_stop(const char *vm, const u8 *ch, bool tail)
{
	struct mgmt_wr w;
	u8 d[32], sig[CTL_SIG_MAX];
	u32 slen = sizeof(sig);
	char err[200];
	mgmt_begin(&w, req, sizeof(req), MGMT_CTL_REQ);
	mgmt_item_u32(&w, MGMT_T_OP, MGMT_OP_STOP);
	mgmt_item(&w, MGMT_T_VM, vm, (u32)strlen(vm));
	if (ch)
		mgmt_item(&w, MGMT_T_CHALLENGE, ch, MGMT_CHALLENGE_LEN);
	ctl_req_digest(MGMT_CTL_REQ, req + MGMT_HDR_SIZE, w.len - MGMT_HDR_SIZE, d);
	if (ctl_sign(key, d, sig, &slen, err, sizeof(err)))
		fprintf(stderr, "ctl-poke: %s\n", err), exit(2);
	mgmt_item(&w, MGMT_T_CTL_SIG, sig, slen);
	if (tail)
		mgmt_item_u32(&w, MGMT_T_FLAGS, 0);
	return mgmt_end(&w);
}

static void probes(void)
{
	static u8 copy[sizeof(req)];
	u8 ch[MGMT_CHALLENGE_LEN], old[MGMT_CHALLENGE_LEN];
	struct mgmt_wr w;
	u32 n;
	mgmt_begin(&w, req, sizeof(req), MGMT_CTL_REQ);
	mgmt_item_u32(&w, MGMT_T_OP, MGMT_OP_STOP);
	mgmt_item(&w, MGMT_T_VM, "poke-unsigned", 13);
	probe("unsigned", req, mgmt_end(&w));
	challenge(ch);
	n = signed_stop("poke-replay", ch, false);
	memcpy(copy, req, n);
	probe("first", copy, n); /* authenticated: no-such-vm */
	probe("replay", copy, n);
	probe("no-challenge", req, signed_stop("poke-nochallenge", NULL, false));
	challenge(old);
	challenge(ch);
	probe("old-challenge", req, signed_stop("poke-old", old, false));
	challenge(ch);
	n = signed_stop("poke-flip", ch, false);
	req[MGMT_HDR_SIZE + 10 + 6] ^= 1; /* a letter of the VM name, after the op item and the name's header */
	probe("flipped-byte", req, n);
	challenge(ch);
	probe("sig-not-last", req, signed_stop("poke-tail", ch, true));
	mgmt_begin(&w, req, sizeof(req), MGMT_CTL_REQ);
	mgmt_item_u32(&w, MGMT_T_OP, MGMT_OP_LIST);
	n = mgmt_end(&w);
	req[11] += 3; /* the frame says 3 bytes more than its items fill: they arrive, but tile nothing */
	memcpy(req + n, "\0\0\0", 3);
	probe("truncated", req, n + 3);
	mgmt_begin(&w, req, sizeof(req), MGMT_CTL_REQ);
	mgmt_item_u32(&w, MGMT_T_OP, 77);
	probe("unknown-op", req, mgmt_end(&w));
	for (n = 0; n < 2000; n++)
		req[n] = (u8)(n * 37 + 11) == 'C' ? 'c' : (u8)(n * 37 + 11); /* never a magic */
	put(req, 2000);
	printf("probe garbage: %s\n", answer(1500, &(struct mgmt_rd){ 0 }) < 0 ? "no answer" : "an answer");
}

static void flood(u32 n, u32 first, bool sign)
{
	struct mgmt_wr w;
	struct mgmt_rd r;
	char name[32];
	u8 ch[MGMT_CHALLENGE_LEN];
	u32 got = 0, st, len, want = sign ? MGMT_S_NO_SUCH_VM : MGMT_S_UNAUTHENTICATED, size;
	for (u32 i = first; i < first + n; i++) {
		snprintf(name, sizeof(name), "wrap%u", i);
		if (sign) {
			challenge(ch);
			size = signed_stop(name, ch, false);
		} else {
			mgmt_begin(&w, req, sizeof(req), MGMT_CTL_REQ);
			mgmt_item_u32(&w, MGMT_T_OP, MGMT_OP_STOP);
			mgmt_item(&w, MGMT_T_VM, name, (u32)strlen(name));
			size = mgmt_end(&w);
		}
		put(req, size);
		if (answer(30000, &r) == MGMT_CTL_RSP && mgmt_get(rx + MGMT_HDR_SIZE, r.len, MGMT_T_STATUS, &st, 4, &len) &&
		    __builtin_bswap32(st) == want)
			got++;
	}
	printf("flood: %u of %u answered %s\n", got, n, mgmt_status_name(want));
}

static u32 slurp(const char *path, u8 *buf, u32 cap)
{
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(buf, 1, cap, f) : 0;
	if (f)
		fclose(f);
	if (!n)
		fprintf(stderr, "ctl-poke: cannot read %s\n", path), exit(2);
	return (u32)n;
}

static void swap(const char *policy, const char *envelope)
{
	static u8 pol[65536], env[4096];
	u32 np = slurp(policy, pol, sizeof(pol)), ne = slurp(envelope, env, sizeof(env)), slen = CTL_SIG_MAX;
	u8 ch[MGMT_CHALLENGE_LEN], d[32], sig[CTL_SIG_MAX];
	static u8 big[sizeof(pol) + sizeof(env) + 1024];
	struct mgmt_wr w;
	char err[200];
	challenge(ch);
	mgmt_begin(&w, big, sizeof(big), MGMT_CTL_REQ);
	mgmt_item_u32(&w, MGMT_T_OP, MGMT_OP_POLICY_LOAD);
	mgmt_item(&w, MGMT_T_POLICY, pol, np);
	mgmt_item(&w, MGMT_T_POLICY_SIG, env, ne);
	mgmt_item(&w, MGMT_T_CHALLENGE, ch, sizeof(ch));
	ctl_req_digest(MGMT_CTL_REQ, big + MGMT_HDR_SIZE, w.len - MGMT_HDR_SIZE, d);
	if (ctl_sign(key, d, sig, &slen, err, sizeof(err)))
		fprintf(stderr, "ctl-poke: %s\n", err), exit(2);
	mgmt_item(&w, MGMT_T_CTL_SIG, sig, slen);
	probe("swapped-envelope", big, mgmt_end(&w));
}

int main(int argc, char **argv)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	bool flooding = argc == 7 && !strcmp(argv[3], "flood"), swapping = argc == 6 && !strcmp(argv[3], "swap");
	if ((argc != 3 && !flooding && !swapping) || strlen(argv[1]) >= sizeof(a.sun_path))
		return fprintf(stderr, "usage: ctl-poke SOCK OPERATOR.key [flood N FIRST signed|unsigned | swap POLICY ENVELOPE]\n"), 2;
	strcpy(a.sun_path, argv[1]);
	key = argv[2];
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		return perror("ctl-poke: connect"), 2;
	if (flooding)
		flood((u32)atoi(argv[4]), (u32)atoi(argv[5]), !strcmp(argv[6], "signed"));
	else if (swapping)
		swap(argv[4], argv[5]);
	else
		probes();
	close(fd);
	return 0;
}
