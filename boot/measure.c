/* cordon EFI loader: measurement of each loaded component into the TPM (measured-boot work goes here). */
#include "loader.h"

/*
 * Called once per component, after it is read and hashed and before the
 * handover. TPM measurement (EFI_TCG2_PROTOCOL.HashLogExtendEvent) is not in
 * this build yet, so this says so once instead of pretending.
 */
void measure_component(const struct bi_module *m)
{
	static bool said;
	(void)m;
	if (!said)
		say("TPM measurement is not implemented in this build: booting unmeasured");
	said = true;
}
