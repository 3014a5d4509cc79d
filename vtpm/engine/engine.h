/* cordon vTPM engine: what its files share. */
#ifndef CORDON_VTPM_ENGINE_ENGINE_H
#define CORDON_VTPM_ENGINE_ENGINE_H
#include <libtpms/tpm_library.h>
#include <libtpms/tpm_error.h>

/* engine_nv.c: registers libtpms's NV and I/O callbacks (an in-memory store). */
TPM_RESULT nvstore_register(void);

/* engine_ek.c: TPM2_Startup(CLEAR), then the RSA EK's Name (0x000b || SHA-256 of its public area);
 * NULL, or what failed with *rc the TPM response code. */
#define EK_NAME_LEN 34
const char *engine_make_ek(unsigned char name[EK_NAME_LEN], uint32_t *rc);

#endif
