/* cordon: SHA-256 (FIPS 180-4) for module digests in the loader, hypervisor and tools. */
#ifndef CORDON_LIB_SHA256_H
#define CORDON_LIB_SHA256_H
#include <cordon/types.h>

#define SHA256_DIGEST_SIZE 32

struct sha256_ctx {
	u32 h[8];
	u64 total;
	u8 buf[64];
	u32 used;
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, u64 len);
void sha256_final(struct sha256_ctx *c, u8 out[SHA256_DIGEST_SIZE]);
void sha256(const void *data, u64 len, u8 out[SHA256_DIGEST_SIZE]);

#endif
