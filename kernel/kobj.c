// SPDX-License-Identifier: MIT
/* Names of the kernel object types. */
#include <compiler.h>
#include <kobj.h>

static const char *const names[KOBJ_TYPES] = {
	[KOBJ_NONE] = "none",	      [KOBJ_THREAD] = "thread",	      [KOBJ_SPACE] = "space",
	[KOBJ_ENDPOINT] = "endpoint", [KOBJ_NOTIFY] = "notification", [KOBJ_MEMORY] = "memory",
	[KOBJ_IRQ] = "interrupt",
};

const char *kobj_name(enum kobj_type type)
{
	return (unsigned int)type < KOBJ_TYPES ? names[type] : "?";
}
