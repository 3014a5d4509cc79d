/* cordon tests: sends hostile bytes to cordon's management channel and checks each gets a clean answer. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <lib/mgmt/mgmt_frame.h>

/*
 * usage: mgmt-poke SOCK. Each probe prints one line "probe NAME: OUTCOME";
 * the integration test checks them and then that a real verifier still
 * gets its answers (cordon neither hung nor crashed).
 */
static int fd;
static u8 rxbuf[1 << 20];

static void put(const void *b, size_t n)
{
	if (write(fd, b, n) != (ssize_t)n) {
		perror("mgmt-poke: write");
		exit(2);
	}
}

/* Reads frames until one arrives (READY frames skipped) or ms pass; returns its type or -1. */
static int answer(int ms, u32 *status)
{
	struct mgmt_rd r;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	u8 c;
	mgmt_rd_init(&r, rxbuf, sizeof(rxbuf));
	while (poll(&p, 1, ms) == 1 && read(fd, &c, 1) == 1) {
		if (!mgmt_rd_feed(&r, c))
			continue;
		if (r.type == MGMT_READY) {
			mgmt_rd_reset(&r);
			continue;
		}
		u32 n;
		const u8 *s = mgmt_find(rxbuf + MGMT_HDR_SIZE, r.len, MGMT_T_STATUS, &n);
		*status = s && n == 4 ? (u32)s[0] << 24 | s[1] << 16 | s[2] << 8 | s[3] : ~0u;
		return r.type;
	}
	return -1;
}

static void probe(const char *name, const u8 *b, size_t n, int ms)
{
	u32 st = 0;
	int t;
	put(b, n);
	t = answer(ms, &st);
	if (t < 0)
		printf("probe %s: no answer\n", name);
	else if (t == MGMT_ERROR)
		printf("probe %s: error status %u\n", name, st);
	else
		printf("probe %s: answer type 0x%x\n", name, t);
}

static size_t frame(u8 *b, u16 type, u32 len)
{
	const u8 h[12] = { 'C', 'M', 'G', '1', type >> 8, type & 0xff, 0, 0, len >> 24, len >> 16, len >> 8, len };
	memcpy(b, h, 12);
	return 12;
}

int main(int argc, char **argv)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	static u8 b[4096];
	size_t n;
	if (argc != 2 || strlen(argv[1]) >= sizeof(a.sun_path))
		return fprintf(stderr, "usage: mgmt-poke SOCK\n"), 2;
	strcpy(a.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		return perror("mgmt-poke: connect"), 2;
	for (n = 0; n < 3000; n++)
		b[n] = (u8)(n * 131 + 7) == 'C' ? 'c' : (u8)(n * 131 + 7); /* never a magic */
	probe("garbage", b, 3000, 1500);
	n = frame(b, MGMT_QUOTE_REQ, MGMT_MAX_FRAME + 1);
	probe("oversized-length", b, n, 1500);
	n = frame(b, MGMT_QUOTE_REQ, 10);
	memcpy(b + n, "\x00\x07\xff\xff\xff\xff\x00\x00\x00\x00", 10); /* an item longer than the frame */
	probe("item-overrun", b, n + 10, 5000);
	n = frame(b, 0x55, 0);
	probe("unknown-type", b, n, 5000);
	n = frame(b, MGMT_QUOTE_REQ, 10);
	memcpy(b + n, "\x00\x07\x00\x00\x00\x04" "abcd", 10); /* nonce too short */
	probe("short-nonce", b, n + 10, 5000);
	n = frame(b, MGMT_ACTIVATE_REQ, 0);
	probe("activate-without-items", b, n, 30000);
	close(fd);
	return 0;
}
