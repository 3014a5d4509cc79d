/* cordon core: the one-line description of why a VM ended. */
#include <kernel/vm.h>
#include <kernel/backend.h>
#include <lib/fmt.h>

/* The backend's words for a vendor exit code (kernel/backend.h); false if it has none. */
static bool vendor_words(u64 raw, u64 qual, char *buf, u64 size)
{
	if (!size || !hv || !hv->describe_exit)
		return false;
	buf[0] = 0;
	hv->describe_exit(raw, qual, buf, size);
	return buf[0] != 0;
}

void vm_describe_end(const struct vm *vm, char *buf, u64 size)
{
	u64 d = vm->end_detail, d2 = vm->end_detail2;
	char words[VM_END_TEXT];
	if (size)
		buf[0] = 0;
	switch ((enum end_reason)vm->end) { /* no default: -Wswitch names a reason added but not described */
	case END_EXIT:
		fmt_snprintf(buf, size, "exited with code %lld", (s64)d);
		break;
	case END_TRIPLE_FAULT:
		fmt_snprintf(buf, size, "triple fault");
		break;
	case END_NPF:
		fmt_snprintf(buf, size, "nested page fault: %s at gpa 0x%llx outside its memory",
			     d2 == 2 ? "fetch" : d2 == 1 ? "write" : "read", d);
		break;
	case END_INVALID_STATE: /* e.g. "VM entry failed: invalid guest state (qualification 0: ...)" */
		if (!vendor_words(d, d2, buf, size))
			fmt_snprintf(buf, size, "invalid guest state (vendor code 0x%llx, info 0x%llx)", d, d2);
		break;
	case END_NESTED_MISCONFIG:
		fmt_snprintf(buf, size, "%s misconfiguration at gpa 0x%llx (a cordon bug: the VM is ended)",
			     hv && hv->nested_name ? hv->nested_name : "nested table", d);
		break;
	case END_INIT:
		fmt_snprintf(buf, size, "INIT signal from outside the VM (a reset of its only vCPU, not emulated)");
		break;
	case END_PAGING_OFF:
		fmt_snprintf(buf, size, "turned paging off at rip 0x%llx (unpaged or real mode: this backend cannot run it)",
			     d);
		break;
	case END_STOP_DEADLINE: /* detail: the stop's deadline in ms */
		if (d % 1000)
			fmt_snprintf(buf, size, "did not stop within %llu ms of the stop request: destroyed", d);
		else
			fmt_snprintf(buf, size, "did not stop within %llu s of the stop request: destroyed", d / 1000);
		break;
	case END_HALTED:
		fmt_snprintf(buf, size, "halted with interrupts disabled at rip 0x%llx", d);
		break;
	case END_UNEXPECTED:
		if (vendor_words(d, d2, words, sizeof(words)))
			fmt_snprintf(buf, size, "unexpected exit: %s (vendor code 0x%llx, info 0x%llx)", words, d, d2);
		else
			fmt_snprintf(buf, size, "unexpected exit (vendor code 0x%llx, info 0x%llx)", d, d2);
		break;
	case END_TIMEOUT:
		fmt_snprintf(buf, size, "time limit of %u s reached", vm->cfg->timeout);
		break;
	case END_OPERATOR:
		fmt_snprintf(buf, size, "stopped by the operator");
		break;
	case END_CLIENT_ENDED:
		fmt_snprintf(buf, size, "its client VM ended (a vTPM domain lives as long as its client)");
		break;
	case END_UNSUPPORTED_IO:
		fmt_snprintf(buf, size, "string I/O on port 0x%llx is not emulated", d);
		break;
	case END_POWER_OFF:
		fmt_snprintf(buf, size, "powered itself off (ACPI S5)");
		break;
	case END_RESET:
		fmt_snprintf(buf, size, "reset itself (ACPI reset register)");
		break;
	case END_CREATE_FAILED:
		fmt_snprintf(buf, size, "could not be created");
		break;
	case END_NONE:
		fmt_snprintf(buf, size, "running");
		break;
	}
}
