// SPDX-License-Identifier: MIT
/*
 * cella-guest as PID 1: mount proc, sys and dev, install busybox's applet
 * links, run the self-check, print the one ready line, then keep a busybox
 * shell on the console (a new one whenever the last exits).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

#define CONSOLE_TTY "/dev/ttyAMA0"

static void try_mount(const char *source, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(source, dir, type, 0, NULL) && errno != EBUSY)
		printf("cella-guest: mount %s on %s: %s\n", type, dir, strerror(errno));
}

/* Runs @argv to completion; its exit status, or -1. */
static int run(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void install_applets(void)
{
	char *argv[] = {"/bin/busybox", "--install", "-s", "/bin", NULL};

	if (run(argv))
		printf("cella-guest: busybox --install failed\n");
}

/* Leaves the counter value at the ready line for `cella-guest bench`. */
static void record_ready(uint64_t count)
{
	FILE *f = fopen(READY_FILE, "w");

	if (!f)
		return;
	fprintf(f, "%llu %u\n", (unsigned long long)count, counter_freq());
	fclose(f);
}

/* In the child: a new session whose controlling terminal is the console. */
static void exec_shell(void)
{
	int fd;

	setsid();
	fd = open(CONSOLE_TTY, O_RDWR);
	if (fd < 0)
		fd = open("/dev/console", O_RDWR);
	if (fd >= 0) {
		ioctl(fd, TIOCSCTTY, 1);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	execl("/bin/sh", "-sh", (char *)NULL);
	_exit(127);
}

static void keep_shell(void)
{
	for (;;) {
		pid_t pid = fork();

		if (pid == 0)
			exec_shell();
		while (pid > 0 && wait(NULL) != pid)
			;
		/* A shell that cannot start must not spin. */
		sleep(1);
	}
}

void init_main(void)
{
	uint64_t ready;

	setenv("PATH", "/bin:/sbin", 1);
	setenv("HOME", "/", 1);
	setenv("PS1", "cella-guest# ", 1);
	try_mount("proc", "/proc", "proc");
	try_mount("sysfs", "/sys", "sysfs");
	try_mount("devtmpfs", "/dev", "devtmpfs");
	mkdir("/tmp", 01777);
	install_applets();
	check_run();
	ready = counter_read();
	printf("guest ready: %d cpus, %ld MiB\n", check_online_cpus(), check_dt_mem_mib());
	fflush(stdout);
	record_ready(ready);
	keep_shell();
	exit(1);
}
