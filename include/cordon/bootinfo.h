/* cordon: boot-info handed from the EFI loader to the hypervisor (versioned, self-describing). */
#ifndef CORDON_BOOTINFO_H
#define CORDON_BOOTINFO_H
#include <cordon/types.h>
#include <lib/cfg/cfg.h> /* lib/cfg/cfg.h: the parsed boot.cfg travels in the boot-info */

#define BOOTINFO_MAGIC 0x4f464e49444e4f43ULL /* "CONDINFO" little-endian */
#define BOOTINFO_VERSION 2
#define BI_MAX_MEM 256
#define BI_MAX_MODS (2 * CFG_MAX_VMS + 4) /* hypervisor, boot.cfg, policy, sealed secret; per VM image and initrd */
#define BI_MAX_TPM_LOG MiB(1) /* larger firmware logs are refused */
#define BI_MOD_NAME 64

/* The hypervisor is linked here; the loader maps it there at any 2 MiB-aligned physical base. */
#define HV_VIRT_BASE 0xffffffff80000000ULL

/* Memory kinds, reduced from EFI types (UEFI spec 2.10, 7.2 "EFI_MEMORY_TYPE"). */
enum bi_mem_type {
	BI_MEM_USABLE = 1,   /* conventional and boot-services memory: free after handover */
	BI_MEM_LOADER = 2,   /* hypervisor, modules, boot-info, loader page tables: never reused */
	BI_MEM_RUNTIME = 3,  /* EFI runtime services code and data */
	BI_MEM_ACPI = 4,     /* ACPI reclaimable and NVS */
	BI_MEM_RESERVED = 5, /* everything else (MMIO, unusable, persistent ...) */
};

struct bi_mem {
	u64 base;
	u64 pages; /* 4 KiB pages */
	u32 type;  /* enum bi_mem_type */
	u32 pad;
};

/*
 * BI_MOD_SEALED is a TPM-sealed secret: loaded but not measured (docs/ATTESTATION.md says why).
 * BI_MOD_INITRD is a Linux VM's initial ramdisk; its vm field names the VM.
 */
enum bi_mod_kind {
	BI_MOD_HYPERVISOR = 1,
	BI_MOD_CONFIG = 2,
	BI_MOD_POLICY = 3,
	BI_MOD_GUEST = 4,
	BI_MOD_SEALED = 5,
	BI_MOD_INITRD = 6,
	BI_MOD_OPERATOR_KEY = 7, /* boot.cfg operator_key: signs management requests (lib/sig/sig.h) */
	BI_MOD_POLICY_KEY = 8,	 /* boot.cfg policy_key: signs run-time policies */
};
#define BI_MOD_LAST BI_MOD_POLICY_KEY

/* What the loader did with the TPM. */
enum bi_tpm { BI_TPM_NONE = 0, BI_TPM_MEASURED = 1 };

struct bi_module {
	u64 phys; /* file bytes as read from the ESP */
	u64 size;
	u8 sha256[32];
	u32 kind; /* enum bi_mod_kind */
	u32 vm;	  /* index into cfg.vms for BI_MOD_GUEST */
	char name[BI_MOD_NAME];
};

struct bootinfo {
	u64 magic;
	u32 version;
	u32 size; /* sizeof(struct bootinfo) as the loader saw it */
	u64 hv_phys;  /* physical base of the loaded hypervisor (maps HV_VIRT_BASE) */
	u64 hv_size;  /* bytes reserved for it, a multiple of 2 MiB */
	u64 acpi_rsdp;	   /* physical address of the ACPI 2.0 RSDP, 0 if none */
	u64 efi_runtime;   /* EFI_RUNTIME_SERVICES table, for ResetSystem at power-off */
	u64 loader_tsc;	   /* TSC when the loader started, for boot-time figures */
	u64 tpm_log;	   /* copy of the firmware's crypto-agile event log (loader memory), 0 if unmeasured */
	u64 tpm_log_size;
	u64 tpm_final;	    /* EFI final-events table (firmware memory), 0 if none */
	u64 tpm_final_skip; /* its first events, already in the log copy (TCG EFI Protocol 2.0, 6.5) */
	u64 measure_tsc;    /* TSC cycles the loader spent measuring, for boot-time figures */
	u32 tpm;	    /* enum bi_tpm */
	u32 tpm_events;     /* events the loader measured */
	u32 nmem;
	u32 nmods;
	struct bi_mem mem[BI_MAX_MEM];
	struct bi_module mods[BI_MAX_MODS];
	struct cfg cfg; /* the parsed boot.cfg */
};

/*
 * Validates a boot-info block the hypervisor is about to trust: magic,
 * version, size, counts, strings terminated, memory map sorted without
 * overlap, modules inside loader memory, one guest module per VM.
 * Returns NULL or a static reason.
 */
const char *bootinfo_check(const struct bootinfo *bi);

/* The first module of a kind (hypervisor, boot.cfg, policy, sealed secret), or NULL. */
const struct bi_module *bootinfo_module(const struct bootinfo *bi, u32 kind);

#endif
