/* cordon: boot.cfg parser internals shared by cfg.c (lines) and cfg_keys.c (keys). */
#ifndef CORDON_LIB_CFG_INT_H
#define CORDON_LIB_CFG_INT_H
#include <lib/cfg/cfg.h>

/* One "key = value" line, both parts NUL-terminated copies. */
#define CFG_VALUE_MAX CFG_CMDLINE_MAX
struct cfg_line {
	char key[24];
	char value[CFG_VALUE_MAX];
};

struct cfg_parser {
	struct cfg *cfg;
	struct cfg_error *err;
	u32 lineno;
	struct cfg_vm *vm; /* current [vm] section, NULL in the global section */
	u32 seen;	   /* bit per key already set in the current section */
	u32 memory_line;   /* where the current section set 'memory' */
};

int cfg_fail(struct cfg_parser *p, const char *fmt, ...);
int cfg_set_global_key(struct cfg_parser *p, const struct cfg_line *l);
int cfg_set_vm_key(struct cfg_parser *p, const struct cfg_line *l);
int cfg_finish_vm(struct cfg_parser *p);

#endif
