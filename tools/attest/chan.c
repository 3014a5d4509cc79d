/* cordon-attest: the management channel as seen from the verifier (a UNIX stream socket). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <tools/attest/chan.h>

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int try_connect(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
		return fd;
	if (fd >= 0)
		close(fd);
	return -1;
}

int chan_open(struct chan *c, const char *path, u32 timeout_s, char *err, size_t cap)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->path = path;
	c->timeout_s = timeout_s;
	c->deadline_ms = now_ms() + (long long)timeout_s * 1000;
	if (strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return snprintf(err, cap, "socket path too long: %s", path), -1;
	if (!(c->buf = malloc(MGMT_HDR_SIZE + MGMT_MAX_FRAME)))
		return snprintf(err, cap, "out of memory"), -1;
	mgmt_rd_init(&c->rd, c->buf, MGMT_HDR_SIZE + MGMT_MAX_FRAME);
	while ((c->fd = try_connect(path)) < 0) {
		int e = errno;
		if (now_ms() >= c->deadline_ms) {
			snprintf(err, cap, "cannot connect to %s within %u s: %s", path, timeout_s, strerror(e));
			free(c->buf);
			c->buf = NULL;
			return -1;
		}
		usleep(200 * 1000);
	}
	return 0;
}

void chan_close(struct chan *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	c->fd = -1;
	c->buf = NULL;
}

static int send_all(struct chan *c, const u8 *b, u32 n)
{
	while (n) {
		ssize_t w = send(c->fd, b, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w, n -= (u32)w;
	}
	return 0;
}

/* Feeds queued bytes to the frame reader until a frame of type want (or an error) is complete. */
static bool drain(struct chan *c, u16 want)
{
	while (c->in_off < c->in_len) {
		if (mgmt_rd_feed(&c->rd, c->in[c->in_off++]) != 1)
			continue;
		if (c->rd.type == want || c->rd.type == MGMT_ERROR)
			return true;
		if (c->rd.type == MGMT_READY)
			c->ready = true;
		mgmt_rd_reset(&c->rd); /* anything else is stale or unsolicited */
	}
	return false;
}

/* 0: a frame is in; 1: time to resend; -1: the deadline passed; -2: the connection closed. */
static int wait_frame(struct chan *c, u16 want, long long resend_at)
{
	for (;;) {
		if (drain(c, want))
			return 0;
		long long t = now_ms(), until = resend_at && resend_at < c->deadline_ms ? resend_at : c->deadline_ms;
		if (t >= c->deadline_ms) /* first, so a peer repeating READY cannot keep us resending forever */
			return -1;
		if (c->ready || t >= until) {
			c->ready = false;
			return 1;
		}
		struct pollfd p = { .fd = c->fd, .events = POLLIN };
		if (poll(&p, 1, (int)(until - t)) <= 0)
			continue;
		ssize_t r = recv(c->fd, c->in, sizeof(c->in), 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -2;
		c->in_len = (u32)r;
		c->in_off = 0;
	}
}

int chan_call(struct chan *c, const u8 *req, u32 req_len, u16 want, u32 resend_ms, char *err, size_t cap)
{
	int r = 1;
	c->deadline_ms = now_ms() + (long long)c->timeout_s * 1000;
	mgmt_rd_reset(&c->rd);
	while (r == 1) {
		if (send_all(c, req, req_len) < 0)
			return snprintf(err, cap, "connection to %s lost while sending: %s", c->path, strerror(errno)), -1;
		r = wait_frame(c, want, resend_ms ? now_ms() + resend_ms : 0);
	}
	if (r == -2)
		return snprintf(err, cap, "cordon closed the channel on %s", c->path), -1;
	if (r == -1)
		return snprintf(err, cap, "no answer from cordon within %u s on %s", c->timeout_s, c->path), -1;
	return 0;
}
