/*
 * topology.h - `parbench topology`: the machine as measured beside the
 * machine as hwloc describes it (core-to-core latency, which PUs slow each
 * other down, where the cache levels end). In a VM hwloc repeats what the
 * hypervisor says, which is often wrong; this command says where.
 */
#ifndef PARBENCH_TOPOLOGY_H
#define PARBENCH_TOPOLOGY_H

/* The subcommand: argv[0] is "topology". Writes c2c.csv, interference.csv,
 * siblings.csv, chase.csv, steps.csv, caches.csv, meta.json, the plots and
 * topology.md (+ .html) into --out. Returns 0; 1 when a measurement or a
 * file failed (said); 2 on bad input or a synthetic/XML topology (one line
 * on stderr, nothing written); 128 + the signal after SIGINT or SIGTERM. */
int cmd_topology(int argc, char **argv);

#endif
