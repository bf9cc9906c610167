#!/usr/bin/env bash
# The gil's switching rules per --gil-mode, from its counters and its trace;
# the trace of every other runner (tests/test_gil.c).
exec build/tests/test_gil
