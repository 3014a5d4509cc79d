/* cordon vTPM runtime: the domain's own small kernel around the engine; what its files share. */
#ifndef CORDON_VTPM_RT_RT_H
#define CORDON_VTPM_RT_RT_H
#include <vtpm/engine/engine_sys.h>

/* Kernel and user selectors of the runtime's GDT (rt_cpu.c); user ones carry RPL 3. */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA 0x1b
#define SEL_UCODE 0x23
#define SEL_TSS 0x28

#define PAGE 4096ULL
#define USER_BASE ((u64)VTPM_ENGINE_BASE) /* [USER_BASE, mem_size) is the engine's: user pages */
#define STACK_SIZE (1ULL << 20)		  /* the engine's stack, at the top of RAM (prlimit64 says so too) */

#ifndef __ASSEMBLER__ /* rt_entry.S needs only the selectors */
#include <cordon/hypercall.h>
#include <lib/fmt.h>
#include <lib/str.h>

/* The registers an exception or the #UD that stands for SYSCALL saves (rt_entry.S), lowest address first. */
struct frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector, error, rip, cs, rflags, rsp, ss;
};

/* rt_hc.c: hypercalls and the console. */
extern const struct cordon_start_info *start_info;
void hc_init(void);
s64 hc(u64 nr, u64 a1, u64 a2, u64 a3, u64 *rdx);
void rt_stop(s64 code) __attribute__((noreturn));
void rt_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rt_entropy(void *buf, u64 len); /* real entropy or the domain stops */
u64 rt_ms(u64 tsc);		     /* TSC ticks in ms (start-info tsc_khz) */

/* rt_cpu.c: GDT, TSS, IDT, page tables, SSE; user_enter does not return. */
void cpu_init(u64 mem_size);
void user_enter(u64 rip, u64 rsp) __attribute__((noreturn));

/* rt_load.c: the engine file's segments and its initial stack; its entry point, stack pointer, image end. */
void engine_load(const u8 *elf, u64 size, u64 mem_size, u64 *entry, u64 *rsp, u64 *image_end);

/* rt_mem.c: the engine's brk and anonymous mmap region, between its image and its stack. */
void mem_init(u64 image_end, u64 top);
u64 mem_brk(u64 want);
s64 mem_mmap(u64 addr, u64 len, u64 prot, u64 flags, s64 fd, u64 off);
s64 mem_munmap(u64 addr, u64 len);
bool user_range(u64 addr, u64 len); /* [addr, addr+len) is the engine's memory */
void mem_report(void); /* a line after the first command and whenever the high-water mark rose */

/* rt_sys.c: one engine system call (Linux numbers, and the two of vtpm/engine/engine_sys.h). */
void sys_dispatch(struct frame *f);
void sys_start_clock(u64 tsc); /* when the runtime started, for the "engine ready" line */

/* rt_entry.S */
void rt_idle(void); /* sti; hlt; cli: until the event interrupt or the next tick */
extern const u64 rt_isr_table[20];
extern const char rt_event_isr[];
extern u8 rt_kstack_top[];
extern const u8 engine_elf[], engine_elf_end[];

#endif /* __ASSEMBLER__ */
#endif
