/* SPDX-License-Identifier: MIT */
/* Rights a handle carries; shared by the kernel and user level. */
#pragma once

enum {
	RIGHT_READ = 1 << 0,   /* map readable; read state */
	RIGHT_WRITE = 1 << 1,  /* map writable; change state */
	RIGHT_EXEC = 1 << 2,   /* map executable */
	RIGHT_MAP = 1 << 3,    /* map into an address space; donate as kernel memory */
	RIGHT_SEND = 1 << 4,   /* send or call; signal a notification */
	RIGHT_RECV = 1 << 5,   /* receive; wait on a notification */
	RIGHT_GRANT = 1 << 6,  /* pass handles along with messages */
	RIGHT_MANAGE = 1 << 7, /* control: configure, start, suspend, destroy */
	RIGHTS_ALL = (1 << 8) - 1,
};
