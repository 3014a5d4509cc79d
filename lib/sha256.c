/* cordon: SHA-256 through libtomcrypt's sha256_desc (Debian's library on the host, built freestanding elsewhere). */
#include <tomcrypt.h>
/* After tomcrypt.h: from here on sha256_init names ours (see sha256.h), libtomcrypt's is sha256_desc.init. */
#include <lib/sha256.h>

_Static_assert(sizeof(hash_state) <= sizeof(struct sha256_ctx), "libtomcrypt's hash_state outgrew sha256_ctx");
_Static_assert(_Alignof(hash_state) <= _Alignof(struct sha256_ctx), "hash_state needs stricter alignment");

/*
 * libtomcrypt fails only on a NULL pointer or more than 2^61 bytes; our callers pass neither, and the
 * void API (kept from before libtomcrypt) has no way to report it, so the return codes are dropped.
 */
static hash_state *state(struct sha256_ctx *c)
{
	return (hash_state *)(void *)c->opaque;
}

void sha256_init(struct sha256_ctx *c)
{
	sha256_desc.init(state(c));
}

void sha256_update(struct sha256_ctx *c, const void *data, u64 len)
{
	/* libtomcrypt rejects a NULL pointer even for zero bytes (on the host by aborting): skip empty input. */
	if (len)
		sha256_desc.process(state(c), data, len);
}

void sha256_final(struct sha256_ctx *c, u8 out[SHA256_DIGEST_SIZE])
{
	sha256_desc.done(state(c), out);
}

void sha256(const void *data, u64 len, u8 out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;
	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, out);
}
