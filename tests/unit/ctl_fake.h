/* cordon unit tests: fakes for cordon-ctl: the operator keys (tools/ctl/keys.h) and a scripted cordon on a socket. */
#ifndef CORDON_TESTS_CTL_FAKE_H
#define CORDON_TESTS_CTL_FAKE_H
#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <lib/mgmt/mgmt_frame.h>
#include <lib/sha256.h>
#include <tools/ctl/cmd.h>
#include <tools/ctl/keys.h>

/*
 * The fake signer: remembers the digest it was asked to sign and returns a
 * 384-byte "signature" derived from it, so a test can check exactly what was
 * signed and that the signature item carries it. The real RSA-PSS code is
 * tools/ctl/keys.c's, tested on its own.
 */
static u8 fake_signed[32];
static char fake_signed_key[256];
static int fake_sign_calls;

int ctl_keygen(const char *base, char *err, u32 errlen)
{
	char p[512];
	FILE *f;
	snprintf(p, sizeof(p), "%s.pub", base);
	if (!(f = fopen(p, "wb")))
		return snprintf(err, errlen, "cannot write %s", p), -1;
	fputs("CPK1 fake public key", f);
	fclose(f);
	return 0;
}

int ctl_sign(const char *keyfile, const u8 digest[32], u8 *sig, u32 *sig_len, char *err, u32 errlen)
{
	if (*sig_len < 384)
		return snprintf(err, errlen, "signature buffer too small"), -1;
	if (access(keyfile, R_OK) != 0)
		return snprintf(err, errlen, "%s: no such key", keyfile), -1;
	memcpy(fake_signed, digest, 32);
	snprintf(fake_signed_key, sizeof(fake_signed_key), "%s", keyfile);
	fake_sign_calls++;
	for (u32 i = 0; i < 384; i++)
		sig[i] = (u8)(digest[i % 32] ^ i);
	*sig_len = 384;
	return 0;
}

int ctl_load_pub(const char *path, u8 *file, u32 *len, struct sig_pub *k, char *err, u32 errlen)
{
	(void)path, (void)file, (void)len, (void)k;
	return snprintf(err, errlen, "not in the fake"), -1;
}

/* ---- a scripted cordon: one connection, every request kept, each answered by the test's function */

#define FAKE_REQS 8
#define FAKE_REQ_CAP (MGMT_HDR_SIZE + MGMT_MAX_FRAME)
struct fake_ctl;
/* Writes the answer to request number i into out; returns its length, 0 to close the channel, -1 to stay silent. */
typedef int (*fake_answer)(struct fake_ctl *f, u32 i, u16 type, const u8 *items, u32 len, u8 *out, u32 cap);
struct fake_ctl {
	char sock[108];
	int lfd;
	pthread_t th;
	fake_answer answer;
	void *ctx;
	u8 *req[FAKE_REQS];
	u32 req_len[FAKE_REQS], nreq;
	u8 challenge[MGMT_CHALLENGE_LEN];
};

static inline void fake_send(int fd, const u8 *b, u32 n)
{
	while (n) {
		ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		b += w, n -= (u32)w;
	}
}

/* One client's requests, answered in turn; false when the script closed the channel for good. */
static inline bool fake_client(struct fake_ctl *f, int fd, u8 *rbuf, u8 *out)
{
	static u8 in[4096];
	struct mgmt_rd rd;
	ssize_t n;
	mgmt_rd_init(&rd, rbuf, FAKE_REQ_CAP);
	while ((n = recv(fd, in, sizeof(in), 0)) > 0) {
		for (ssize_t k = 0; k < n; k++) {
			if (mgmt_rd_feed(&rd, in[k]) != 1)
				continue;
			u32 i = f->nreq++, len = MGMT_HDR_SIZE + rd.len;
			if (i < FAKE_REQS && (f->req[i] = malloc(len))) {
				memcpy(f->req[i], rbuf, len);
				f->req_len[i] = len;
			}
			int a = f->answer(f, i, rd.type, rbuf + MGMT_HDR_SIZE, rd.len, out, FAKE_REQ_CAP);
			if (a == 0)
				return false;
			if (a > 0)
				fake_send(fd, out, (u32)a);
			mgmt_rd_reset(&rd);
		}
	}
	return true;
}

/* Like QEMU's socket chardev: one client at a time, the next one once it has gone. */
static inline void *fake_serve(void *arg)
{
	struct fake_ctl *f = arg;
	u8 *rbuf = malloc(FAKE_REQ_CAP), *out = malloc(FAKE_REQ_CAP);
	bool more = true;
	int fd;
	while (more && (fd = accept(f->lfd, NULL, NULL)) >= 0) {
		more = fake_client(f, fd, rbuf, out);
		close(fd);
	}
	if (!more)
		shutdown(f->lfd, SHUT_RDWR); /* closed for good: later connections are refused */
	free(rbuf);
	free(out);
	return NULL;
}

/* The requests a fake kept stay readable after fake_stop, until the next fake_start (or fake_release). */
static u8 *fake_kept[FAKE_REQS];

static inline void fake_release(void)
{
	for (u32 i = 0; i < FAKE_REQS; i++) {
		free(fake_kept[i]);
		fake_kept[i] = NULL;
	}
}

static inline void fake_start(struct fake_ctl *f, fake_answer answer, void *ctx)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	fake_release();
	memset(f, 0, sizeof(*f));
	f->answer = answer;
	f->ctx = ctx;
	for (u32 i = 0; i < MGMT_CHALLENGE_LEN; i++)
		f->challenge[i] = (u8)(0xc0 + i);
	snprintf(f->sock, sizeof(f->sock), "/tmp/ctl-test-%d-%p.sock", (int)getpid(), (void *)f);
	unlink(f->sock);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", f->sock);
	assert_true((f->lfd = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(f->lfd, 1), 0);
	assert_int_equal(pthread_create(&f->th, NULL, fake_serve, f), 0);
}

static inline void fake_stop(struct fake_ctl *f)
{
	shutdown(f->lfd, SHUT_RDWR);
	pthread_join(f->th, NULL);
	close(f->lfd);
	unlink(f->sock);
	memcpy(fake_kept, f->req, sizeof(fake_kept));
}

/* ---- running the command line in-process, its stdout and stderr captured */

struct ctl_run {
	int rc;
	char *out, *err;
	size_t out_len, err_len;
};

static inline void run_ctl(struct ctl_run *r, const char *const *args)
{
	char *argv[32];
	int argc = 0;
	FILE *out = open_memstream(&r->out, &r->out_len), *err = open_memstream(&r->err, &r->err_len);
	argv[argc++] = (char *)"cordon-ctl";
	for (; args[argc - 1]; argc++)
		argv[argc] = (char *)args[argc - 1];
	argv[argc] = NULL;
	unsetenv("CORDON_MGMT_SOCK");
	r->rc = ctl_main(argc, argv, out, err);
	fclose(out);
	fclose(err);
}

static inline void free_run(struct ctl_run *r)
{
	free(r->out);
	free(r->err);
}

/* An answer frame: type, MGMT_T_STATUS when status >= 0, MGMT_T_TEXT when text, then extra items (tag, text). */
static inline u32 answer_frame(u8 *out, u32 cap, u16 type, int status, const char *text)
{
	struct mgmt_wr w;
	mgmt_begin(&w, out, cap, type);
	if (status >= 0)
		mgmt_item_u32(&w, MGMT_T_STATUS, (u32)status);
	if (text)
		mgmt_item(&w, MGMT_T_TEXT, text, (u32)strlen(text));
	return mgmt_end(&w);
}

/* Appends an item to a finished frame (fixing its length). */
static inline u32 frame_add(u8 *frame, u32 n, u16 tag, const void *v, u32 len)
{
	u32 plen;
	frame[n] = (u8)(tag >> 8), frame[n + 1] = (u8)tag;
	frame[n + 2] = (u8)(len >> 24), frame[n + 3] = (u8)(len >> 16), frame[n + 4] = (u8)(len >> 8), frame[n + 5] = (u8)len;
	memcpy(frame + n + 6, v, len);
	n += 6 + len;
	plen = n - MGMT_HDR_SIZE;
	frame[8] = (u8)(plen >> 24), frame[9] = (u8)(plen >> 16), frame[10] = (u8)(plen >> 8), frame[11] = (u8)plen;
	return n;
}

static inline u32 frame_add_u64(u8 *frame, u32 n, u16 tag, u64 v)
{
	u8 b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (u8)(v >> (56 - 8 * i));
	return frame_add(frame, n, tag, b, 8);
}

#endif
