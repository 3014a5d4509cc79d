/* cordon fuzz target: boot.cfg parser (lib/cfg/cfg.c, lib/cfg/cfg_keys.c) on arbitrary bytes. */
/* sources: lib/cfg/cfg.c lib/cfg/cfg_keys.c lib/cfg/cfg_vtpm.c lib/fmt.c lib/str.c */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/cfg/cfg.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "fuzz_cfg: check failed: %s\n", #c);    \
			abort();                                               \
		}                                                              \
	} while (0)

static int terminated(const char *s, size_t size)
{
	return memchr(s, 0, size) != NULL;
}

static void check_vm(const struct cfg *c, u32 i)
{
	const struct cfg_vm *v = &c->vms[i];
	CHECK(terminated(v->name, sizeof(v->name)) && v->name[0]);
	CHECK(terminated(v->image, sizeof(v->image)) && v->image[0]);
	CHECK(terminated(v->label, sizeof(v->label)) && v->label[0]);
	CHECK(terminated(v->cmdline, sizeof(v->cmdline)));
	CHECK(v->memory % MiB(2) == 0);
	CHECK(v->memory >= CFG_MIN_MEMORY && v->memory <= CFG_MAX_MEMORY);
	CHECK(v->vcpus == 1);
	CHECK(v->start <= CFG_START_MANUAL);
	CHECK(v->timeout <= CFG_MAX_TIMEOUT);
	CHECK(!strstr(v->image, ".."));
	for (u32 j = 0; j < i; j++)
		CHECK(strcmp(c->vms[j].name, v->name) != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cfg cfg;
	struct cfg_error err;
	int rc = cfg_parse((const char *)data, size, &cfg, &err);

	CHECK(rc == 0 || rc == -1);
	CHECK(terminated(err.msg, sizeof(err.msg)));
	if (rc < 0) {
		CHECK(err.msg[0] != 0);
		return 0;
	}
	CHECK(cfg.nvms >= 1 && cfg.nvms <= CFG_MAX_VMS);
	CHECK(cfg.console <= CFG_CONSOLE_NONE && cfg.loglevel <= CFG_LOG_DEBUG);
	CHECK(terminated(cfg.policy, sizeof(cfg.policy)));
	for (u32 i = 0; i < cfg.nvms; i++)
		check_vm(&cfg, i);
	return 0;
}
