/* cordon EFI loader: reads boot.cfg, loads and checks every image, hands over to the hypervisor. */
#include <boot/loader.h>
#include <lib/fmt.h>
#include <lib/sha256.h>
#include <lib/str.h>
#include <acm/acm.h>
#include <lib/sig/sig.h>

static void out(const char *s)
{
	CHAR16 w[2];
	for (; *s; s++) {
		if (*s == '\n') {
			w[0] = L'\r', w[1] = 0;
			uefi_call_wrapper(ST->ConOut->OutputString, 2, ST->ConOut, w);
		}
		w[0] = (CHAR16)*s, w[1] = 0;
		uefi_call_wrapper(ST->ConOut->OutputString, 2, ST->ConOut, w);
	}
}

static void vsay(const char *prefix, const char *fmt, va_list ap)
{
	char buf[256];
	out(prefix);
	fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	out(buf);
	out("\n");
}

void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay("cordon-loader: ", fmt, ap);
	va_end(ap);
}

/* Nothing has been started: say so and power off rather than fall back into the firmware. */
static void __attribute__((noreturn)) power_off(void)
{
	out("cordon-loader: nothing was started; powering off\n");
	uefi_call_wrapper(BS->Stall, 1, 500000);
	uefi_call_wrapper(RT->ResetSystem, 4, EfiResetShutdown, EFI_ABORTED, 0, NULL);
	for (;;)
		__asm__ volatile("cli; hlt");
}

void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay("cordon-loader: error: ", fmt, ap);
	va_end(ap);
	power_off();
}

/* Errors tied to boot.cfg use the file:line: form editors and CI logs understand. */
void fail_cfg(u32 line, const char *fmt, ...)
{
	char where[64];
	va_list ap;
	if (line)
		fmt_snprintf(where, sizeof(where), "%s/%s:%u: error: ", ESP_DIR, CFG_FILE, line);
	else
		fmt_snprintf(where, sizeof(where), "%s/%s: error: ", ESP_DIR, CFG_FILE);
	va_start(ap, fmt);
	vsay(where, fmt, ap);
	va_end(ap);
	power_off();
}

static const char *efi_err(EFI_STATUS st)
{
	switch (st) {
	case EFI_NOT_FOUND: return "file not found";
	case EFI_OUT_OF_RESOURCES: return "out of memory";
	case EFI_END_OF_FILE: return "file is empty";
	case LOADER_E_DIRECTORY: return "is a directory, not a file";
	default: return "read error";
	}
}

static void add_module(struct bootinfo *bi, u32 kind, u32 vm, const char *name, const struct loaded_file *f)
{
	struct bi_module *m = &bi->mods[bi->nmods++];
	m->phys = f->phys;
	m->size = f->size;
	m->kind = kind;
	m->vm = vm;
	c_strlcpy(m->name, name, sizeof(m->name));
	sha256((const void *)f->phys, f->size, m->sha256);
	say("loaded %-18s %8llu bytes  sha256 %02x%02x%02x%02x%02x%02x%02x%02x...", name, f->size,
	    m->sha256[0], m->sha256[1], m->sha256[2], m->sha256[3], m->sha256[4], m->sha256[5], m->sha256[6], m->sha256[7]);
	measure_component(bi, m);
}

static void load_config(struct bootinfo *bi, struct loaded_file *f)
{
	struct cfg_error err;
	EFI_STATUS st = file_load(CFG_FILE, f);
	if (EFI_ERROR(st))
		fatal("%s/%s: %s", ESP_DIR, CFG_FILE, efi_err(st));
	if (cfg_parse((const char *)f->phys, f->size, &bi->cfg, &err) < 0)
		fail_cfg(err.line, "%s", err.msg);
}

/* The policy is checked here too, so a broken one stops the boot before anything runs. */
static void load_policy(struct bootinfo *bi)
{
	struct loaded_file f;
	struct policy p;
	const char *why;
	EFI_STATUS st;
	if (!bi->cfg.policy[0])
		return;
	st = file_load(bi->cfg.policy, &f);
	if (EFI_ERROR(st))
		fail_cfg(0, "policy '%s': %s", bi->cfg.policy, efi_err(st));
	if ((why = policy_load((const void *)f.phys, f.size, &p)))
		fail_cfg(0, "policy '%s' is invalid: %s", bi->cfg.policy, why);
	add_module(bi, BI_MOD_POLICY, 0, bi->cfg.policy, &f);
	say("policy '%s' (%s): %u labels", bi->cfg.policy, p.hdr->name, p.hdr->nlabels);
}

/* One public key (lib/sig/sig.h), checked here so a bad one stops the boot before anything runs. */
static void load_key(struct bootinfo *bi, u32 kind, const char *key, const char *path)
{
	struct loaded_file f;
	struct sig_pub k;
	const char *why;
	EFI_STATUS st = file_load(path, &f);
	if (EFI_ERROR(st))
		fail_cfg(0, "%s '%s': %s", key, path, efi_err(st));
	if ((why = sig_pub_parse((const u8 *)f.phys, (u32)f.size, &k)))
		fail_cfg(0, "%s '%s' is not a cordon public key: %s", key, path, why);
	add_module(bi, kind, 0, path, &f);
	say("%s '%s': RSA-%u", key, path, k.nbytes * 8u);
}

/* The management plane's keys: the operator's, and the policy authority's (the operator's when not named). */
static void load_keys(struct bootinfo *bi)
{
	if (bi->cfg.policy_key[0] && !bi->cfg.operator_key[0])
		fail_cfg(0, "policy_key needs operator_key: a policy is loaded by a request the operator signs");
	if (bi->cfg.operator_key[0])
		load_key(bi, BI_MOD_OPERATOR_KEY, "operator_key", bi->cfg.operator_key);
	if (bi->cfg.policy_key[0])
		load_key(bi, BI_MOD_POLICY_KEY, "policy_key", bi->cfg.policy_key);
}

/* A Linux VM: its bzImage (the guest module), then its initrd, both checked before either is kept. */
static void load_linux(struct bootinfo *bi, const struct cfg_vm *vm, u32 i, const struct loaded_file *k)
{
	struct loaded_file rd;
	EFI_STATUS st = vm->initrd[0] ? file_load(vm->initrd, &rd) : EFI_SUCCESS;
	if (EFI_ERROR(st))
		fail_cfg(vm->line, "VM '%s': initrd '%s': %s", vm->name, vm->initrd, efi_err(st));
	check_kernel(vm, k, vm->initrd[0] ? &rd : NULL);
	add_module(bi, BI_MOD_GUEST, i, vm->image, k);
	if (vm->initrd[0])
		add_module(bi, BI_MOD_INITRD, i, vm->initrd, &rd);
}

static void load_guests(struct bootinfo *bi)
{
	for (u32 i = 0; i < bi->cfg.nvms; i++) {
		const struct cfg_vm *vm = &bi->cfg.vms[i];
		struct loaded_file f;
		EFI_STATUS st = file_load(vm->image, &f);
		if (EFI_ERROR(st))
			fail_cfg(vm->line, "VM '%s': %s '%s': %s", vm->name, vm->linux_boot ? "kernel" : "image", vm->image,
				 efi_err(st));
		if (!vm->linux_boot) {
			check_guest(vm, &f);
			add_module(bi, BI_MOD_GUEST, i, vm->image, &f);
			continue;
		}
		load_linux(bi, vm, i, &f);
	}
}

/*
 * The sealed secret is not measured: it is useless outside the TPM state it
 * was sealed to, and measuring it would make the PCRs it is sealed to depend
 * on itself.
 */
static void load_sealed(struct bootinfo *bi)
{
	struct loaded_file f;
	EFI_STATUS st;
	if (!bi->cfg.sealed[0])
		return;
	st = file_load(bi->cfg.sealed, &f);
	/* Missing is safe (the VM just gets no secret) and lets one ESP boot before sealing. */
	if (st == EFI_NOT_FOUND) {
		say("sealed secret '%s' is not on the ESP: no VM gets a secret", bi->cfg.sealed);
		return;
	}
	if (EFI_ERROR(st))
		fail_cfg(0, "sealed secret '%s': %s", bi->cfg.sealed, efi_err(st));
	add_module(bi, BI_MOD_SEALED, 0, bi->cfg.sealed, &f);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	struct loaded_file cfgf, hvf;
	struct bootinfo *bi;
	u64 bi_phys, entry, cr3, ram_top;
	u64 tsc = __builtin_ia32_rdtsc();
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID;

	InitializeLib(image, systab);
	say("cordon EFI loader, boot-info v%u", BOOTINFO_VERSION);
	if (EFI_ERROR(file_open_root(image)))
		fatal("cannot open the ESP this loader was started from");
	if (EFI_ERROR(pages_alloc(sizeof(*bi), &bi_phys)))
		fatal("out of memory for the boot-info");
	bi = (struct bootinfo *)bi_phys;
	bi->magic = BOOTINFO_MAGIC;
	bi->version = BOOTINFO_VERSION;
	bi->size = sizeof(*bi);
	bi->loader_tsc = tsc;

	load_config(bi, &cfgf);
	measure_init(bi);
	if (EFI_ERROR(file_load(HV_FILE, &hvf)))
		fatal("%s/%s: cannot read the hypervisor", ESP_DIR, HV_FILE);
	add_module(bi, BI_MOD_HYPERVISOR, 0, HV_FILE, &hvf);
	add_module(bi, BI_MOD_CONFIG, 0, CFG_FILE, &cfgf);
	load_policy(bi);
	load_keys(bi);
	load_guests(bi);
	load_sealed(bi);
	measure_finish(bi);
	check_memory_fits(&bi->cfg, &ram_top);
	if (EFI_ERROR(hv_place(&hvf, bi, &entry)) || EFI_ERROR(hv_page_tables(bi, ram_top, &cr3)))
		fatal("cannot place the hypervisor (bad ELF or out of memory)");
	bi->acpi_rsdp = 0;
	LibGetSystemConfigurationTable(&acpi20, (void **)&bi->acpi_rsdp);
	bi->efi_runtime = (u64)RT;
	say("%u VM(s) configured; exiting boot services", bi->cfg.nvms);
	handoff(image, bi, entry, cr3);
}
