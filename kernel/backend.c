/* cordon core: choosing the virtualization backend once at boot. */
#include <kernel/backend.h>
#include <kernel/console.h>

const struct backend *hv;

static const struct backend *const candidates[] = { &svm_backend, &vmx_backend };

const struct backend *backend_select(void)
{
	for (u32 i = 0; i < ARRAY_SIZE(candidates); i++) {
		const char *why = candidates[i]->probe();
		if (!why)
			return hv = candidates[i];
		kprintf("cordon: %s: %s\n", candidates[i]->name, why);
	}
	return NULL;
}
