/* cordon x86_64: powering the machine off through the EFI runtime ResetSystem service. */
#include <arch/x86_64/arch.h>
#include <arch/x86_64/cpu.h>
#include <kernel/console.h>

/* Just the slots we call from EFI_RUNTIME_SERVICES (UEFI 2.10, 4.5); the header is 24 bytes. */
struct efi_runtime {
	u8 hdr[24];
	void *slots[10];
	void(__attribute__((ms_abi)) * reset_system)(u32 type, u64 status, u64 size, void *data);
};

static const struct efi_runtime *rt;

void power_set_runtime(u64 efi_runtime)
{
	rt = (const struct efi_runtime *)efi_runtime;
}

void power_off(void)
{
	kprintf("cordon: powering off\n");
	cli();
	if (rt && rt->reset_system)
		rt->reset_system(2 /* EfiResetShutdown */, 0, 0, NULL);
	kprintf("cordon: firmware power-off failed; halting\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}
