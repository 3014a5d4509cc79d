/* cordon core: the one-line description of why a VM ended. */
#include <kernel/vm.h>
#include <lib/fmt.h>

void vm_describe_end(const struct vm *vm, char *buf, u64 size)
{
	u64 d = vm->end_detail, d2 = vm->end_detail2;
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
	case END_INVALID_STATE:
		fmt_snprintf(buf, size, "invalid guest state (exit code 0x%llx)", d);
		break;
	case END_HALTED:
		fmt_snprintf(buf, size, "halted with interrupts disabled at rip 0x%llx", d);
		break;
	case END_UNEXPECTED:
		fmt_snprintf(buf, size, "unexpected exit (vendor code 0x%llx, info 0x%llx)", d, d2);
		break;
	case END_TIMEOUT:
		fmt_snprintf(buf, size, "time limit of %u s reached", vm->cfg->timeout);
		break;
	case END_OPERATOR:
		fmt_snprintf(buf, size, "stopped by the operator");
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
