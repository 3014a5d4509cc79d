/* cordon: what the loader and the hypervisor measure, as event strings (one definition for both and the tools). */
#ifndef CORDON_LIB_MEASURE_EV_H
#define CORDON_LIB_MEASURE_EV_H
#include <cordon/types.h>
#include <lib/cfg/cfg.h>

/*
 * PCR map (docs/ATTESTATION.md). 0-7 are the firmware's. cordon is the boot
 * loader and the OS of this platform, so it uses the boot-loader and
 * OS-runtime PCRs for what they conventionally hold:
 *   8  configuration: boot.cfg, the policy, the operator and policy keys, each VM's configuration line
 *   9  images: the hypervisor and each guest image
 *   10 cordon's runtime measurement log (IMA's PCR; cordon keeps its own list)
 * Every event is EV_IPL; its data is an ASCII string without a NUL that names
 * the component. For files the digest is SHA-256 of the file; for strings
 * (VM configuration, runtime events) it is SHA-256 of the event data.
 */
#define MEV_PCR_CONFIG 8
#define MEV_PCR_IMAGES 9
#define MEV_PCR_RUNTIME 10
#define MEV_EVENT_TYPE 0xD /* EV_IPL */
#define MEV_MAX 512	   /* longest event string, terminator included */
/* PCRs the quote covers and sealing uses. */
#define MEV_QUOTE_MASK 0x7ffu /* 0-10 */
#define MEV_SEAL_MASK ((1u << MEV_PCR_CONFIG) | (1u << MEV_PCR_IMAGES))

/* Loader events. Each returns the string length (0 when it did not fit). */
u32 mev_hypervisor(char *out, u32 cap, const char *path);
u32 mev_config(char *out, u32 cap, const char *path);
u32 mev_policy(char *out, u32 cap, const char *path);
/* A public key file boot.cfg names (PCR 8, SHA-256 of the file, after the policy): role "operator-key" or
 * "policy-key" gives "cordon operator-key PATH". */
u32 mev_key(char *out, u32 cap, const char *role, const char *path);
u32 mev_guest_image(char *out, u32 cap, const struct cfg_vm *vm);
/* A Linux VM's initrd (PCR 9, SHA-256 of the file), right after its kernel image. */
u32 mev_guest_initrd(char *out, u32 cap, const struct cfg_vm *vm);
/* Canonical VM configuration: every field that changes what the VM is or may do. */
u32 mev_guest_config(char *out, u32 cap, const struct cfg_vm *vm);

/* Runtime events (PCR 10). Digests are written in lowercase hex. */
u32 mev_rt_started(char *out, u32 cap, const u8 hv[32], const u8 cfg[32], u32 nvms);
u32 mev_rt_policy(char *out, u32 cap, const u8 policy[32]);
/* A policy loaded at run time (SHA-256 of its bytes, as the boot policy's file digest), its signed serial. */
u32 mev_rt_policy_changed(char *out, u32 cap, const char *name, u64 serial, const u8 policy[32]);
u32 mev_rt_vm_start(char *out, u32 cap, const char *name, const char *label, const u8 image[32]);
u32 mev_rt_vm_stop(char *out, u32 cap, const char *name, const char *label, const u8 image[32],
		   const char *reason);
/* "cordon vtpm-ek name=CLIENT ek=HEX": the Name of the EK CLIENT's vTPM made at its start (len <= 64). */
u32 mev_rt_vtpm_ek(char *out, u32 cap, const char *client, const u8 *name, u32 len);

/* Writes 64 lowercase hex digits and a NUL into out[65]. */
void mev_hex(const u8 d[32], char out[65]);
/* Writes 2 * len lowercase hex digits and a NUL. */
void mev_hex_bytes(const u8 *d, u32 len, char *out);

#endif
