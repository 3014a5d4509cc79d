/* cordon vTPM engine: libtpms's NV storage, in memory for this boot only (no state survives the domain). */
#include <stdlib.h>
#include <string.h>
#include <vtpm/engine/engine.h>

#define NV_BLOBS 8 /* libtpms 0.9 keeps TPM 2.0 state in two or three named blobs */

struct blob {
	char name[64];
	unsigned char *data;
	uint32_t len;
};
static struct blob blobs[NV_BLOBS];

static struct blob *find(const char *name)
{
	for (int i = 0; i < NV_BLOBS; i++)
		if (blobs[i].data && !strcmp(blobs[i].name, name))
			return &blobs[i];
	return NULL;
}

static struct blob *slot_for(const char *name)
{
	struct blob *b = find(name);
	for (int i = 0; !b && i < NV_BLOBS; i++)
		if (!blobs[i].data)
			b = &blobs[i];
	return b;
}

static TPM_RESULT nv_init(void)
{
	return TPM_SUCCESS;
}

/* libtpms frees what it gets back, so each load is a fresh malloc'd copy; TPM_RETRY means "never stored". */
static TPM_RESULT nv_load(unsigned char **data, uint32_t *length, uint32_t tpm_number, const char *name)
{
	struct blob *b = find(name);
	(void)tpm_number;
	if (!b)
		return TPM_RETRY;
	*data = malloc(b->len ? b->len : 1);
	if (!*data)
		return TPM_FAIL;
	memcpy(*data, b->data, b->len);
	*length = b->len;
	return TPM_SUCCESS;
}

static TPM_RESULT nv_store(const unsigned char *data, uint32_t length, uint32_t tpm_number, const char *name)
{
	struct blob *b = slot_for(name);
	unsigned char *copy = malloc(length ? length : 1);
	(void)tpm_number;
	if (!b || !copy || strlen(name) >= sizeof(b->name)) {
		free(copy);
		return TPM_FAIL;
	}
	memcpy(copy, data, length);
	free(b->data);
	strcpy(b->name, name);
	b->data = copy;
	b->len = length;
	return TPM_SUCCESS;
}

static TPM_RESULT nv_delete(uint32_t tpm_number, const char *name, TPM_BOOL must_exist)
{
	struct blob *b = find(name);
	(void)tpm_number;
	if (!b)
		return must_exist ? TPM_FAIL : TPM_SUCCESS;
	free(b->data);
	memset(b, 0, sizeof(*b));
	return TPM_SUCCESS;
}

/* Every command comes from the client's kernel through one CRB at locality 0. */
static TPM_RESULT io_locality(TPM_MODIFIER_INDICATOR *locality, uint32_t tpm_number)
{
	(void)tpm_number;
	*locality = 0;
	return TPM_SUCCESS;
}

static struct libtpms_callbacks callbacks = {
	.sizeOfStruct = sizeof(struct libtpms_callbacks),
	.tpm_nvram_init = nv_init,
	.tpm_nvram_loaddata = nv_load,
	.tpm_nvram_storedata = nv_store,
	.tpm_nvram_deletename = nv_delete,
	.tpm_io_getlocality = io_locality,
};

TPM_RESULT nvstore_register(void)
{
	return TPMLIB_RegisterCallbacks(&callbacks);
}
