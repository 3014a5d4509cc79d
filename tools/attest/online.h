/* cordon-attest: the online run: identity, credential activation and quote over the management channel. */
#ifndef CORDON_ATTEST_ONLINE_H
#define CORDON_ATTEST_ONLINE_H
#include <tools/attest/chan.h>
#include <tools/attest/verify.h>

/*
 * Runs the exchange on an open channel, filling e (frames, activation result,
 * the nonce sent: in->nonce, or a fresh random one when in->nonce_len is 0)
 * and r. Returns 0, or -1 with err set when the channel failed (exit status 2).
 */
int online_attest(struct chan *c, struct verify_in *in, struct evidence *e, struct report *r, char *err, size_t cap);

#endif
