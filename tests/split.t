#!/usr/bin/env bash
# The splitter: every item exactly once, static and dynamic (tests/test_split.c).
exec build/tests/test_split
