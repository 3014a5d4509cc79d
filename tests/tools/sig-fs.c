/* cordon: runs lib/sig as the hypervisor builds it (freestanding flags, sig_heap arena, 28-bit digits) on the host. */
/*
 * Built by the Makefile ($(B)/tests/sig-fs) from the hypervisor's own configuration of libtomcrypt and
 * libtommath, minus only the kernel code model, with ASan and UBSan. Arguments: none. It checks the
 * OpenSSL vector of tests/unit/sig_vector.h and adverse edits of it, the 4096-bit one, and prints the arena's peak.
 * This file is compiled -ffreestanding like the rest, so it declares the two libc calls it makes.
 */
#include <lib/sig/sig.h>
#include <lib/sig/sig_heap.h>
#include <lib/str.h>
#include <tests/unit/sig_vector.h>

int printf(const char *fmt, ...);
void exit(int status);

static int failed;

static void expect(const char *what, const char *got, const char *want)
{
	int ok = want ? got && !c_strcmp(got, want) : !got;
	printf("%s: %s (%s)\n", ok ? "PASS" : "FAIL", what, got ? got : "valid");
	failed += !ok;
	if (sig_heap_leaked()) {
		printf("FAIL: %s left %u blocks in the arena\n", what, sig_heap_leaked());
		failed++;
	}
}

int main(void)
{
	u8 f[SIG_PUB_MAX], s[256], s4[512], d[32];
	struct sig_pub k;
	f[0] = 'C', f[1] = 'P', f[2] = 'K', f[3] = '1', f[4] = 0, f[5] = SIG_ALG_RSA_PSS_SHA256, f[6] = 1, f[7] = 0;
	c_memcpy(f + 8, ossl_n, 256);
	f[264] = 0, f[265] = 1, f[266] = 0, f[267] = 1;
	expect("key", sig_pub_parse(f, 268, &k), NULL);
	expect("good signature", sig_verify(&k, ossl_digest, ossl_sig, 256), NULL);
	expect("good signature again", sig_verify(&k, ossl_digest, ossl_sig, 256), NULL);
	c_memcpy(d, ossl_digest, 32);
	d[0] ^= 0x80;
	expect("other digest", sig_verify(&k, d, ossl_sig, 256), "bad signature");
	for (u32 i = 0; i < 256; i += 51) {
		c_memcpy(s, ossl_sig, 256);
		s[i] ^= 0x01;
		expect("flipped bit", sig_verify(&k, ossl_digest, s, 256), "bad signature");
	}
	c_memset(s, 0, 256);
	expect("zero signature", sig_verify(&k, ossl_digest, s, 256), "bad signature");
	c_memcpy(s, ossl_n, 256);
	s[255] -= 2;
	expect("n - 2", sig_verify(&k, ossl_digest, s, 256), "bad signature");
	/* 4096 bits: the most work and memory a CPK1 key can ask for */
	f[6] = 2, f[7] = 0;
	c_memcpy(f + 8, ossl4_n, 512);
	f[520] = 0, f[521] = 1, f[522] = 0, f[523] = 1;
	expect("4096-bit key", sig_pub_parse(f, 524, &k), NULL);
	expect("4096-bit signature", sig_verify(&k, ossl_digest, ossl4_sig, 512), NULL);
	c_memcpy(s4, ossl4_sig, 512);
	s4[511] ^= 0x40;
	expect("4096-bit flipped bit", sig_verify(&k, ossl_digest, s4, 512), "bad signature");
	printf("sig-fs: arena peak %lu of %u bytes\n", (unsigned long)sig_heap_peak(), SIG_HEAP_BYTES);
	printf("sig-fs: %s\n", failed ? "FAIL" : "PASS");
	exit(failed ? 1 : 0);
	return 0;
}
