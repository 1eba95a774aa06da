// SPDX-License-Identifier: MIT
/* System calls on handles: copy (with fewer rights, to another space) and close. */
#include <err.h>
#include <handle.h>
#include <space.h>
#include <thread.h>

/* (handle, dst_space, rights_mask, badge) -> the new handle in dst_space. */
int sys_handle_copy(struct thread *self, const uint32_t *args)
{
	struct handle_table *own = &self->space->handles;
	struct handle_slot dst;
	/* The target may be homed anywhere: a reference keeps its table meanwhile. */
	int err = handle_get(own, args[1], KOBJ_SPACE, RIGHT_MANAGE, &dst);

	if (err)
		return err;
	/* A handle leaves its space only if it may be passed on: checked on the
	 * same lookup that takes the object, so a slot closed and reused between
	 * two lookups cannot pass a handle without the right. */
	err = handle_copy(own, args[0], dst.obj != &self->space->obj ? RIGHT_GRANT : 0,
			  &((struct space *)dst.obj)->handles, args[2], args[3]);
	kobj_put(dst.obj);
	return err;
}

/* (handle) -> 0; the last reference to an object destroys it. */
int sys_handle_close(struct thread *self, const uint32_t *args)
{
	struct kobj *last;
	int err = handle_close(&self->space->handles, args[0], &last);

	if (!err && last)
		kobj_released(last);
	return err;
}
