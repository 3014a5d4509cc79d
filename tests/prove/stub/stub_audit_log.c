/* cordon: make prove stand-in for recording a decision in the audit trail (kernel/trust/audit.c audit_log). */
#include <kernel/trust/audit.h>

/* It reads the strings it is given: each must be a terminated string (Eva checks they are valid, not the NUL). */
/*@ requires \valid_read(subj) && \valid_read(subj_label) && \valid_read(obj) && \valid_read(obj_label);
    requires \valid_read(decision); */
void audit_log(enum audit_op op, const char *subj, const char *subj_label, const char *obj, const char *obj_label,
	       const char *decision)
{
	(void)op, (void)subj, (void)subj_label, (void)obj, (void)obj_label, (void)decision;
}
