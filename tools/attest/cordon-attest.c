/* cordon-attest: remote verifier for cordon (EK chain, AK activation, quote, log replay, reference values). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tools/attest/online.h>

enum { EXIT_TRUSTED = 0, EXIT_UNTRUSTED = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
	"usage: cordon-attest --socket PATH --ca CA_BUNDLE.pem --ref FILE.ref [--json] [--timeout S]\n"
	"                     [--ek-cert FILE.der] [--save-evidence FILE] [--nonce HEX]\n"
	"       cordon-attest --evidence FILE --nonce HEX --ca CA_BUNDLE.pem --ref FILE.ref [--json] [--ek-cert FILE.der]\n"
	"\n"
	"Online: connects to cordon's management channel at PATH, checks the EK certificate chain against\n"
	"the CA bundle, proves by credential activation that the AK lives in the TPM of that EK, asks for a\n"
	"quote of PCRs 0-10 over a fresh nonce (or --nonce), replays the firmware, final-events and runtime\n"
	"logs against it and matches PCRs 8-10 against the reference values (cordon-ref).\n"
	"  --timeout S        wait at most S seconds to connect and for each answer (default 30)\n"
	"  --ek-cert FILE     pinned EK certificate (DER) used instead of the one cordon sends; still chain-checked\n"
	"  --save-evidence F  write everything received, the nonce and the activation result to F\n"
	"  --json             print the verdict as one JSON object\n"
	"\n"
	"Offline (--evidence): re-verifies a saved evidence file against the expected nonce. This is for\n"
	"tests and audits: credential activation cannot be redone without the TPM, so the activation result\n"
	"recorded in the file is taken as it is. That is sound only because the file was written by a\n"
	"cordon-attest run you trust; anyone who can edit the file can forge that one result.\n"
	"\n"
	"Exit status: 0 platform trusted, 1 untrusted, 2 usage, input or channel error.\n";

struct opts {
	const char *socket, *ca, *ref, *ek_cert, *save, *evidence;
	u8 nonce[64];
	u32 nonce_len, timeout;
	bool json;
};

static int usage(const char *why)
{
	if (why)
		fprintf(stderr, "cordon-attest: %s\n", why);
	fputs(usage_text, why ? stderr : stdout);
	return EXIT_USAGE;
}

static int hex_nonce(const char *s, struct opts *o)
{
	size_t n = strlen(s);
	if (n % 2 || n / 2 < 16 || n / 2 > sizeof(o->nonce))
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1 || !strchr("0123456789abcdefABCDEF", s[2 * i]) ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i + 1]))
			return -1;
		o->nonce[i] = (u8)v;
	}
	o->nonce_len = (u32)(n / 2);
	return 0;
}

/* 0, or the exit status for a usage error. */
static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "socket", 1, 0, 's' }, { "ca", 1, 0, 'c' },	   { "ref", 1, 0, 'r' },	{ "json", 0, 0, 'j' },
		{ "timeout", 1, 0, 't' }, { "ek-cert", 1, 0, 'k' }, { "save-evidence", 1, 0, 'w' },
		{ "nonce", 1, 0, 'n' },	 { "evidence", 1, 0, 'e' }, { "help", 0, 0, 'h' },	{ 0, 0, 0, 0 },
	};
	int c;
	char *end;
	memset(o, 0, sizeof(*o));
	o->timeout = 30;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's': o->socket = optarg; break;
		case 'c': o->ca = optarg; break;
		case 'r': o->ref = optarg; break;
		case 'j': o->json = true; break;
		case 'k': o->ek_cert = optarg; break;
		case 'w': o->save = optarg; break;
		case 'e': o->evidence = optarg; break;
		case 't':
			o->timeout = (u32)strtoul(optarg, &end, 10);
			if (*end || !*optarg || o->timeout == 0 || o->timeout > 3600)
				return usage("--timeout wants 1..3600 seconds");
			break;
		case 'n':
			if (hex_nonce(optarg, o) < 0)
				return usage("--nonce wants 16 to 64 bytes in hex");
			break;
		case 'h': usage(NULL); exit(EXIT_TRUSTED);
		default: return usage(NULL);
		}
	}
	if (optind != argc)
		return usage("unexpected argument");
	if (!o->ca || !o->ref)
		return usage("--ca and --ref are required");
	if (!o->socket == !o->evidence)
		return usage("give either --socket (online) or --evidence (offline)");
	if (o->evidence && (!o->nonce_len || o->save))
		return usage("--evidence needs --nonce and takes no --save-evidence");
	return 0;
}

/* What the verifier trusts: the CA bundle, the reference values and an optional pinned EK certificate. */
struct trust {
	struct x509_bundle ca;
	struct refvals *ref;
	char *ek;
	size_t ek_len;
};

static int load_ca(const char *path, struct x509_bundle *b)
{
	char err[512];
	size_t n;
	char *pem = refvals_read_file(path, &n);
	const char *why = pem ? x509_bundle_parse(pem, n, b, err, sizeof(err)) : "cannot read";
	free(pem);
	if (why)
		fprintf(stderr, "cordon-attest: CA bundle %s: %s\n", path, why);
	return why ? -1 : 0;
}

static int load_trust(const struct opts *o, struct trust *t)
{
	char err[512];
	memset(t, 0, sizeof(*t));
	if (load_ca(o->ca, &t->ca) < 0)
		return -1;
	if (!(t->ref = malloc(sizeof(*t->ref))) || refvals_load(o->ref, t->ref, err, sizeof(err)) < 0) {
		fprintf(stderr, "cordon-attest: reference values: %s\n", t->ref ? err : "out of memory");
		return -1;
	}
	if (o->ek_cert && !(t->ek = refvals_read_file(o->ek_cert, &t->ek_len))) {
		fprintf(stderr, "cordon-attest: %s: cannot read\n", o->ek_cert);
		return -1;
	}
	return 0;
}

static void free_trust(struct trust *t)
{
	x509_bundle_free(&t->ca);
	free(t->ref);
	free(t->ek);
}

/* Offline: the checks of an online run on a saved evidence file (activation as recorded, see --help). */
static int offline(const struct opts *o, struct verify_in *in, struct evidence *e, struct report *r)
{
	char err[512];
	struct verify_keys k;
	if (evidence_load(e, o->evidence, err, sizeof(err))) {
		fprintf(stderr, "cordon-attest: %s\n", err);
		return -1;
	}
	verify_identity(e, in, &k, r);
	verify_activation(e, &k, r);
	verify_quote(e, in, &k, r);
	return 0;
}

static int online(const struct opts *o, struct verify_in *in, struct evidence *e, struct report *r)
{
	char err[512];
	struct chan c;
	int rc = chan_open(&c, o->socket, o->timeout, err, sizeof(err));
	if (rc == 0)
		rc = online_attest(&c, in, e, r, err, sizeof(err));
	chan_close(&c);
	if (rc < 0) {
		fprintf(stderr, "cordon-attest: %s\n", err);
		return -1;
	}
	if (o->save && evidence_save(e, o->save) < 0) {
		fprintf(stderr, "cordon-attest: cannot write the evidence to %s\n", o->save);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct trust t;
	static struct evidence e;
	static struct report r;
	int rc = parse_args(argc, argv, &o);
	if (rc)
		return rc;
	if (crypto_init() < 0) {
		fprintf(stderr, "cordon-attest: libtomcrypt set-up failed\n");
		return EXIT_USAGE;
	}
	if (load_trust(&o, &t) < 0) {
		free_trust(&t);
		return EXIT_USAGE;
	}
	struct verify_in in = { .ca = &t.ca, .ref = t.ref, .ek_cert = (const u8 *)t.ek, .ek_cert_len = (u32)t.ek_len,
				.nonce = o.nonce, .nonce_len = o.nonce_len, .now = (s64)time(NULL) };
	evidence_init(&e);
	rc = o.evidence ? offline(&o, &in, &e, &r) : online(&o, &in, &e, &r);
	if (rc == 0)
		(o.json ? report_json : report_text)(stdout, &r);
	evidence_free(&e);
	free_trust(&t);
	return rc < 0 ? EXIT_USAGE : report_trusted(&r) ? EXIT_TRUSTED : EXIT_UNTRUSTED;
}
