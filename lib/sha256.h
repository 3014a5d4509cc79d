/* cordon: SHA-256 (FIPS 180-4) for module digests in the loader, hypervisor and tools, computed by libtomcrypt. */
#ifndef CORDON_LIB_SHA256_H
#define CORDON_LIB_SHA256_H
#include <cordon/types.h>

#define SHA256_DIGEST_SIZE 32

/*
 * libtomcrypt exports a sha256_init(hash_state *) of its own, and its sha256_desc points at it through
 * the dynamic symbol table: a host program defining the same name would silently replace it inside
 * libtomcrypt. So ours links as cordon_sha256_init; a file that needs both must include <tomcrypt.h> first.
 */
#define sha256_init cordon_sha256_init

/*
 * Opaque storage for libtomcrypt's hash_state, so this header never pulls tomcrypt.h into its users.
 * 416 bytes is hash_state with Debian's full host configuration (the freestanding builds enable only
 * SHA-256 and need far less); lib/sha256.c asserts at compile time that it fits.
 */
#define SHA256_CTX_SIZE 416
struct sha256_ctx {
	_Alignas(u64) u8 opaque[SHA256_CTX_SIZE];
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, u64 len);
void sha256_final(struct sha256_ctx *c, u8 out[SHA256_DIGEST_SIZE]);
void sha256(const void *data, u64 len, u8 out[SHA256_DIGEST_SIZE]);

#endif
