/* cordon core: VM exits normalized by the backends into one vendor-neutral form. */
#ifndef CORDON_KERNEL_EXIT_H
#define CORDON_KERNEL_EXIT_H
#include <cordon/types.h>

enum exit_kind {
	EXIT_EXTINT,	    /* a host interrupt or NMI arrived; nothing for the guest */
	EXIT_CPUID,
	EXIT_HLT,
	EXIT_IO,
	EXIT_MSR_READ,
	EXIT_MSR_WRITE,
	EXIT_HYPERCALL,	    /* VMMCALL / VMCALL */
	EXIT_NPF,	    /* nested (AMD) or EPT (Intel) fault */
	EXIT_TRIPLE_FAULT,  /* shutdown */
	EXIT_INVALID_STATE, /* the CPU refused to enter (VMCB/VMCS state, a failed VMLAUNCH): raw and qual say why */
	EXIT_UD_INSN,	    /* an instruction the guest may not use: inject #UD */
	EXIT_XSETBV,	    /* XCR0 write: checked against what the guest is offered */
	EXIT_WBINVD,	    /* WBINVD / WBNOINVD: completed as a no-op, no cache is flushed */
	EXIT_GP_INSN,	    /* an instruction the CPU the guest is shown refuses with #GP(0): inject it */
	EXIT_NESTED_MISCONFIG, /* a nested table entry cordon wrote is malformed at npf.gpa: a cordon bug */
	EXIT_INIT,	    /* an INIT signal reached the physical CPU while the vCPU ran (never the guest's own) */
	EXIT_PAGING_OFF,    /* the guest turned paging or protection off, which the backend cannot run */
	EXIT_UNKNOWN,	    /* anything else the backend does not translate (the backend's describe_exit names it) */
	EXIT__COUNT
};

struct exit_io {
	u16 port;
	u8 size; /* 1, 2 or 4 bytes */
	bool in;
	bool string; /* INS/OUTS */
	bool rep;
};

struct exit_npf {
	u64 gpa;
	bool write, fetch;
	bool present; /* a translation existed but forbade the access */
};

struct vm_exit {
	enum exit_kind kind;
	/*
	 * Bytes the core skips when it completes the instruction. 0 for an instruction exit means the
	 * CPU did not say (AMD-V without next-RIP save): the core decodes it at RIP (kernel/exit.c).
	 */
	u32 inst_len;
	u64 raw;      /* vendor exit code, for messages */
	u64 qual;     /* vendor qualification (EXITINFO1 / exit qualification) */
	union {
		struct exit_io io;
		struct exit_npf npf;
	};
};

const char *exit_kind_name(enum exit_kind k);

#endif
