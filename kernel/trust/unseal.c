/* cordon core: unseals the boot.cfg 'sealed' secret at boot (TPM2 PolicyPCR) and keeps it for one VM. */
#include <kernel/trust/tpm.h>
#include <kernel/console.h>
#include <kernel/vm.h>
#include <lib/tpm2/seal_blob.h>
#include <lib/tcg/measure_ev.h>
#include <lib/str.h>
#include <cordon/hypercall.h>

static u8 secret[TPM2_MAX_SEALED];
static u16 secret_len;
static bool have_secret;
static const char *recipient; /* boot.cfg name of the VM with unseal = yes */

/* TPM_RC_POLICY_FAIL is format-one error 0x01d, whatever session or parameter it names (Part 2, 6.6.3). */
static bool policy_failed(u32 rc)
{
	return (rc & 0x80) && (rc & 0x3f) == 0x1d;
}

void seal_init(const struct bootinfo *bi)
{
	const struct bi_module *m = bootinfo_module(bi, BI_MOD_SEALED);
	struct tpm_dev *d = tpm_get();
	struct seal_blob b;
	const char *why;
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
	secret_len = sizeof(secret);
	if ((rc = seal_unseal(d, &b, secret, &secret_len))) {
		kprintf("cordon: sealed secret NOT released: the TPM refused to unseal it (%s)%s; vm '%s' gets no secret\n",
			tpm2_rc_str(rc), policy_failed(rc) ? ": PCRs 8-9 differ from the values it was sealed to" : "",
			recipient);
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
