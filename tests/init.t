#!/usr/bin/env bash
# The initializer: once per worker per run, per pool, or in the parent (tests/test_init.c).
exec build/tests/test_init
