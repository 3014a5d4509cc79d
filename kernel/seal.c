/* cordon core: unseals the boot.cfg 'sealed' secret at boot (TPM2 PolicyPCR) and keeps it for one VM. */
#include "tpm.h"
#include "console.h"
#include "vm.h"
#include "seal_blob.h"
#include "measure_ev.h"
#include "str.h"
#include <cordon/hypercall.h>

static u8 secret[CORDON_SECRET_MAX];
static u16 secret_len;
static bool have_secret;
static const char *recipient; /* boot.cfg name of the VM with unseal = yes */

/* Load under the storage key, satisfy PolicyPCR with the current PCRs, unseal (TPM 2.0 Part 3, 23.7, 12.7). */
static u32 unseal(struct tpm_dev *d, const struct seal_blob *b, const char **step)
{
	struct tpm2_pub srk_pub;
	u8 tmpl[128];
	struct tpm_wr w = { .p = tmpl, .cap = sizeof(tmpl) };
	u32 srk = 0, item = 0, sess = 0, rc;
	tpm2_tmpl_srk_ecc(&w);
	*step = "creating the storage key";
	rc = tpm2_create_primary(d, TPM_RH_OWNER, tmpl, (u16)w.len, &srk, &srk_pub);
	if (!rc) {
		*step = "loading the sealed object (sealed by another TPM?)";
		rc = tpm2_load(d, srk, b->priv, b->priv_len, b->pub, b->pub_len, &item);
	}
	if (!rc) {
		*step = "starting a policy session";
		rc = tpm2_start_policy_session(d, &sess);
	}
	if (!rc) {
		*step = "PolicyPCR";
		rc = tpm2_policy_pcr(d, sess, b->pcr_mask);
	}
	if (!rc) {
		*step = "unsealing: the PCRs differ from the values the secret was sealed to";
		secret_len = sizeof(secret);
		rc = tpm2_unseal(d, item, sess, secret, &secret_len);
	}
	/* Failed commands may leave handles behind; flushing a zero handle is skipped. */
	if (sess)
		tpm2_flush(d, sess);
	if (item)
		tpm2_flush(d, item);
	if (srk)
		tpm2_flush(d, srk);
	return rc;
}

static const struct bi_module *sealed_module(const struct bootinfo *bi)
{
	for (u32 i = 0; i < bi->nmods; i++)
		if (bi->mods[i].kind == BI_MOD_SEALED)
			return &bi->mods[i];
	return NULL;
}

void seal_init(const struct bootinfo *bi)
{
	const struct bi_module *m = sealed_module(bi);
	struct tpm_dev *d = tpm_get();
	struct seal_blob b;
	const char *why, *step = "";
	u32 rc;
	for (u32 i = 0; i < bi->cfg.nvms; i++)
		if (bi->cfg.vms[i].unseal)
			recipient = bi->cfg.vms[i].name;
	if (!m || !recipient)
		return;
	if (!d) {
		kprintf("cordon: sealed secret: no TPM, so nothing is unsealed; vm '%s' gets no secret\n", recipient);
		return;
	}
	if ((why = seal_blob_parse((const u8 *)m->phys, (u32)m->size, &b))) {
		kprintf("cordon: sealed secret '%s' is malformed (%s); vm '%s' gets no secret\n", m->name, why,
			recipient);
		return;
	}
	if ((rc = unseal(d, &b, &step))) {
		kprintf("cordon: sealed secret NOT released: %s failed with %s; vm '%s' gets no secret\n", step,
			tpm2_rc_str(rc), recipient);
		return;
	}
	have_secret = true;
	kprintf("cordon: sealed secret unsealed (%u bytes, PCR mask 0x%x) for vm '%s'\n", secret_len, b.pcr_mask,
		recipient);
}

s64 seal_secret_for(const struct vm *vm, u8 *out, u64 cap)
{
	if (!recipient || c_strcmp(vm->cfg->name, recipient))
		return CORDON_E_PERM;
	if (!have_secret)
		return CORDON_E_NOENT;
	if (cap < secret_len)
		return CORDON_E_INVAL;
	c_memcpy(out, secret, secret_len);
	return secret_len;
}
