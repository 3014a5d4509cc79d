/* cordon: refusing stand-ins for the libtomcrypt functions the hypervisor's RSA build names but never runs. */
/*
 * sig_verify only ever verifies RSA-PSS with a public key. Two references reach further all the same:
 * ltm_desc's descriptor table names rsa_make_key (key generation: primes and a PRNG), and
 * rsa_verify_hash_ex's PKCS #1 v1.5 branch decodes a DER DigestInfo. Linking the real code would bring
 * in prime generation, PRNG plumbing and the whole DER decoder for paths that cannot be taken; these
 * fail instead, so a path we believe dead stays harmless if it ever were taken. Hypervisor only
 * (Makefile, HV_SRC): host programs link Debian's complete library.
 */
#include <tomcrypt.h>

int rsa_make_key(prng_state *prng, int wprng, int size, long e, rsa_key *key)
{
	(void)prng, (void)wprng, (void)size, (void)e, (void)key;
	return CRYPT_ERROR;
}

int der_decode_sequence_ex(const unsigned char *in, unsigned long inlen, ltc_asn1_list *list, unsigned long outlen,
			   int ordered)
{
	(void)in, (void)inlen, (void)list, (void)outlen, (void)ordered;
	return CRYPT_ERROR;
}

int der_length_sequence(ltc_asn1_list *list, unsigned long inlen, unsigned long *outlen)
{
	(void)list, (void)inlen, (void)outlen;
	return CRYPT_ERROR;
}
