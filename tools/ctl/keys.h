/* cordon tools: operator and policy-authority key pairs for cordon-ctl: make, load, sign (Debian's libtomcrypt). */
#ifndef CORDON_TOOLS_CTL_KEYS_H
#define CORDON_TOOLS_CTL_KEYS_H
#include <cordon/types.h>
#include <lib/sig/sig.h>

/*
 * BASE.key: the private key (libtomcrypt's RSA private-key DER, mode 0600);
 * BASE.pub: the public key file cordon reads (lib/sig/sig.h). RSA-3072.
 * Each returns 0, or -1 with a line for the user in err.
 */
int ctl_keygen(const char *base, char *err, u32 errlen);
/* RSA-PSS (SHA-256, MGF1-SHA-256, salt 32) over digest with the private key in keyfile; *sig_len in/out. */
int ctl_sign(const char *keyfile, const u8 digest[32], u8 *sig, u32 *sig_len, char *err, u32 errlen);
/* Reads and checks a .pub file (sig_pub_parse); file/len get its bytes (len <= SIG_PUB_MAX). */
int ctl_load_pub(const char *path, u8 *file, u32 *len, struct sig_pub *k, char *err, u32 errlen);

#endif
