/* cordon test guest (g): probes ports, MSRs and SVM instructions; checks what cordon allows and denies. */
#include <tests/guests/guest.h>

static int failures;

static void check(const char *what, bool ok)
{
	failures += !ok;
	gprintf("%s: %s\n", ok ? "ok" : "FAIL", what);
}

static void probe_ports(void)
{
	check("inb 0x80 reads 0xff", inb(0x80) == 0xff);
	check("inb 0x64 (keyboard) reads 0xff", inb(0x64) == 0xff);
	check("inw 0x1f0 (IDE) reads 0xffff", inw(0x1f0) == 0xffff);
	check("inl 0xcfc (PCI data) reads 0xffffffff", inl(0xcfc) == 0xffffffffu);
	outb(0x80, 1);
	outb(0x70, 0x8f);	/* CMOS/NMI: must not reach hardware */
	outb(0xcf9, 0x06);	/* reset control: must not reset the machine */
	outb(0x604, 0x20);	/* ACPI PM1 control on q35: must not power it off */
	check("writes to 0x80, 0x70, 0xcf9 and 0x604 were harmless", true);
	check("COM1 line status reads transmitter empty", (inb(0x3fd) & 0x60) == 0x60);
}

static void probe_msrs(void)
{
	u64 v = 0, tsc, efer;
	check("rdmsr APIC_BASE (0x1b) raises #GP", rdmsr_safe(0x1b, &v) < 0);
	check("rdmsr VM_CR (0xc0010114) raises #GP", rdmsr_safe(0xc0010114, &v) < 0);
	check("rdmsr VM_HSAVE_PA raises #GP", rdmsr_safe(0xc0010117, &v) < 0);
	check("wrmsr VM_HSAVE_PA raises #GP", wrmsr_safe(0xc0010117, 0x1000) < 0);
	check("rdmsr 0x3a (feature control) raises #GP", rdmsr_safe(0x3a, &v) < 0);
	check("rdmsr TSC works", rdmsr_safe(0x10, &tsc) == 0 && tsc != 0);
	check("wrmsr TSC raises #GP", wrmsr_safe(0x10, 0) < 0);
	check("rdmsr EFER works, LMA set, SVME hidden",
	      rdmsr_safe(0xc0000080, &efer) == 0 && (efer & 0x400) && !(efer & 0x1000));
	check("wrmsr EFER clearing LME raises #GP", wrmsr_safe(0xc0000080, efer & ~0x100ULL) < 0);
	check("wrmsr EFER setting SVME raises #GP", wrmsr_safe(0xc0000080, efer | 0x1000) < 0);
	check("wrmsr EFER.NXE is allowed", wrmsr_safe(0xc0000080, efer | 0x800) == 0);
	check("wrmsr FS_BASE round-trips",
	      wrmsr_safe(0xc0000100, 0x123456789000ULL) == 0 && rdmsr_safe(0xc0000100, &v) == 0 && v == 0x123456789000ULL);
	check("wrmsr FS_BASE non-canonical raises #GP", wrmsr_safe(0xc0000100, 0x0000800000000000ULL) < 0);
	check("wrmsr PAT with reserved type 2 raises #GP", wrmsr_safe(0x277, 0x0202020202020202ULL) < 0);
}

static void probe_insns(void)
{
	check("vmrun raises #UD", svm_insn_fault(0) == 6 + 1);
	check("vmsave raises #UD", svm_insn_fault(1) == 6 + 1);
	check("stgi raises #UD", svm_insn_fault(2) == 6 + 1);
}

static void probe_cpuid(void)
{
	u32 r[4];
	cpuid(0x80000001u, 0, r);
	check("CPUID hides SVM from the guest", !(r[2] & (1u << 2)));
	cpuid(1, 0, r);
	check("CPUID shows the hypervisor bit", r[2] >> 31);
}

int main(void)
{
	traps_install();
	probe_ports();
	probe_msrs();
	probe_insns();
	probe_cpuid();
	gprintf("probe: %d failure(s)\n", failures);
	return failures;
}
