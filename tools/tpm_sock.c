/* cordon host tools: TPM commands to swtpm over a UNIX socket, with a timeout on every wait. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <tools/tpm_sock.h>

#define HDR 10 /* tag, size, code (Part 1, 18.2) */

static u32 fail(struct tpm_sock *s, u32 rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
	tpm_sock_close(s); /* a half-done exchange leaves the stream unusable */
	return rc;
}

int tpm_sock_open(struct tpm_sock *s, const char *path, int timeout_ms, struct tpm_dev *d)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	s->timeout_ms = timeout_ms;
	s->err[0] = 0;
	s->fd = -1;
	if (strlen(path) >= sizeof(a.sun_path)) {
		fail(s, 0, "TPM socket path too long: %s", path);
		return -1;
	}
	strcpy(a.sun_path, path);
	s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->fd < 0 || connect(s->fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		fail(s, 0, "cannot connect to TPM socket %s: %s", path, strerror(errno));
		return -1;
	}
	if (d) {
		d->xfer = tpm_sock_xfer;
		d->ctx = s;
	}
	return 0;
}

void tpm_sock_close(struct tpm_sock *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* Waits for events on the socket; false on timeout or error (s->err says which). */
static bool wait_for(struct tpm_sock *s, short events, const char *what)
{
	struct pollfd p = { .fd = s->fd, .events = events };
	int n;
	do
		n = poll(&p, 1, s->timeout_ms);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		fail(s, 0, "TPM did not %s within %d ms", what, s->timeout_ms);
	else if (n < 0)
		fail(s, 0, "poll on TPM socket: %s", strerror(errno));
	return n > 0;
}

static u32 send_all(struct tpm_sock *s, const u8 *b, u32 n)
{
	while (n) {
		ssize_t k;
		if (!wait_for(s, POLLOUT, "accept the command"))
			return TPM2_E_TRANSPORT;
		k = send(s->fd, b, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return fail(s, TPM2_E_TRANSPORT, "sending to TPM: %s", k < 0 ? strerror(errno) : "closed");
		b += k;
		n -= (u32)k;
	}
	return TPM2_OK;
}

static u32 recv_all(struct tpm_sock *s, u8 *b, u32 n)
{
	while (n) {
		ssize_t k;
		if (!wait_for(s, POLLIN, "answer"))
			return TPM2_E_TRANSPORT;
		k = recv(s->fd, b, n, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return fail(s, TPM2_E_TRANSPORT, "TPM socket %s mid-response",
				    k < 0 ? strerror(errno) : "closed");
		b += k;
		n -= (u32)k;
	}
	return TPM2_OK;
}

u32 tpm_sock_xfer(void *ctx, const u8 *cmd, u32 cmd_len, u8 *rsp, u32 rsp_cap, u32 *rsp_len)
{
	struct tpm_sock *s = ctx;
	u32 rc, size;
	if (s->fd < 0)
		return TPM2_E_TRANSPORT; /* s->err still says why */
	if (rsp_cap < HDR)
		return fail(s, TPM2_E_TOOBIG, "response buffer smaller than a TPM header");
	rc = send_all(s, cmd, cmd_len);
	if (rc == TPM2_OK)
		rc = recv_all(s, rsp, HDR);
	if (rc)
		return rc;
	size = (u32)rsp[2] << 24 | (u32)rsp[3] << 16 | (u32)rsp[4] << 8 | rsp[5];
	if (size < HDR)
		return fail(s, TPM2_E_MALFORMED, "TPM response size %u is smaller than its header", size);
	if (size > rsp_cap)
		return fail(s, TPM2_E_TOOBIG, "TPM response of %u bytes exceeds %u", size, rsp_cap);
	rc = recv_all(s, rsp + HDR, size - HDR);
	if (rc == TPM2_OK)
		*rsp_len = size;
	return rc;
}
