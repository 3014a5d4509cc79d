/* cordon unit tests: a throw-away swtpm with an EK certificate, its EK and an AK (for the attestation tests). */
#ifndef CORDON_TESTS_ATTEST_TPM_H
#define CORDON_TESTS_ATTEST_TPM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <lib/tpm2/tpm2.h>
#include <tools/tpm_sock.h>

/* Everything one test TPM needs; big (two TPM buffers), so keep it static. */
struct tpm_fixture {
	char dir[64], sock[96];
	struct tpm_sock s;
	struct tpm_dev d;
	u32 ek, ak;
	struct tpm2_pub ek_pub, ak_pub;
};

static int fixture_sh(const char *fmt, const char *a, const char *b)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), fmt, a, b);
	return system(cmd);
}

/* Creates a primary key from a template writer under hierarchy h. */
static u32 fixture_primary(struct tpm_fixture *f, u32 h, void (*tmpl)(struct tpm_wr *), u32 *handle,
			   struct tpm2_pub *pub)
{
	u8 buf[TPM2_MAX_PUBLIC];
	struct tpm_wr w = { .p = buf, .cap = sizeof(buf) };
	tmpl(&w);
	return tpm2_create_primary(&f->d, h, buf, (u16)w.len, handle, pub);
}

/* 0: a fresh swtpm serves on f->sock with EK and AK loaded; -1: swtpm is unavailable (say why and skip). */
static int fixture_up(struct tpm_fixture *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/cordon-tpm-XXXXXX");
	if (!mkdtemp(f->dir) || access("tools/tpm-setup.sh", X_OK) != 0)
		return fprintf(stderr, "no temp dir or tools/tpm-setup.sh (run from the repository root)\n"), -1;
	snprintf(f->sock, sizeof(f->sock), "%s/tpm.sock", f->dir);
	if (fixture_sh("tools/tpm-setup.sh %s%s >/dev/null", f->dir, "") != 0 ||
	    fixture_sh("tools/tpm-setup.sh --serve %s %s", f->dir, f->sock) != 0 ||
	    tpm_sock_open(&f->s, f->sock, 10000, &f->d) < 0)
		return fprintf(stderr, "swtpm unavailable: %s\n", f->s.err), -1;
	if (fixture_primary(f, TPM_RH_ENDORSEMENT, tpm2_tmpl_ek_rsa, &f->ek, &f->ek_pub) != TPM2_OK ||
	    fixture_primary(f, TPM_RH_ENDORSEMENT, tpm2_tmpl_ak_rsa, &f->ak, &f->ak_pub) != TPM2_OK)
		return fprintf(stderr, "CreatePrimary failed on swtpm\n"), -1;
	return 0;
}

static void fixture_down(struct tpm_fixture *f)
{
	tpm_sock_close(&f->s);
	if (f->dir[0]) {
		fixture_sh("tools/tpm-setup.sh --stop %s%s >/dev/null 2>&1", f->dir, "");
		fixture_sh("rm -rf %s%s", f->dir, "");
	}
}

#endif
