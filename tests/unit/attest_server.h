/* cordon unit tests: a fake cordon for cordon-attest: measured "boot" into swtpm, the protocol, edited evidence. */
#ifndef CORDON_TESTS_ATTEST_SERVER_H
#define CORDON_TESTS_ATTEST_SERVER_H
#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <tests/unit/attest_tpm.h>
#include <lib/mgmt/mgmt_frame.h>
#include <lib/tcg/tcglog.h>
#include <lib/tpm2/tpm2_int.h>
#include <tools/attest/evidence.h>
#include <tools/attest/x509.h>
#include <tools/refvals.h>

#define FAKE_LOG 16384

struct fake_cordon {
	struct tpm_fixture *tpm;
	char sock[100]; /* fits sockaddr_un.sun_path */
	int lfd;
	pthread_t th;
	u8 ek_cert[2048], fw[FAKE_LOG], rt[FAKE_LOG];
	u32 ek_cert_len, fw_len, rt_len;
	bool wrong_cred;   /* answer ActivateCredential with something else */
	bool refuse_quote; /* answer QUOTE_REQ with MGMT_ERROR */
};

static void fake_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* The ESP the fake boots (two VMs, no policy), its reference values, and them written to path. */
static void fake_ref(struct fake_cordon *f, struct refvals *ref, char *path, size_t cap)
{
	static const char cfg[] = "[vm]\nname = alpha\nimage = guests/a.elf\nmemory = 4M\nlabel = green\n\n"
				  "[vm]\nname = bravo\nimage = guests/b.elf\nmemory = 4M\n";
	char esp[128], err[256];
	FILE *out;
	snprintf(esp, sizeof(esp), "%s/esp", f->tpm->dir);
	assert_int_equal(fixture_sh("mkdir -p %s/guests%s", esp, ""), 0);
	fake_file(esp, "hypervisor.elf", "not really an ELF");
	fake_file(esp, "guests/a.elf", "guest a");
	fake_file(esp, "guests/b.elf", "guest b");
	if (refvals_make(cfg, sizeof(cfg) - 1, esp, ref, err, sizeof(err)) < 0)
		fail_msg("refvals_make: %s", err);
	snprintf(path, cap, "%s/test.ref", f->tpm->dir);
	assert_non_null(out = fopen(path, "w"));
	assert_int_equal(refvals_write(out, ref), 0);
	fclose(out);
}

/* The project CA that signs swtpm's EK certificates (tools/tpm-setup.sh --ca-bundle). */
static void fake_ca(struct x509_bundle *ca, char *path, size_t cap)
{
	FILE *p = popen("tools/tpm-setup.sh --ca-bundle", "r");
	char err[256], *pem;
	size_t n;
	assert_non_null(p && fgets(path, (int)cap, p) ? p : NULL);
	pclose(p);
	path[strcspn(path, "\n")] = 0;
	assert_non_null(pem = refvals_read_file(path, &n));
	if (x509_bundle_parse(pem, n, ca, err, sizeof(err)))
		fail_msg("CA bundle: %s", err);
	free(pem);
}

/* TPM2_PCR_Extend of the SHA-256 bank (Part 3, 22.2): what firmware and loader do, which lib/tpm2 has no call for. */
static u32 fake_extend(struct tpm_dev *d, u32 pcr, const u8 digest[32])
{
	static const u32 pw = TPM_RS_PW;
	struct tpm2_call c;
	struct tpm_rd r;
	u32 rc;
	tc_start(&c, d, 0x00000182u /* TPM_CC_PCR_Extend */, 0);
	tc_handle(&c, pcr);
	tc_auth(&c, &pw, 1);
	tw_u32(&c.w, 1);
	tw_u16(&c.w, TPM_ALG_SHA256);
	tw_bytes(&c.w, digest, 32);
	rc = tc_run(&c, &r);
	return rc ? rc : tc_end(&r);
}

/* One measured event: into the TPM and into a log. */
static void fake_event(struct fake_cordon *f, u8 *log, u32 *len, u32 pcr, const u8 digest[32], const char *data)
{
	u32 n = tcglog_put_event(log + *len, FAKE_LOG - *len, pcr, TCG_EV_IPL, digest, data, (u32)strlen(data));
	assert_int_not_equal(n, 0);
	*len += n;
	assert_int_equal(fake_extend(&f->tpm->d, pcr, digest), TPM2_OK);
}

/* A boot that measures exactly what ref expects: firmware events in 0-7, the loader's, the runtime log. */
static void fake_boot(struct fake_cordon *f, const struct refvals *ref)
{
	char s[MEV_MAX];
	u8 d[32];
	f->fw_len = tcglog_put_header(f->fw, FAKE_LOG);
	f->rt_len = tcglog_put_header(f->rt, FAKE_LOG);
	for (u32 pcr = 0; pcr < 8; pcr++) {
		snprintf(s, sizeof(s), "firmware event for PCR %u", pcr);
		sha256(s, strlen(s), d);
		fake_event(f, f->fw, &f->fw_len, pcr, d, s);
	}
	for (u32 i = 0; i < ref->nload; i++)
		fake_event(f, f->fw, &f->fw_len, ref->load[i].pcr, ref->load[i].digest, ref->load[i].data);
	for (u32 i = 0; i < ref->nrt; i++)
		fake_event(f, f->rt, &f->rt_len, MEV_PCR_RUNTIME, ref->rt[i].digest, ref->rt[i].data);
	for (u32 v = 0; v < ref->nvms; v++) {
		const struct ref_vm *vm = &ref->vms[v];
		mev_rt_vm_start(s, sizeof(s), vm->name, strcmp(vm->label, "-") ? vm->label : "", vm->image_digest);
		sha256(s, strlen(s), d);
		fake_event(f, f->rt, &f->rt_len, MEV_PCR_RUNTIME, d, s);
	}
	assert_int_equal(tpm2_nv_read_all(&f->tpm->d, TPM_NV_EK_CERT_RSA, f->ek_cert, sizeof(f->ek_cert), &f->ek_cert_len),
			 TPM2_OK);
}

static void fake_identity(struct fake_cordon *f, struct mgmt_wr *w)
{
	mgmt_item(w, MGMT_T_EK_CERT, f->ek_cert, f->ek_cert_len);
	mgmt_item(w, MGMT_T_EK_PUB, f->tpm->ek_pub.b, f->tpm->ek_pub.len);
	mgmt_item(w, MGMT_T_AK_PUB, f->tpm->ak_pub.b, f->tpm->ak_pub.len);
}

/* Replaces the answer being built with an MGMT_ERROR. */
static void fake_error(struct mgmt_wr *w, u32 status, const char *text)
{
	mgmt_begin(w, w->buf, w->cap, MGMT_ERROR);
	mgmt_item_u32(w, MGMT_T_STATUS, status);
	mgmt_item(w, MGMT_T_TEXT, text, (u32)strlen(text));
}

static void fake_activate(struct fake_cordon *f, const u8 *p, u32 len, struct mgmt_wr *w)
{
	u32 bl = 0, sl = 0, session, rc;
	const u8 *blob = mgmt_find(p, len, MGMT_T_CRED_BLOB, &bl), *sec = mgmt_find(p, len, MGMT_T_CRED_SECRET, &sl);
	u8 out[64];
	u16 out_len = 0;
	struct tpm_dev *d = &f->tpm->d;
	rc = tpm2_start_policy_session(d, &session);
	if (!rc)
		rc = tpm2_policy_secret(d, TPM_RH_ENDORSEMENT, session);
	if (!rc)
		rc = tpm2_activate_credential(d, f->tpm->ak, f->tpm->ek, session, blob, (u16)bl, sec, (u16)sl, out, &out_len);
	tpm2_flush(d, session);
	if (rc) {
		fake_error(w, MGMT_S_TPM_FAILED, "ActivateCredential failed");
		return;
	}
	out[0] ^= f->wrong_cred;
	mgmt_item(w, MGMT_T_CERT_INFO, out, out_len);
}

static void fake_quote(struct fake_cordon *f, const u8 *p, u32 len, struct mgmt_wr *w)
{
	u32 nl = 0;
	const u8 *nonce = mgmt_find(p, len, MGMT_T_NONCE, &nl);
	u8 attest[TPM2_MAX_ATTEST], sig[TPM2_MAX_SIG];
	u16 al = 0, sl = 0;
	assert_int_equal(tpm2_quote(&f->tpm->d, f->tpm->ak, nonce, (u16)nl, MEV_QUOTE_MASK, attest, &al, sig, &sl), TPM2_OK);
	mgmt_item(w, MGMT_T_ATTEST, attest, al);
	mgmt_item(w, MGMT_T_SIGNATURE, sig, sl);
	mgmt_item_u32(w, MGMT_T_PCR_MASK, MEV_QUOTE_MASK);
	mgmt_item(w, MGMT_T_FW_LOG, f->fw, f->fw_len);
	mgmt_item(w, MGMT_T_RT_LOG, f->rt, f->rt_len);
}

static void fake_answer(struct fake_cordon *f, int fd, const struct mgmt_rd *rd)
{
	static u8 out[MGMT_HDR_SIZE + 4 * FAKE_LOG];
	const u8 *p = rd->buf + MGMT_HDR_SIZE;
	struct mgmt_wr w;
	mgmt_begin(&w, out, sizeof(out), (u16)(rd->type + 1)); /* every response type is its request's plus one */
	if (rd->type == MGMT_IDENTITY_REQ)
		fake_identity(f, &w);
	else if (rd->type == MGMT_ACTIVATE_REQ)
		fake_activate(f, p, rd->len, &w);
	else if (rd->type == MGMT_QUOTE_REQ && f->refuse_quote)
		fake_error(&w, MGMT_S_NO_TPM, "test");
	else if (rd->type == MGMT_QUOTE_REQ)
		fake_quote(f, p, rd->len, &w);
	u32 n = mgmt_end(&w);
	if (n)
		assert_int_equal(send(fd, out, n, MSG_NOSIGNAL), n);
}

/* Serves one verifier connection: firmware noise and READY first, as a booting cordon would. */
static void *fake_serve(void *arg)
{
	static const char noise[] = "BdsDxe: loading Boot0001 \"UEFI QEMU HARDDISK\"\r\n";
	static u8 buf[MGMT_HDR_SIZE + 4096], ready[MGMT_HDR_SIZE];
	struct fake_cordon *f = arg;
	struct mgmt_rd rd;
	struct mgmt_wr w;
	u8 in[512];
	ssize_t n;
	int fd = accept(f->lfd, NULL, NULL);
	mgmt_begin(&w, ready, sizeof(ready), MGMT_READY);
	if (fd < 0 || send(fd, noise, sizeof(noise) - 1, MSG_NOSIGNAL) < 0 || send(fd, ready, mgmt_end(&w), MSG_NOSIGNAL) < 0)
		return NULL;
	mgmt_rd_init(&rd, buf, sizeof(buf));
	while ((n = recv(fd, in, sizeof(in), 0)) > 0)
		for (ssize_t i = 0; i < n; i++)
			if (mgmt_rd_feed(&rd, in[i]) == 1) {
				fake_answer(f, fd, &rd);
				mgmt_rd_reset(&rd);
			}
	close(fd);
	return NULL;
}

static void fake_start(struct fake_cordon *f)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(f->sock, sizeof(f->sock), "%s/mgmt.sock", f->tpm->dir);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", f->sock);
	unlink(f->sock);
	f->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(f->lfd, 1), 0);
	assert_int_equal(pthread_create(&f->th, NULL, fake_serve, f), 0);
}

static void fake_stop(struct fake_cordon *f)
{
	pthread_join(f->th, NULL);
	close(f->lfd);
}

/* An attacker's edit: evidence file from rewritten to to with the quote's item tag replaced by n bytes. */
static void fake_edit_quote(const char *from, const char *to, u16 tag, const u8 *b, u32 n)
{
	static struct evidence e;
	static u8 frame[MGMT_HDR_SIZE + 4 * FAKE_LOG];
	struct mgmt_wr w;
	char err[256];
	if (evidence_load(&e, from, err, sizeof(err)))
		fail_msg("%s", err);
	const u8 *p = e.frame[EVID_F_QUOTE] + MGMT_HDR_SIZE, *end = e.frame[EVID_F_QUOTE] + e.frame_len[EVID_F_QUOTE];
	mgmt_begin(&w, frame, sizeof(frame), MGMT_QUOTE_RSP);
	while (p < end) { /* items: u16 tag, u32 length, bytes */
		u16 t = (u16)(p[0] << 8 | p[1]);
		u32 len = (u32)p[2] << 24 | (u32)p[3] << 16 | (u32)p[4] << 8 | p[5];
		if (t == tag)
			mgmt_item(&w, t, b, n);
		else
			mgmt_item(&w, t, p + 6, len);
		p += 6 + len;
	}
	free(e.frame[EVID_F_QUOTE]);
	e.frame_len[EVID_F_QUOTE] = mgmt_end(&w);
	e.frame[EVID_F_QUOTE] = malloc(e.frame_len[EVID_F_QUOTE]);
	memcpy(e.frame[EVID_F_QUOTE], frame, e.frame_len[EVID_F_QUOTE]);
	assert_int_equal(evidence_save(&e, to), 0);
	evidence_free(&e);
}

#endif
