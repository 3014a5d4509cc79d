/* cordon-ctl: the local subcommands (keygen, policy sign) and file helpers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <lib/sha256.h>
#include <tools/ctl/cmd.h>
#include <tools/ctl/json.h>
#include <tools/ctl/keys.h>
#include <tools/ctl/request.h>

u8 *ctl_read_file(const struct ctl_opts *o, const char *path, u32 max, u32 *len)
{
	FILE *f = fopen(path, "rb");
	u8 *b = f ? malloc((size_t)max + 1) : NULL;
	size_t n = b ? fread(b, 1, (size_t)max + 1, f) : 0;
	if (!f || !b || ferror(f) || n > max) {
		ctl_fail(o, "%s: %s", path, !f ? strerror(errno) : !b ? "out of memory" : n > max ? "too big" : "read error");
		free(b);
		b = NULL;
	}
	if (f)
		fclose(f);
	*len = (u32)n;
	return b;
}

int ctl_split_names(const struct ctl_opts *o, char *copy, const char **names, u32 max, u32 *n)
{
	*n = 0;
	for (char *s = copy, *next; s; s = next) {
		next = strchr(s, ',');
		if (next)
			*next++ = 0;
		if (!ctl_name_ok(s))
			return ctl_fail(o, "'%s' is not a VM name (1 to %d printable characters, no spaces)", s, CTL_NAME_MAX), -1;
		if (*n == max)
			return ctl_fail(o, "more than %u names to stop", max), -1;
		names[(*n)++] = s;
	}
	return 0;
}

static void hex(char *out, const u8 *b, u32 n)
{
	for (u32 i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

int cmd_keygen(const struct ctl_opts *o, const char *base)
{
	char err[512], path[4096], id[65];
	u8 digest[32], *pub;
	u32 n;
	if (ctl_keygen(base, err, sizeof(err)) < 0)
		return ctl_fail(o, "keygen: %s", err);
	snprintf(path, sizeof(path), "%s.pub", base);
	if (!(pub = ctl_read_file(o, path, SIG_PUB_MAX, &n)))
		return CTL_EXIT_ERROR;
	sha256(pub, n, digest); /* the key id: what the loader measures (lib/sig/sig.h) */
	free(pub);
	hex(id, digest, 32);
	if (o->json) {
		fputs("{\"public\":", o->out);
		json_str(o->out, path, (u32)strlen(path));
		fprintf(o->out, ",\"key_id\":\"%s\"}\n", id);
	}
	else
		fprintf(o->out, "wrote %s.key (private, keep it) and %s (name it in boot.cfg)\nkey id %s\n", base, path, id);
	return CTL_EXIT_OK;
}

/* MGMT_POLICY_DOMAIN || serial (8 bytes, big-endian) || SHA-256(policy), hashed: what the authority signs. */
static void policy_digest(u64 serial, const u8 policy_sha[32], u8 out[32])
{
	struct sha256_ctx c;
	u8 s[8];
	for (int i = 0; i < 8; i++)
		s[i] = (u8)(serial >> (56 - 8 * i));
	sha256_init(&c);
	sha256_update(&c, MGMT_POLICY_DOMAIN, sizeof(MGMT_POLICY_DOMAIN) - 1);
	sha256_update(&c, s, 8);
	sha256_update(&c, policy_sha, 32);
	sha256_final(&c, out);
}

/* The envelope (struct mgmt_policy_sig, then the signature) for policy under serial; its length, or 0. */
u32 ctl_policy_envelope(const u8 *policy, u32 len, u64 serial, const char *keyfile, u8 *out, u32 cap, char *err,
			u32 errlen)
{
	struct mgmt_policy_sig *e = (struct mgmt_policy_sig *)out;
	u8 digest[32];
	u32 n;
	if (cap < sizeof(*e) + CTL_SIG_MAX)
		return snprintf(err, errlen, "envelope buffer too small"), 0;
	memset(out, 0, sizeof(*e));
	memcpy(e->magic, "CPS1", 4);
	for (int i = 0; i < 8; i++)
		e->serial[i] = (u8)(serial >> (56 - 8 * i));
	sha256(policy, len, e->policy_sha256);
	policy_digest(serial, e->policy_sha256, digest);
	n = CTL_SIG_MAX;
	if (ctl_sign(keyfile, digest, out + sizeof(*e), &n, err, errlen) < 0)
		return 0;
	e->sig_len[0] = (u8)(n >> 8);
	e->sig_len[1] = (u8)n;
	return (u32)sizeof(*e) + n;
}

int cmd_policy_sign(const struct ctl_opts *o, const char *policy)
{
	char err[512], path[4096], h[65];
	u8 env[sizeof(struct mgmt_policy_sig) + CTL_SIG_MAX], *p;
	u32 len, n;
	FILE *f;
	if (!o->key || !o->have_serial)
		return ctl_fail(o, "policy sign needs --key AUTHORITY.key and --serial N");
	if (!(p = ctl_read_file(o, policy, MGMT_MAX_FRAME, &len)))
		return CTL_EXIT_ERROR;
	n = ctl_policy_envelope(p, len, o->serial, o->key, env, sizeof(env), err, sizeof(err));
	free(p);
	if (!n)
		return ctl_fail(o, "policy sign: %s", err);
	snprintf(path, sizeof(path), "%s", o->sig ? o->sig : policy);
	if (!o->sig)
		strncat(path, ".sig", sizeof(path) - strlen(path) - 1);
	if (!(f = fopen(path, "wb")))
		return ctl_fail(o, "%s: cannot write: %s", path, strerror(errno));
	if ((fwrite(env, 1, n, f) != n) | (fclose(f) != 0))
		return ctl_fail(o, "%s: cannot write: %s", path, strerror(errno));
	hex(h, ((struct mgmt_policy_sig *)env)->policy_sha256, 32);
	if (o->json) {
		fputs("{\"sig\":", o->out);
		json_str(o->out, path, (u32)strlen(path));
		fprintf(o->out, ",\"serial\":%llu,\"policy_sha256\":\"%s\"}\n", (unsigned long long)o->serial, h);
	}
	else
		fprintf(o->out, "wrote %s: serial %llu, policy sha256 %s\n", path, (unsigned long long)o->serial, h);
	return CTL_EXIT_OK;
}
