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
/* Frama-C 25 (make prove) cannot parse _Alignas; nothing it analyses depends on the alignment. */
#ifdef __FRAMAC__
#define SHA256_ALIGN
#else
#define SHA256_ALIGN _Alignas(u64)
#endif
struct sha256_ctx {
	SHA256_ALIGN u8 opaque[SHA256_CTX_SIZE];
};

/*
 * The contracts below are what make prove assumes of libtomcrypt (docs/PROOF.md): the analyses never
 * see its code, only that it reads the bytes it is given and writes the context and the digest.
 */
/*@ requires \valid(c);
    assigns c->opaque[0 .. SHA256_CTX_SIZE - 1] \from \nothing; */
void sha256_init(struct sha256_ctx *c);
/*@ requires \valid(c);
    requires \valid_read((const u8 *)data + (0 .. len - 1));
    assigns c->opaque[0 .. SHA256_CTX_SIZE - 1] \from c->opaque[0 .. SHA256_CTX_SIZE - 1], ((const u8 *)data)[0 .. len - 1]; */
void sha256_update(struct sha256_ctx *c, const void *data, u64 len);
/*@ requires \valid(c);
    requires \valid(out + (0 .. SHA256_DIGEST_SIZE - 1));
    assigns out[0 .. SHA256_DIGEST_SIZE - 1] \from c->opaque[0 .. SHA256_CTX_SIZE - 1];
    assigns c->opaque[0 .. SHA256_CTX_SIZE - 1] \from c->opaque[0 .. SHA256_CTX_SIZE - 1];
    ensures \initialized(out + (0 .. SHA256_DIGEST_SIZE - 1)); */
void sha256_final(struct sha256_ctx *c, u8 out[SHA256_DIGEST_SIZE]);
/*@ requires \valid_read((const u8 *)data + (0 .. len - 1));
    requires \valid(out + (0 .. SHA256_DIGEST_SIZE - 1));
    assigns out[0 .. SHA256_DIGEST_SIZE - 1] \from ((const u8 *)data)[0 .. len - 1];
    ensures \initialized(out + (0 .. SHA256_DIGEST_SIZE - 1)); */
void sha256(const void *data, u64 len, u8 out[SHA256_DIGEST_SIZE]);

#endif
