/* cordon: the event strings of measured boot and the runtime log (docs/ATTESTATION.md lists them). */
#include <lib/tcg/measure_ev.h>
#include <lib/fmt.h>

void mev_hex(const u8 d[32], char out[65])
{
	static const char hx[] = "0123456789abcdef";
	for (u32 i = 0; i < 32; i++) {
		out[2 * i] = hx[d[i] >> 4];
		out[2 * i + 1] = hx[d[i] & 15];
	}
	out[64] = 0;
}

/* len bytes as 2*len lowercase hex digits and a terminator. */
void mev_hex_bytes(const u8 *d, u32 len, char *out)
{
	static const char hx[] = "0123456789abcdef";
	for (u32 i = 0; i < len; i++) {
		out[2 * i] = hx[d[i] >> 4];
		out[2 * i + 1] = hx[d[i] & 15];
	}
	out[2 * len] = 0;
}

/* fmt_snprintf returns the untruncated length: 0 tells the caller it did not fit. */
static u32 fit(u64 n, u32 cap)
{
	return n < cap ? (u32)n : 0;
}

u32 mev_hypervisor(char *out, u32 cap, const char *path)
{
	return fit(fmt_snprintf(out, cap, "cordon hypervisor %s", path), cap);
}

u32 mev_config(char *out, u32 cap, const char *path)
{
	return fit(fmt_snprintf(out, cap, "cordon boot.cfg %s", path), cap);
}

u32 mev_policy(char *out, u32 cap, const char *path)
{
	return fit(fmt_snprintf(out, cap, "cordon policy %s", path), cap);
}

u32 mev_key(char *out, u32 cap, const char *role, const char *path)
{
	return fit(fmt_snprintf(out, cap, "cordon %s %s", role, path), cap);
}

u32 mev_guest_image(char *out, u32 cap, const struct cfg_vm *vm)
{
	return fit(fmt_snprintf(out, cap, "cordon guest-image %s %s", vm->name, vm->image), cap);
}

u32 mev_guest_initrd(char *out, u32 cap, const struct cfg_vm *vm)
{
	return fit(fmt_snprintf(out, cap, "cordon guest-initrd %s %s", vm->name, vm->initrd), cap);
}

u32 mev_guest_config(char *out, u32 cap, const struct cfg_vm *vm)
{
	char mac[18] = "-";
	if (vm->has_mac)
		fmt_snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", vm->mac[0], vm->mac[1],
			     vm->mac[2], vm->mac[3], vm->mac[4], vm->mac[5]);
	return fit(fmt_snprintf(out, cap,
				"cordon guest-config name=%s boot=%s label=%s memory=%lluMiB vcpus=%u start=%s "
				"timeout=%u nic=%s mac=%s privileged=%s unseal=%s on_reboot=%s cmdline=%s",
				vm->name, vm->linux_boot ? "linux" : "elf", vm->label[0] ? vm->label : "-",
				vm->memory >> 20, vm->vcpus,
				cfg_start_name(vm->start), vm->timeout, vm->nic[0] ? vm->nic : "-", mac,
				vm->privileged ? "yes" : "no", vm->unseal ? "yes" : "no",
				vm->on_reboot == CFG_REBOOT_RESTART ? "restart" : "destroy", vm->cmdline),
		   cap);
}

u32 mev_rt_started(char *out, u32 cap, const u8 hv[32], const u8 cfg[32], u32 nvms)
{
	char a[65], b[65];
	mev_hex(hv, a);
	mev_hex(cfg, b);
	return fit(fmt_snprintf(out, cap, "cordon started hypervisor=%s boot.cfg=%s vms=%u", a, b, nvms), cap);
}

u32 mev_rt_policy(char *out, u32 cap, const u8 policy[32])
{
	char a[65];
	mev_hex(policy, a);
	return fit(fmt_snprintf(out, cap, "cordon policy-loaded %s", a), cap);
}

u32 mev_rt_policy_changed(char *out, u32 cap, const char *name, u64 serial, const u8 policy[32])
{
	char a[65];
	mev_hex(policy, a);
	return fit(fmt_snprintf(out, cap, "cordon policy-changed name=%s serial=%llu sha256=%s", name, serial, a), cap);
}

u32 mev_rt_vm_start(char *out, u32 cap, const char *name, const char *label, const u8 image[32])
{
	char a[65];
	mev_hex(image, a);
	return fit(fmt_snprintf(out, cap, "cordon vm-start name=%s label=%s image=%s", name,
				label[0] ? label : "-", a),
		   cap);
}

u32 mev_rt_vm_stop(char *out, u32 cap, const char *name, const char *label, const u8 image[32],
		   const char *reason)
{
	char a[65];
	mev_hex(image, a);
	return fit(fmt_snprintf(out, cap, "cordon vm-stop name=%s label=%s image=%s reason=%s", name,
				label[0] ? label : "-", a, reason),
		   cap);
}

/* A vTPM's EK Name (TPM 2.0 Part 1, 16: nameAlg, then the digest) for client; 0 for a name over 64 bytes. */
u32 mev_rt_vtpm_ek(char *out, u32 cap, const char *client, const u8 *name, u32 len)
{
	char a[129];
	if (!len || len > 64)
		return 0;
	mev_hex_bytes(name, len, a);
	return fit(fmt_snprintf(out, cap, "cordon vtpm-ek name=%s ek=%s", client, a), cap);
}
