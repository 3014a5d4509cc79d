/* cordon test guests: the tiny runtime every test guest links against. */
#ifndef CORDON_GUEST_H
#define CORDON_GUEST_H
#include <cordon/hypercall.h>
#include <lib/fmt.h>
#include <lib/str.h>

extern const struct cordon_start_info *start_info;
extern bool use_vmcall; /* the backend's hypercall instruction is VMCALL (VT-x), not VMMCALL */

/* Each guest defines main; its return value becomes the exit code. */
int main(void);

s64 hcall(u64 nr, u64 a1, u64 a2, u64 a3);
s64 hcall2(u64 nr, u64 a1, u64 a2, u64 a3, u64 *rdx);
void hc_exit(s64 code) __attribute__((noreturn));
void hc_yield(void);
/* printf to the virtual COM1 (port I/O exits) */
void gprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* printf through the console-write hypercall */
void hprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Returns 0 and the value, or -1 if the instruction raised #GP. */
int rdmsr_safe(u32 msr, u64 *val);
int wrmsr_safe(u32 msr, u64 val);
/* Runs VMRUN (0), VMSAVE (1) or STGI (2); returns the exception vector + 1 it raised, or 0. */
int svm_insn_fault(int which);
/* Set by the CORDON_EVENT_VECTOR handler (traps_install); the guest clears guest_event_seen. */
extern volatile u32 guest_event_seen;
extern volatile u64 guest_event_count;
/* Waits with interrupts on until the event interrupt arrives (or about max_ticks timer ticks). */
bool wait_event(u32 max_ticks);
/* rt/net.c: helpers for VMs that share (docs/SHARING.md). */
#define DEST 0x80000000ULL /* where mappers put a granted page: outside RAM, inside the 4 GiB identity map */
#define ETHERTYPE 0x88b5   /* IEEE local experimental */
#define TRIES 400
extern u8 frame[CORDON_FRAME_MAX];
u64 lookup(const char *name);				 /* VM id by name, ~0 if none */
s64 retry(u64 nr, u64 a1, u64 a2, u64 a3, u64 *out);	 /* retries while the peer is not set up (E_NOENT) */
u64 mac_of(u64 id);					 /* cordon's default MAC for a VM id */
void put_mac(u8 *p, u64 mac);
s64 send_frame(u64 dst, u64 src, const char *text);	 /* Ethernet frame with text as payload, from frame[] */
u64 recv_frame(void);					 /* waits for one frame into frame[]; its length or 0 */
bool wait_port(u64 port);				 /* waits for an event on a local port */
/* TSC read by the very first guest instruction (crt0). */
extern u64 guest_first_tsc;
/*
 * One instruction that may raise #UD or #GP (after traps_install): yields 0, or the vector + 1 it
 * raised (the instruction is then skipped). The operand list must clobber TRY_CLOBBER, e.g.
 * TRY("xsetbv", : : "a"(lo), "d"(hi), "c"(0) : TRY_CLOBBER).
 */
extern volatile u64 fixup_from, fixup_to;
extern volatile int faulted;
#define TRY_CLOBBER "r11", "memory"
#define TRY(insn, ...)                                                                      \
	({                                                                                  \
		faulted = 0;                                                                \
		__asm__ volatile("lea 1f(%%rip), %%r11; mov %%r11, fixup_from(%%rip)\n\t"  \
				 "lea 2f(%%rip), %%r11; mov %%r11, fixup_to(%%rip)\n\t"    \
				 "1: " insn "\n\t2:" __VA_ARGS__);                           \
		faulted;                                                            \
	})
/* Installs a GDT and an IDT whose handlers report unexpected exceptions and exit(100 + vector). */
void traps_install(void);
/* Points vector v of that IDT (v <= CORDON_EVENT_VECTOR) at handler h: an interrupt gate, DPL 0. */
void guest_set_gate(int v, const void *h);

static inline void outb(u16 port, u8 v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port) { u8 v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline u16 inw(u16 port) { u16 v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline u32 inl(u16 port) { u32 v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline u64 rdtsc(void) { u32 lo, hi; __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)); return (u64)hi << 32 | lo; }
static inline void cpuid(u32 leaf, u32 sub, u32 r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

#endif
