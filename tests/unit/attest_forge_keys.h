/* cordon unit tests: the forged evidence's keys: an openssl CA, EK certificates, software AKs, reference values. */
#ifndef CORDON_TESTS_ATTEST_FORGE_KEYS_H
#define CORDON_TESTS_ATTEST_FORGE_KEYS_H
#include <tools/attest/verify.h> /* first: crypto.h includes <tomcrypt.h> with LTM_DESC */
#include <tests/unit/unit.h>

/* Made once per run by forge_setup(). */
static struct fg_keys {
	char dir[64];
	rsa_key ak, other;
	u8 ak_n[256], ek_n[256];
	u8 *leaf, *alien; /* EK certificate by our CA; the same key certified by an unknown CA */
	u32 leaf_len, alien_len;
	u8 *by_int, *by_notca, *by_nosign; /* the same key certified through an intermediate of each kind */
	u32 by_int_len, by_notca_len, by_nosign_len;
	struct x509_bundle ca, ca_all; /* the root; the root and the three intermediates */
	struct refvals ref;
	bool up;
} fgk;

/* root CA -> EK certificate; "alien" is the same EK key certified by a root the bundle does not hold. */
static const char fg_script[] =
	"set -e; cd %s; exec 2>openssl.log\n"
	"printf 'basicConstraints=critical,CA:TRUE\\nkeyUsage=critical,keyCertSign\\n' >ca.ext\n"
	"printf 'basicConstraints=critical,CA:FALSE\\nkeyUsage=critical,keyEncipherment\\n' >ek.ext\n"
	"openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -subj /CN=forge-root -days 30\n"
	"openssl req -x509 -newkey rsa:2048 -nodes -keyout alien.key -out alien.pem -subj /CN=forge-root -days 30\n"
	"openssl req -new -newkey rsa:2048 -nodes -keyout ek.key -out ek.csr -subj /CN=forge-ek\n"
	"openssl x509 -req -in ek.csr -CA root.pem -CAkey root.key -CAcreateserial -days 30 -extfile ek.ext "
	"-outform der -out ek.der\n"
	"openssl x509 -req -in ek.csr -CA alien.pem -CAkey alien.key -CAcreateserial -days 30 -extfile ek.ext "
	"-outform der -out alien.der\n"
	/* intermediates: a CA; not a CA (no keyUsage either); a CA whose keyUsage lacks keyCertSign */
	"printf 'basicConstraints=critical,CA:FALSE\\n' >notca.ext\n"
	"printf 'basicConstraints=critical,CA:TRUE\\nkeyUsage=critical,digitalSignature\\n' >nosign.ext\n"
	"for i in int notca nosign; do ext=$i.ext; [ $i = int ] && ext=ca.ext\n"
	"  openssl req -new -newkey rsa:2048 -nodes -keyout $i.key -out $i.csr -subj /CN=forge-$i\n"
	"  openssl x509 -req -in $i.csr -CA root.pem -CAkey root.key -CAcreateserial -days 30 -extfile $ext -out $i.pem\n"
	"  openssl x509 -req -in ek.csr -CA $i.pem -CAkey $i.key -CAcreateserial -days 30 -extfile ek.ext "
	"-outform der -out ek-$i.der\n"
	"done\n"
	"cat root.pem int.pem notca.pem nosign.pem >all.pem\n"
	"printf '[vm]\\nname = alpha\\nimage = a.elf\\nmemory = 4M\\nlabel = green\\n\\n"
	"[vm]\\nname = bravo\\nimage = b.elf\\nmemory = 4M\\n' >boot.cfg\n"
	"echo 'policy = demo.bin' | cat - boot.cfg >policy.cfg\n"
	"echo hv >hypervisor.elf; echo a >a.elf; echo b >b.elf; echo policy >demo.bin\n";

static u8 *fg_slurp(const char *name, u32 *len)
{
	char path[128];
	size_t n;
	snprintf(path, sizeof(path), "%s/%s", fgk.dir, name);
	u8 *b = (u8 *)refvals_read_file(path, &n);
	assert_non_null(b);
	*len = (u32)n;
	return b;
}

static void fg_modulus(rsa_key *k, u8 out[256])
{
	assert_int_equal(ltc_mp.unsigned_size(k->N), 256);
	assert_int_equal(ltc_mp.unsigned_write(k->N, out), CRYPT_OK);
}

/* CA, EK certificate, two software keys and the reference values; false: no openssl (tests skip). */
static bool forge_setup(void)
{
	char cmd[sizeof(fg_script) + 64], err[256];
	struct x509 ek;
	u32 n;
	snprintf(fgk.dir, sizeof(fgk.dir), "/tmp/cordon-forge-XXXXXX");
	assert_non_null(mkdtemp(fgk.dir));
	snprintf(cmd, sizeof(cmd), fg_script, fgk.dir);
	if (crypto_init() < 0 || system(cmd) != 0)
		return false;
	int prng = find_prng("sprng");
	assert_int_equal(rsa_make_key(NULL, prng, 256, 65537, &fgk.ak), CRYPT_OK);
	assert_int_equal(rsa_make_key(NULL, prng, 256, 65537, &fgk.other), CRYPT_OK);
	fg_modulus(&fgk.ak, fgk.ak_n);
	fgk.leaf = fg_slurp("ek.der", &fgk.leaf_len);
	fgk.alien = fg_slurp("alien.der", &fgk.alien_len);
	assert_null(x509_parse(fgk.leaf, fgk.leaf_len, &ek));
	assert_true(ek.key.n_len >= 256); /* DER may prefix a zero byte */
	memcpy(fgk.ek_n, ek.key.n + ek.key.n_len - 256, 256);
	fgk.by_int = fg_slurp("ek-int.der", &fgk.by_int_len);
	fgk.by_notca = fg_slurp("ek-notca.der", &fgk.by_notca_len);
	fgk.by_nosign = fg_slurp("ek-nosign.der", &fgk.by_nosign_len);
	char *pem = (char *)fg_slurp("root.pem", &n);
	assert_null(x509_bundle_parse(pem, n, &fgk.ca, err, sizeof(err)));
	free(pem);
	pem = (char *)fg_slurp("all.pem", &n);
	assert_null(x509_bundle_parse(pem, n, &fgk.ca_all, err, sizeof(err)));
	free(pem);
	char *cfg = (char *)fg_slurp("policy.cfg", &n);
	if (refvals_make(cfg, n, fgk.dir, &fgk.ref, err, sizeof(err)) < 0)
		fail_msg("refvals_make: %s", err);
	free(cfg);
	return fgk.up = true;
}

static void forge_teardown(void)
{
	char cmd[96];
	if (!fgk.dir[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fgk.dir);
	assert_int_equal(system(cmd), 0);
}

#endif
