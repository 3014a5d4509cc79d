/* cordon x86_64: every inline-asm access to MSRs, control registers, ports and CPUID lives here. */
#ifndef CORDON_ARCH_CPU_H
#define CORDON_ARCH_CPU_H
#include <cordon/types.h>

#define MSR_EFER 0xc0000080u
#define MSR_APIC_BASE 0x1bu
#define EFER_NXE (1ULL << 11)
#define EFER_LMA (1ULL << 10) /* long mode active (SDM vol. 3, 2.2.1) */

#define RFLAGS_IF (1ULL << 9)

struct __attribute__((packed)) desc_ptr {
	u16 limit;
	u64 base;
};

#ifdef __FRAMAC__
/*
 * make prove: Frama-C does not model inline assembly, so under it each
 * instruction is a declaration whose ACSL contract says what it may change
 * in memory: nothing but its outputs (hardware state is not analysed memory).
 * The values read (MSRs, the TSC, ports, control registers) are any value.
 */
/*@ assigns \result \from msr; */
u64 rdmsr(u32 msr);
/*@ assigns \nothing; */
void wrmsr(u32 msr, u64 v);
/*@ requires \valid(r + (0 .. 3));
    assigns r[0 .. 3] \from leaf, sub; */
void cpuid(u32 leaf, u32 sub, u32 r[4]);
/*@ assigns \result \from \nothing; */
u64 rdtsc(void);
/*@ assigns \result \from \nothing; */
u64 read_cr0(void);
/*@ assigns \nothing; */
void write_cr0(u64 v);
/*@ assigns \result \from \nothing; */
u64 read_cr2(void);
/*@ assigns \nothing; */
void write_cr2(u64 v);
/*@ assigns \result \from \nothing; */
u64 read_cr3(void);
/*@ assigns \nothing; */
void write_cr3(u64 v);
/*@ assigns \result \from \nothing; */
u64 read_cr4(void);
/*@ assigns \nothing; */
void write_cr4(u64 v);
/*@ assigns \nothing; */
void outb(u16 port, u8 v);
/*@ assigns \result \from port; */
u8 inb(u16 port);
/*@ assigns \result \from \nothing; */
u64 read_rflags(void);
/*@ assigns \nothing; */
void cli(void);
/*@ assigns \nothing; */
void sti(void);
/*@ assigns \nothing; */
void sti_hlt(void);
/*@ assigns \nothing; */
void pause(void);
/*@ requires \valid_read(p);
    assigns \nothing; */
void lgdt(const struct desc_ptr *p);
/*@ requires \valid_read(p);
    assigns \nothing; */
void lidt(const struct desc_ptr *p);
/*@ assigns \nothing; */
void ltr(u16 sel);
/*@ requires \valid(p);
    assigns *p \from \nothing; */
void sgdt(struct desc_ptr *p);
/*@ requires \valid(p);
    assigns *p \from \nothing; */
void sidt(struct desc_ptr *p);
#else
static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (u64)hi << 32 | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)) : "memory");
}

static inline void cpuid(u32 leaf, u32 sub, u32 r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (u64)hi << 32 | lo;
}

#define DEFINE_CR(n)                                                          \
	static inline u64 read_cr##n(void)                                    \
	{                                                                     \
		u64 v;                                                        \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));             \
		return v;                                                     \
	}                                                                     \
	static inline void write_cr##n(u64 v)                                 \
	{                                                                     \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");    \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)

static inline void outb(u16 port, u8 v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u64 read_rflags(void)
{
	u64 f;
	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return f;
}

static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }
/* sti takes effect after the next instruction, so no interrupt slips in before hlt. */
static inline void sti_hlt(void) { __asm__ volatile("sti; hlt" ::: "memory"); }
static inline void pause(void) { __asm__ volatile("pause"); }

static inline void lgdt(const struct desc_ptr *p) { __asm__ volatile("lgdt %0" : : "m"(*p)); }
static inline void lidt(const struct desc_ptr *p) { __asm__ volatile("lidt %0" : : "m"(*p)); }
static inline void ltr(u16 sel) { __asm__ volatile("ltr %0" : : "r"(sel)); }
static inline void sgdt(struct desc_ptr *p) { __asm__ volatile("sgdt %0" : "=m"(*p)); }
static inline void sidt(struct desc_ptr *p) { __asm__ volatile("sidt %0" : "=m"(*p)); }

#endif

#endif
