/* cordon tests: a man in the middle on the management channel that presents another TPM's EK as cordon's. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <lib/mgmt/mgmt_frame.h>

/*
 * usage: mgmt-mitm EVIDENCE LISTEN CORDON
 * Listens on the UNIX socket LISTEN for one verifier and relays it to
 * cordon's channel at CORDON, but rewrites cordon's identity answer: the EK
 * certificate and EK public area become those saved in EVIDENCE (a
 * cordon-attest evidence file from another TPM), the AK stays cordon's. This
 * is the attack credential activation exists for: a genuine EK certificate
 * paired with an AK that lives in a different TPM.
 */
static u8 in[1 << 20], out[1 << 20], saved[1 << 20];

static int unix_sock(const char *path, int listening)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	if (listening) {
		unlink(path);
		if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 1) < 0)
			return -1;
		return fd;
	}
	return connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ? -1 : fd;
}

/* The IDENTITY_RSP frame of an evidence file (a sequence of frames). */
static const u8 *saved_identity(const char *path, u32 *plen)
{
	FILE *f = fopen(path, "rb");
	u32 n = f ? (u32)fread(saved, 1, sizeof(saved), f) : 0, off = 0;
	if (f)
		fclose(f);
	while (off + MGMT_HDR_SIZE <= n) {
		u32 len = (u32)saved[off + 8] << 24 | saved[off + 9] << 16 | saved[off + 10] << 8 | saved[off + 11];
		if (len > n - off - MGMT_HDR_SIZE)
			break;
		if ((saved[off + 4] << 8 | saved[off + 5]) == MGMT_IDENTITY_RSP) {
			*plen = len;
			return saved + off + MGMT_HDR_SIZE;
		}
		off += MGMT_HDR_SIZE + len;
	}
	return NULL;
}

static u32 forged_identity(const u8 *mine, u32 mlen, const u8 *theirs, u32 tlen)
{
	struct mgmt_wr w;
	u32 n;
	const u8 *p;
	mgmt_begin(&w, out, sizeof(out), MGMT_IDENTITY_RSP);
	if ((p = mgmt_find(theirs, tlen, MGMT_T_EK_CERT, &n)))
		mgmt_item(&w, MGMT_T_EK_CERT, p, n);
	if ((p = mgmt_find(theirs, tlen, MGMT_T_EK_PUB, &n)))
		mgmt_item(&w, MGMT_T_EK_PUB, p, n);
	if ((p = mgmt_find(mine, mlen, MGMT_T_AK_PUB, &n)))
		mgmt_item(&w, MGMT_T_AK_PUB, p, n);
	return mgmt_end(&w);
}

int main(int argc, char **argv)
{
	u32 tlen = 0;
	const u8 *theirs = argc == 4 ? saved_identity(argv[1], &tlen) : NULL;
	int l = theirs ? unix_sock(argv[2], 1) : -1, v, c;
	struct mgmt_rd rd;
	u8 buf[4096];
	if (!theirs || l < 0)
		return fprintf(stderr, "usage: mgmt-mitm EVIDENCE LISTEN CORDON (evidence needs an identity)\n"), 2;
	printf("listening\n");
	fflush(stdout);
	if ((v = accept(l, NULL, NULL)) < 0 || (c = unix_sock(argv[3], 0)) < 0)
		return perror("mgmt-mitm"), 2;
	mgmt_rd_init(&rd, in, sizeof(in));
	for (;;) {
		struct pollfd p[2] = { { .fd = v, .events = POLLIN }, { .fd = c, .events = POLLIN } };
		ssize_t n;
		if (poll(p, 2, -1) < 0)
			return 2;
		if (p[0].revents) { /* verifier -> cordon: as it is */
			if ((n = read(v, buf, sizeof(buf))) <= 0 || write(c, buf, (size_t)n) != n)
				return 0;
		}
		if (p[1].revents) { /* cordon -> verifier: frame by frame, the identity forged */
			if ((n = read(c, buf, sizeof(buf))) <= 0)
				return 0;
			for (ssize_t i = 0; i < n; i++) {
				u32 len;
				if (!mgmt_rd_feed(&rd, buf[i]))
					continue;
				len = MGMT_HDR_SIZE + rd.len;
				if (rd.type == MGMT_IDENTITY_RSP)
					len = forged_identity(in + MGMT_HDR_SIZE, rd.len, theirs, tlen);
				if (write(v, rd.type == MGMT_IDENTITY_RSP ? out : in, len) != (ssize_t)len)
					return 0;
				mgmt_rd_reset(&rd);
			}
		}
	}
}
