#!/usr/bin/env bash
# Every runner against a counting kernel, the gil's one-at-a-time rule, and
# fork's crash path (tests/test_runners.c).
exec build/tests/test_runners
