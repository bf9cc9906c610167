#!/usr/bin/env bash
# The progress display: LINES, BAR, QUIET and AUTO's choice (tests/test_progress.c).
exec build/tests/test_progress
