/* cordon vTPM: stand-ins for vtpm/link.c until it lands: every VM's vTPM is down (delete this file then). */
#include <vtpm/vtpm.h>

/*
 * Weak, so vtpm/link.c's definitions replace them without a change here:
 * until then the CRB front end answers every command with TPM_RC_FAILURE
 * and sets tpmSts, which is what a client whose domain ended sees.
 */
__attribute__((weak)) enum vtpm_submit vtpm_submit(struct vm *client, const u8 *cmd, u32 len)
{
	(void)client, (void)cmd, (void)len;
	return VTPM_DOWN;
}

__attribute__((weak)) void vtpm_cancel(struct vm *client)
{
	(void)client;
}

/* The response header alone, big-endian: tag TPM_ST_NO_SESSIONS (0x8001), size 10, the response code. */
__attribute__((weak)) void vtpm_error_response(u8 out[10], u32 rc)
{
	static const u8 head[6] = { 0x80, 0x01, 0, 0, 0, 10 };
	for (u32 i = 0; i < 6; i++)
		out[i] = head[i];
	for (u32 i = 0; i < 4; i++)
		out[6 + i] = (u8)(rc >> (24 - 8 * i));
}
