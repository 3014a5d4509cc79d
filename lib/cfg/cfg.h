/* cordon: boot.cfg parser shared by the EFI loader, the hypervisor tools and the unit tests. */
#ifndef CORDON_LIB_CFG_H
#define CORDON_LIB_CFG_H
#include <cordon/types.h>

#define CFG_MAX_VMS 16
#define CFG_NAME_MAX 32	    /* VM names and labels, including the NUL */
#define CFG_PATH_MAX 96	    /* file paths on the ESP */
#define CFG_CMDLINE_MAX 256
#define CFG_MIN_MEMORY MiB(2) /* start-info, page tables, image and stack */
#define CFG_MAX_MEMORY GiB(64)
#define CFG_MAX_IMAGE_MEMORY GiB(4) /* an ELF guest's start state maps only the first 4 GiB (docs/GUEST.md) */
#define CFG_MAX_TIMEOUT 86400 /* seconds */
#define CFG_VTPM_IMAGE "vtpm/vtpm.elf" /* the vTPM domain image, unless boot.cfg's vtpm_image names another */
#define CFG_VTPM_MEMORY MiB(32)	       /* RAM of each vTPM domain (docs/VTPM.md gives what it uses) */
#define CFG_VTPM_SUFFIX "-vtpm"	       /* a domain's name: its client's name and this */
#define CFG_VTPM_TPM_BASE 0xfed40000ULL   /* a client's TPM registers (vtpm/crb.h): guest RAM ends below */

enum cfg_start { CFG_START_BOOT = 0, CFG_START_MANUAL = 1 };
enum cfg_on_reboot { CFG_REBOOT_DESTROY = 0, CFG_REBOOT_RESTART = 1 }; /* xl.cfg's on_reboot */
enum cfg_console { CFG_CONSOLE_COM1 = 0, CFG_CONSOLE_NONE = 1 };
enum cfg_tpm { CFG_TPM_REQUIRED = 0, CFG_TPM_OPTIONAL = 1 };
enum cfg_loglevel { CFG_LOG_ERROR = 0, CFG_LOG_WARN, CFG_LOG_INFO, CFG_LOG_DEBUG };

struct cfg_vm {
	char name[CFG_NAME_MAX];
	char image[CFG_PATH_MAX];  /* ELF image, or the bzImage when 'kernel =' named it (linux set) */
	char initrd[CFG_PATH_MAX]; /* Linux initial ramdisk; empty: none */
	char label[CFG_NAME_MAX];
	char cmdline[CFG_CMDLINE_MAX];
	u64 memory;  /* bytes, a multiple of 2 MiB */
	u32 vcpus;   /* 1 for now */
	u32 start;   /* enum cfg_start */
	u32 timeout; /* seconds of wall-clock life before cordon ends the VM; 0 = none */
	u32 on_reboot; /* enum cfg_on_reboot: what a Linux VM's reset (ACPI reset register) does */
	char nic[CFG_NAME_MAX]; /* switch segment of the VM's NIC (its policy label); empty: no NIC */
	u8 mac[6];
	u8 has_mac;
	u8 privileged; /* may read the audit trail (CORDON_HC_AUDIT_READ) */
	u8 unseal;     /* receives the secret cordon unseals from the TPM (at most one VM) */
	u8 linux_boot; /* 'kernel =': a Linux bzImage entered through the x86 boot protocol */
	u8 vtpm;	/* vtpm = yes: a client with its own vTPM domain (vtpm/vtpm.h) */
	u8 vtpm_domain; /* this entry is a vTPM domain lib/cfg added for client vtpm_peer */
	u32 vtpm_peer;	/* index of the partner: the client's domain, or the domain's client */
	u32 line;    /* line of the [vm] header, for later error messages */
};

struct cfg {
	u32 console;  /* enum cfg_console */
	u32 loglevel; /* enum cfg_loglevel */
	char policy[CFG_PATH_MAX];
	u32 tpm;		   /* enum cfg_tpm: may the loader boot unmeasured without a TPM? */
	char sealed[CFG_PATH_MAX]; /* TPM-sealed secret for the VM with unseal = yes; empty: none */
	char operator_key[CFG_PATH_MAX]; /* public key (lib/sig/sig.h) that signs management requests; empty: none */
	char policy_key[CFG_PATH_MAX];	 /* public key that signs policies loaded at run time; empty: operator_key's */
	char vtpm_image[CFG_PATH_MAX];	 /* the vTPM domains' image (CFG_VTPM_IMAGE by default) */
	u32 nvms;
	struct cfg_vm vms[CFG_MAX_VMS];
};

struct cfg_error {
	u32 line; /* 1-based; 0 when the problem is not tied to one line */
	char msg[128];
};

/*
 * Parses len bytes of boot.cfg text into *out. Returns 0 on success, or -1 with
 * *err naming the line and the problem. The text need not be NUL-terminated.
 */
int cfg_parse(const char *text, u64 len, struct cfg *out, struct cfg_error *err);

/*
 * lib/cfg/cfg_vtpm.c, called by cfg_parse: appends one vTPM domain entry per
 * VM with vtpm = yes, after the configured VMs, and pairs the two through
 * vtpm_peer. Fails (-1, *err set) when the names or the VM count do not fit.
 */
struct cfg_parser;
int cfg_add_vtpm_domains(struct cfg_parser *p);

const char *cfg_start_name(u32 start);
const char *cfg_loglevel_name(u32 level);
const char *cfg_tpm_name(u32 tpm);

#endif
