#!/usr/bin/env bash
# Statistics: summaries against hand-computed values, Mann-Whitney against
# counted distributions and hand-worked approximations (tests/test_stats.c).
exec build/tests/test_stats
