/* cordon-ref: makes the reference values of an ESP and predicts its PCR 8 and 9 (format: tools/refvals.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tools/refvals.h>

static int usage(void)
{
	fprintf(stderr, "usage: cordon-ref make --cfg BOOT.CFG --esp-dir DIR [--accept-policy POLICY.bin]... -o FILE.ref\n"
			"         DIR holds \\cordon's files as on the ESP (hypervisor.elf, the policy, keys, guest images);\n"
			"         each --accept-policy names a policy the verifier accepts in force after a policy load\n"
			"       cordon-ref predict FILE.ref   prints the PCR values a sealed secret needs: 8=HEX 9=HEX\n");
	return 2;
}

/* Writes next to out and renames, so a failed run never leaves a half-written reference behind. */
static int write_ref(const struct refvals *r, const char *out)
{
	char tmp[4096];
	FILE *f;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", out) >= sizeof(tmp))
		return fprintf(stderr, "cordon-ref: %s: path too long\n", out), 1;
	if (!(f = fopen(tmp, "w")))
		return fprintf(stderr, "cordon-ref: %s: %s\n", tmp, strerror(errno)), 1;
	if (refvals_write(f, r) < 0 || fclose(f) != 0 || rename(tmp, out) != 0) {
		fprintf(stderr, "cordon-ref: writing %s: %s\n", out, strerror(errno));
		remove(tmp);
		return 1;
	}
	return 0;
}

/* Each --accept-policy file, after the boot policy refvals_make listed. */
static int accept_all(struct refvals *r, const char *const *files, int n)
{
	char err[256], *data;
	size_t len;
	int rc;
	for (int i = 0; i < n; i++) {
		if (!(data = refvals_read_file(files[i], &len)))
			return fprintf(stderr, "cordon-ref: %s: %s\n", files[i], strerror(errno)), 1;
		rc = refvals_accept_policy(r, data, len, err, sizeof(err));
		free(data);
		if (rc < 0)
			return fprintf(stderr, "cordon-ref: %s: %s\n", files[i], err), 1;
	}
	return 0;
}

static int cmd_make(int argc, char **argv)
{
	const char *cfg = NULL, *dir = NULL, *out = NULL, *accept[REF_MAX_ACCEPT];
	static struct refvals r;
	char err[256], *text;
	size_t len;
	int rc, naccept = 0;
	for (int i = 0; i + 1 < argc; i += 2) {
		const char **slot = !strcmp(argv[i], "--cfg") ? &cfg : !strcmp(argv[i], "--esp-dir") ? &dir
								  : !strcmp(argv[i], "-o")	  ? &out
								  : !strcmp(argv[i], "--accept-policy") && naccept < REF_MAX_ACCEPT
									  ? &accept[naccept++]
									  : NULL;
		if (!slot)
			return usage();
		*slot = argv[i + 1];
	}
	if (argc % 2 || !cfg || !dir || !out)
		return usage();
	if (!(text = refvals_read_file(cfg, &len)))
		return fprintf(stderr, "cordon-ref: %s: %s\n", cfg, strerror(errno)), 1;
	rc = refvals_make(text, len, dir, &r, err, sizeof(err));
	free(text);
	if (rc < 0)
		return fprintf(stderr, "cordon-ref: %s\n", err), 1;
	return accept_all(&r, accept, naccept) ? 1 : write_ref(&r, out);
}

static int cmd_predict(const char *path)
{
	static struct refvals r;
	char err[256], h8[65], h9[65];
	if (refvals_load(path, &r, err, sizeof(err)) < 0)
		return fprintf(stderr, "cordon-ref: %s: %s\n", path, err), 1;
	mev_hex(r.pcr8, h8);
	mev_hex(r.pcr9, h9);
	printf("8=%s 9=%s\n", h8, h9);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "make"))
		return cmd_make(argc - 2, argv + 2);
	if (argc == 3 && !strcmp(argv[1], "predict"))
		return cmd_predict(argv[2]);
	return usage();
}
