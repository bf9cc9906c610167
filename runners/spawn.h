/*
 * spawn.h - the spawn runner's worker side, which main() enters first
 * thing: a spawned worker is parbench itself, started again with
 * SPAWN_WORKER_ARG as argv[1] (not a command for users: the runner's
 * description in `parbench list` is all that names it).
 */
#ifndef PARBENCH_SPAWN_H
#define PARBENCH_SPAWN_H

#define SPAWN_WORKER_ARG "--spawned-worker"

/* The life of one spawned worker: argv is parbench SPAWN_WORKER_ARG FD ID
 * (FD: the run's shared memory, inherited; ID: the worker). Sets up the
 * kernel named there, stands at the gate, works, sends its results back
 * and returns the process's exit status: 0, 3 when it could not set up
 * (the reason in its slot), 2 for arguments that are not the runner's. */
int spawn_worker_main(int argc, char **argv);

#endif
