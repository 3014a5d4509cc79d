/* cordon core: console output with log levels, and panic. */
#ifndef CORDON_KERNEL_CONSOLE_H
#define CORDON_KERNEL_CONSOLE_H
#include <cordon/types.h>

enum log_level { LOG_ERROR = 0, LOG_WARN, LOG_INFO, LOG_DEBUG };

void console_set_level(u32 level);
void console_set_enabled(bool on);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void klog(u32 level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
