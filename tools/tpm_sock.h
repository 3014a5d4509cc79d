/* cordon host tools: a TPM transport over swtpm's raw command socket (swtpm socket --server type=unixio). */
#ifndef CORDON_TOOLS_TPM_SOCK_H
#define CORDON_TOOLS_TPM_SOCK_H
#include <lib/tpm2/tpm2.h>

struct tpm_sock {
	int fd;		/* -1 once closed or after a failed exchange (the stream is out of step) */
	int timeout_ms; /* per poll: one command may take this long to answer */
	char err[200];	/* why the last call failed, one line */
};

/* Connects to the socket at path; 0 or -1 with s->err set. d (if not NULL) gets this transport. */
int tpm_sock_open(struct tpm_sock *s, const char *path, int timeout_ms, struct tpm_dev *d);
void tpm_sock_close(struct tpm_sock *s);
/* struct tpm_dev's xfer: plain command bytes out, one response (10-byte header, then the rest) in. */
u32 tpm_sock_xfer(void *ctx, const u8 *cmd, u32 cmd_len, u8 *rsp, u32 rsp_cap, u32 *rsp_len);

#endif
