/*
 * losses.h - where the ideal speedup went: 1 - efficiency of a parallel
 * configuration split into measured parts (summary.csv's loss_* columns).
 *
 * Why: a speedup of 8.9 on 16 workers teaches nothing until it says where
 * the other 7.1 went. The workers' time between the gate and the last
 * finish, p x T, is the ideal's budget; each worker's share of it was spent
 * getting to its first item (gate), waiting for the last worker (idle),
 * runnable but off a CPU (run delay), waiting for a lock the model imposes
 * (the gil, --collect shared), on a CPU (its CPU time), or otherwise
 * blocked. Serial spends its own time the same way. With E the efficiency
 * (serial's time over p x T at equal work), a part's loss is its share of
 * the budget minus E x serial's share of serial's time: what the part took
 * beyond what serial needed for the same work. The shares of each add up
 * to 1 with the blocked rest, so efficiency + the six losses = 1 (POP's
 * efficiency model, per execution model).
 */
#ifndef PARBENCH_LOSSES_H
#define PARBENCH_LOSSES_H

#include "sink.h"

/* Fills row->loss[] from its shares and efficiency against ref's shares,
 * ref being the serial reference at the same size and bind. loss_other is
 * what the five measured parts leave of 1 - efficiency: blocked time none
 * of them explains (I/O, page-fault sleeps) beyond serial's, and the
 * difference between a sum of medians (each part's over the repetitions)
 * and the median of sums. A part the kernel does not keep (run delay without
 * schedstat) is NAN and left to loss_other. */
void losses_fill(struct sink_row *row, const struct sink_row *ref);

/* The column name of loss i (enum sink_loss), "loss_gate" ... */
const char *losses_name(int i);

#endif
