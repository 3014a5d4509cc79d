/* cordon vTPM engine: what its two files share. */
#ifndef CORDON_VTPM_ENGINE_ENGINE_H
#define CORDON_VTPM_ENGINE_ENGINE_H
#include <libtpms/tpm_library.h>
#include <libtpms/tpm_error.h>

/* engine_nv.c: registers libtpms's NV and I/O callbacks (an in-memory store). */
TPM_RESULT nvstore_register(void);

#endif
