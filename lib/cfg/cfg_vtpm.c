/* cordon: boot.cfg's vTPM domains: one entry added per VM with vtpm = yes (vtpm/vtpm.h). */
#include <lib/cfg/cfg_int.h>
#include <lib/str.h>

static bool name_taken(const struct cfg *c, const char *name)
{
	for (u32 i = 0; i < c->nvms && i < CFG_MAX_VMS; i++)
		if (!c_strncmp(c->vms[i].name, name, CFG_NAME_MAX))
			return true;
	return false;
}

/*
 * The domain runs under the client's label, so the reference monitor sees
 * one party: it never shares anything and the Chinese Wall treats it as
 * part of its client. cordon starts it with the client (start = manual
 * here means "not on its own").
 */
static int add_domain(struct cfg_parser *p, u32 client)
{
	struct cfg *c = p->cfg;
	struct cfg_vm *cl = &c->vms[client], *d;
	char name[CFG_NAME_MAX];
	u64 n = c_strnlen(cl->name, CFG_NAME_MAX);
	p->lineno = cl->line;
	/* a tiny guest's RAM is flat from 0 (docs/GUEST.md): it must stay below the TPM's pages */
	if (!cl->linux_boot && cl->memory > CFG_VTPM_TPM_BASE)
		return cfg_fail(p, "VM '%s' has vtpm = yes but its memory reaches the TPM at 0x%llx (at most %lluM)",
				cl->name, (u64)CFG_VTPM_TPM_BASE, (u64)(CFG_VTPM_TPM_BASE & ~(MiB(2) - 1)) >> 20);
	if (c->nvms >= CFG_MAX_VMS)
		return cfg_fail(p, "too many VMs with their vTPM domains: '%s' needs one more (max %d in all)", cl->name,
				CFG_MAX_VMS);
	if (n + sizeof(CFG_VTPM_SUFFIX) > CFG_NAME_MAX)
		return cfg_fail(p, "name '%s' is too long for its vTPM domain '%s" CFG_VTPM_SUFFIX "' (max %d characters)",
				cl->name, cl->name, CFG_NAME_MAX - (int)sizeof(CFG_VTPM_SUFFIX));
	c_memcpy(name, cl->name, n);
	c_memcpy(name + n, CFG_VTPM_SUFFIX, sizeof(CFG_VTPM_SUFFIX)); /* with its NUL */
	if (name_taken(c, name))
		return cfg_fail(p, "VM '%s' has vtpm = yes but its vTPM domain's name '%s' is taken", cl->name, name);
	d = &c->vms[c->nvms];
	c_memset(d, 0, sizeof(*d));
	c_strlcpy(d->name, name, sizeof(d->name));
	c_strlcpy(d->label, cl->label, sizeof(d->label));
	c_strlcpy(d->image, c->vtpm_image, sizeof(d->image));
	d->memory = CFG_VTPM_MEMORY;
	d->vcpus = 1;
	d->start = CFG_START_MANUAL;
	d->line = cl->line;
	d->vtpm_domain = 1;
	d->vtpm_peer = client;
	cl->vtpm_peer = c->nvms++;
	return 0;
}

int cfg_add_vtpm_domains(struct cfg_parser *p)
{
	u32 n = p->cfg->nvms; /* the configured VMs; the domains follow them */
	for (u32 i = 0; i < n && i < CFG_MAX_VMS; i++)
		if (p->cfg->vms[i].vtpm && add_domain(p, i) < 0)
			return -1;
	return 0;
}
