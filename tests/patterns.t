#!/usr/bin/env bash
# map, imap, imap_unordered in the results table, every runner (tests/test_patterns.c).
exec build/tests/test_patterns
