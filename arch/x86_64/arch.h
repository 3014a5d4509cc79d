/* cordon x86_64: the CPU bring-up services the vendor-neutral core uses. */
#ifndef CORDON_ARCH_H
#define CORDON_ARCH_H
#include <cordon/types.h>
#include <cordon/bootinfo.h>

#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_TSS 0x18
#define VEC_TIMER 0x20
#define VEC_SPURIOUS 0xff

/* Saved by isr.S in this order (lowest address first). */
struct trap_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector, error;
	u64 rip, cs, rflags, rsp, ss;
};

/* serial.c: 16550 COM1 and COM2, polled. */
void serial_init(void);
void serial_putc(char c);
int serial_getc(void); /* -1 when nothing is waiting */
/* COM2: the management channel; false if there is no UART there. */
bool serial2_init(void);
void serial2_putc(u8 c);
int serial2_getc(void);

/* gdt.c, idt.c */
void gdt_init(void);
u64 tss_base(void); /* for backends that must name the host TSS (VMCS host state) */
void idt_init(void);
typedef void (*irq_fn)(void);
void irq_register(u8 vector, irq_fn fn);
/* Prints a full register dump of the caller's state and powers off (used by panic). */
void panic_dump(void) __attribute__((noreturn));

/* lapic.c: local APIC timer, calibrated against the PIT. */
void lapic_init(void);
void lapic_timer_start(u32 hz);
void lapic_eoi(void);
u64 tsc_khz(void);

/* paging.c: the hypervisor's own page tables, their pages from the caller's allocator (the kernel's pmm). */
struct pt_ops;
void paging_init(const struct bootinfo *bi, const struct pt_ops *ops);
u64 kva_to_pa(const void *p); /* kernel image address -> physical */

/* power.c */
void power_off(void) __attribute__((noreturn));
void power_set_runtime(u64 efi_runtime);

#endif
