/*
 * losses.c - 1 - efficiency split into measured parts (losses.h).
 */
#include <math.h>

#include "losses.h"

static const char *const names[LOSS_COUNT] = {
	"loss_gate", "loss_imbalance", "loss_offcpu", "loss_slowdown", "loss_serialized", "loss_other",
};

const char *losses_name(int i)
{
	return i >= 0 && i < LOSS_COUNT ? names[i] : "";
}

void losses_fill(struct sink_row *row, const struct sink_row *ref)
{
	double e = row->efficiency;
	if (!isfinite(e))
		return;
	double rest = 1 - e;
	for (int i = 0; i < LOSS_OTHER; i++) {
		row->loss[i] = row->share[i] - e * ref->share[i];
		if (isfinite(row->loss[i]))
			rest -= row->loss[i];
	}
	row->loss[LOSS_OTHER] = rest;
}
