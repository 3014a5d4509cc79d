/* cordon test guest (attestation): asks for the TPM-unsealed secret, prints its SHA-256, then idles if told to. */
#include <tests/guests/guest.h>
#include <lib/sha256.h>

static const char *status_name(s64 st)
{
	switch (st) {
	case CORDON_E_PERM: return "E_PERM (not the VM boot.cfg names)";
	case CORDON_E_NOENT: return "E_NOENT (cordon holds no unsealed secret)";
	case CORDON_E_FAULT: return "E_FAULT";
	case CORDON_E_INVAL: return "E_INVAL";
	default: return "unexpected status";
	}
}

/* cmdline "stay": keep running (halted between timer ticks) so a verifier can attest meanwhile. */
int main(void)
{
	static u8 secret[CORDON_SECRET_MAX + 1];
	u8 d[32];
	u64 n = 0;
	/* one byte past the limit is refused, whatever the VM may read */
	s64 st = hcall2(CORDON_HC_SECRET_READ, (u64)secret, CORDON_SECRET_MAX + 1, 0, &n);
	gprintf("secret read of %u bytes: %s\n", CORDON_SECRET_MAX + 1, st == CORDON_E_INVAL ? "E_INVAL" : status_name(st));
	st = hcall2(CORDON_HC_SECRET_READ, (u64)secret, CORDON_SECRET_MAX, 0, &n);
	if (st == CORDON_OK) {
		sha256(secret, n, d);
		gprintf("secret received: %llu bytes, sha256 ", n);
		for (int i = 0; i < 32; i++)
			gprintf("%02x", d[i]);
		gprintf("\n");
	} else {
		gprintf("no secret: %s\n", status_name(st));
	}
	if (start_info->cmdline[0] != 's')
		return 0;
	gprintf("staying up for attestation\n");
	for (;;)
		__asm__ volatile("sti; hlt");
}
