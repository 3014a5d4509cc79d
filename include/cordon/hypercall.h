/* cordon: public guest ABI: boot protocol, start-info page, hypercalls and status codes. */
#ifndef CORDON_HYPERCALL_H
#define CORDON_HYPERCALL_H
#include <cordon/types.h>

/*
 * Guest boot protocol (docs/GUEST.md):
 *  - The vCPU starts in 64-bit long mode, CPL 0, interrupts disabled, with
 *    paging on and guest-virtual == guest-physical for the first 4 GiB
 *    (2 MiB pages built by cordon at CORDON_GUEST_PT).
 *  - RIP = ELF entry; RSP = end of guest RAM (16-byte aligned);
 *    RDI = guest-physical address of the start-info page (CORDON_START_INFO).
 *  - CS = 0x08 (64-bit code), DS/ES/SS = 0x10 (flat data); GDTR and IDTR are
 *    empty: a guest that wants exceptions loads its own.
 *  - Guest RAM is [0, memory). Images are ELF64 executables whose PT_LOAD
 *    segments lie in [CORDON_GUEST_IMAGE_MIN, memory - CORDON_GUEST_STACK_MIN).
 *  - COM1 (ports 0x3f8-0x3ff) is a virtual 16550 whose output cordon prints
 *    line by line, prefixed with the VM's name.
 */
#define CORDON_START_INFO 0x1000ULL
#define CORDON_GUEST_PT 0x2000ULL	   /* PML4, PDPT, 4 PDs: 0x2000-0x7fff */
#define CORDON_GUEST_IMAGE_MIN 0x100000ULL
#define CORDON_GUEST_STACK_MIN 0x10000ULL

#define CORDON_START_MAGIC 0x4f464e4954525453ULL /* "STRTINFO" */
#define CORDON_ABI_VERSION 1

struct cordon_start_info {
	u64 magic;
	u32 version;	 /* CORDON_ABI_VERSION */
	u32 size;	 /* sizeof(struct cordon_start_info) */
	u64 mem_size;	 /* bytes of guest RAM from GPA 0 */
	u32 vm_id;
	u32 nvcpus;
	u64 tsc_khz;	 /* host TSC frequency as cordon measured it */
	u64 loader_tsc;	 /* TSC at EFI loader entry (for boot-time figures) */
	char name[32];
	char label[32];
	char cmdline[256];
};

/*
 * Hypercalls: VMMCALL (AMD-V) or VMCALL (VT-x), as CORDON_CPUID_INFO ECX says, with
 *   RAX = number, RDI, RSI, RDX = arguments 1-3;
 * on return RAX = status (enum cordon_status), RDX = result where noted.
 * All other registers are preserved. Pointers are guest-physical addresses
 * and are checked against the caller's memory before use.
 */
enum cordon_hypercall {
	CORDON_HC_NULL = 0,	     /* does nothing; for benchmarks */
	CORDON_HC_VERSION = 1,	     /* RDX = CORDON_ABI_VERSION */
	CORDON_HC_CONSOLE_WRITE = 2, /* (gpa, len): len <= CORDON_CONSOLE_MAX bytes to the VM's console */
	CORDON_HC_YIELD = 3,	     /* give up the rest of this time slice */
	CORDON_HC_EXIT = 4,	     /* (code): end this VM; does not return */
	/* Sharing between VMs; every bind is checked by the reference monitor (docs/SHARING.md). */
	CORDON_HC_VM_LOOKUP = 5,     /* (gpa of name, len): RDX = id of the running or waiting VM with that name */
	CORDON_HC_GRANT_CREATE = 6,  /* (peer id, gpa, CORDON_GRANT_*): offer one page; RDX = grant ref */
	CORDON_HC_GRANT_MAP = 7,     /* (granter id, ref, dest gpa): map it at dest (page aligned, outside RAM, < 4 GiB) */
	CORDON_HC_GRANT_UNMAP = 8,   /* (dest gpa): drop a mapping this VM made */
	CORDON_HC_GRANT_REVOKE = 9,  /* (ref): granter only; the peer keeps a zeroed page of its own there */
	CORDON_HC_EVTCHN_ALLOC = 10, /* (peer id): RDX = new local port, waiting for the peer to bind */
	CORDON_HC_EVTCHN_BIND = 11,  /* (peer id, peer port): RDX = local port, now connected both ways */
	CORDON_HC_EVTCHN_SEND = 12,  /* (local port): the peer gets an interrupt on CORDON_EVENT_VECTOR */
	CORDON_HC_EVTCHN_PENDING = 13, /* RDX = bitmap of local ports with events (bit 63: NIC frame, 62: stop); cleared */
	CORDON_HC_NIC_INFO = 14,     /* RDX = this VM's NIC MAC address (low 48 bits) */
	CORDON_HC_NIC_SEND = 15,     /* (gpa, len): one Ethernet frame, 14 to 1514 bytes */
	CORDON_HC_NIC_RECV = 16,     /* (gpa, maxlen): RDX = length of the oldest received frame */
	CORDON_HC_AUDIT_READ = 17,   /* (seq, gpa, len): privileged VMs only; "TEXT hash=HEX" of record seq; RDX = records so far */
	CORDON_HC_SECRET_READ = 18,  /* (gpa, len): the VM with unseal = yes: RDX = length of the TPM-unsealed secret */
	/*
	 * A vTPM domain's link to the hypervisor (docs/VTPM.md); every other VM gets CORDON_E_PERM.
	 * RECV: (gpa, maxlen): RDX = length of its client's next TPM command, copied to gpa;
	 *       CORDON_E_AGAIN when none waits (the domain halts with IF set; CORDON_EVENT_VTPM wakes it).
	 * SEND: (gpa, len): the response to the command RECV returned last (at most CORDON_VTPM_BUF_MAX).
	 * ENTROPY: (gpa, len <= CORDON_ENTROPY_MAX): len bytes from the hardware TPM's RNG mixed with
	 *       RDSEED/RDRAND; CORDON_E_NODEV when cordon has no entropy source (the domain must stop).
	 * READY: (gpa, len = CORDON_VTPM_EK_NAME_LEN): the Name of the EK the engine made at start
	 *       (TPM_ALG_SHA256 0x000b, then SHA-256 of its public area); once per domain run, before
	 *       which RECV hands over nothing. cordon logs it in PCR 10 (docs/VTPM.md); CORDON_E_BUSY
	 *       a second time, CORDON_E_INVAL for another length or algorithm, CORDON_E_PERM if the log
	 *       could not take it (the domain has then been ended).
	 */
	CORDON_HC_VTPM_RECV = 19,
	CORDON_HC_VTPM_SEND = 20,
	CORDON_HC_ENTROPY = 21,
	CORDON_HC_VTPM_READY = 22,
	CORDON_HC_COUNT
};
#define CORDON_SECRET_MAX 128

#define CORDON_GRANT_RO 1
#define CORDON_GRANT_RW 2
#define CORDON_EVENT_VECTOR 0x40 /* virtual interrupt for event channels and NIC frames */
#define CORDON_EVENT_NIC 63	 /* pending-bitmap bit for "a frame arrived" */
/* Pending-bitmap bit for "the operator asks this VM to stop": exit soon; one that has not exited by the
 * stop's deadline (30 s by default) is destroyed (docs/GUEST.md). */
#define CORDON_EVENT_STOP 62
/* Pending-bitmap bit, vTPM domains only: a command from the client waits (CORDON_HC_VTPM_RECV). */
#define CORDON_EVENT_VTPM 61
#define CORDON_VTPM_BUF_MAX 4096 /* largest TPM command or response: the CRB buffer (docs/VTPM.md) */
#define CORDON_ENTROPY_MAX 256
#define CORDON_VTPM_EK_NAME_LEN 34 /* a TPM2B_NAME's bytes for a SHA-256 name (TPM 2.0 Part 1, 16) */
#define CORDON_FRAME_MAX 1514

#define CORDON_CONSOLE_MAX 4096

enum cordon_status {
	CORDON_OK = 0,
	CORDON_E_NOSYS = -1, /* unknown hypercall number */
	CORDON_E_FAULT = -2, /* a pointer or length leaves the caller's memory */
	CORDON_E_INVAL = -3, /* an argument is out of range */
	CORDON_E_PERM = -4,  /* refused: by the reference monitor, or the VM lacks the right */
	CORDON_E_NOMEM = -5, /* a per-VM table is full, or cordon is out of memory */
	CORDON_E_AGAIN = -6, /* nothing to receive yet */
	CORDON_E_NODEV = -7, /* this VM has no NIC (none configured, or its attach was refused) */
	CORDON_E_NOENT = -8, /* no such VM, grant or port */
	CORDON_E_BUSY = -9,  /* the slot or address is already in use */
};

/* CPUID leaves of the cordon hypervisor range (docs/CPUID.md). */
#define CORDON_CPUID_BASE 0x40000000u /* EAX = max leaf, EBX:ECX:EDX = "CordonHV\0\0\0\0" */
#define CORDON_CPUID_INFO 0x40000001u /* EAX = ABI version, EBX = VM id, ECX = hypercall instruction */
#define CORDON_HCALL_VMMCALL 0	      /* ECX of CORDON_CPUID_INFO: use VMMCALL (0f 01 d9), AMD-V */
#define CORDON_HCALL_VMCALL 1	      /* use VMCALL (0f 01 c1), VT-x */

#endif
