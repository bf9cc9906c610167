/*
 * spawn.h - the spawn runner's worker side, which main() enters first
 * thing: a spawned worker is parbench itself, started again with
 * SPAWN_WORKER_ARG as argv[1] (not a command for users: the runner's
 * description in `parbench list` is all that names it).
 */
#ifndef PARBENCH_SPAWN_H
#define PARBENCH_SPAWN_H

#define SPAWN_WORKER_ARG "--spawned-worker"

/* Call first thing in main. When argv is a spawned worker's, parbench
 * SPAWN_WORKER_ARG FD ID (FD: the run's shared memory, inherited; ID: the
 * worker), runs the worker: sets up the kernel named there, stands at the
 * gate, works, sends its results back, and returns the process's exit
 * status (0; 3 when it could not set up, the reason in its slot; 2 for
 * arguments that are not the runner's). Otherwise returns -1 and notes
 * that this program can be a spawned worker: the runner starts no other
 * (a test program's /proc/self/exe would not know the mode). */
int spawn_worker_enter(int argc, char **argv);

#endif
